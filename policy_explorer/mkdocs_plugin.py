"""MkDocs plugin ``policy-explorer``: a thin adapter over the data tooling and site generator.

On ``mkdocs build``/``serve`` it validates ``policies/`` first and stops the build with the
validator's own ``file:line: message`` lines when anything is wrong, so a broken policy never
reaches the published site.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .validate import validate


class PolicyExplorerConfig(Config):
    policies = config_options.Type(str, default="policies")


class PolicyExplorerPlugin(BasePlugin[PolicyExplorerConfig]):
    """Validate the policy data before the site is built."""

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        problems = validate(root / self.config.policies)
        if problems:
            lines = "\n".join(map(str, problems))
            raise PluginError(f"the policy data has {len(problems)} problem(s):\n{lines}")
        return config
