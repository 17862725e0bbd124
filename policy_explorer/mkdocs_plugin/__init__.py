"""MkDocs plugin ``policy-explorer`` (entry point ``policy_explorer.mkdocs_plugin:PolicyExplorerPlugin``).

A thin adapter from MkDocs to the site generator (:mod:`policy_explorer.sitegen`):

- :mod:`.config`: the options, each described by its docstring (the README's table is checked
  against them);
- :mod:`.plugin`: the hooks, which only adapt;
- :mod:`.editions`: one edition's build as one object, its language from ``theme.language``, and
  the other editions built by the root one in isolation.
"""

from __future__ import annotations

from .config import PolicyExplorerConfig
from .plugin import PolicyExplorerPlugin

__all__ = ["PolicyExplorerConfig", "PolicyExplorerPlugin"]
