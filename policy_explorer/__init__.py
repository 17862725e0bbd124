"""Data tooling and site generator for the AI policy explorer.

``policies/`` (YAML facts) → :mod:`policy_explorer.compile` (validated, compiled data) →
:mod:`calculator` (pure engine) → :mod:`policy_explorer.site` (Markdown from ``site_templates/``).
"""
