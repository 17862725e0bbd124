"""Data tooling and site generator for the AI policy explorer.

``policies/`` (YAML facts) → :mod:`policy_explorer.compile` (validated, compiled data) →
:mod:`policy_explorer.calculator` (pure engine) → :mod:`policy_explorer.sitegen` (Markdown from the templates
in ``defaults/``, each replaceable by a site's own ``site_templates/``).
"""

# The distribution's version (pyproject.toml reads it from here: one source). Raise it with each release
# and say what changed in CHANGELOG.md; policy_explorer.calculator.__version__, the engine's, follows it.
__version__ = "0.1.0"
