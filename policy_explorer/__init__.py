"""Data tooling and site generator for the AI policy explorer.

``policies/`` (YAML facts) → :mod:`policy_explorer.compile` (validated, compiled data) →
:mod:`calculator` (pure engine) → :mod:`policy_explorer.sitegen` (Markdown from the templates in
``defaults/``, each replaceable by a site's own ``site_templates/``).
"""
