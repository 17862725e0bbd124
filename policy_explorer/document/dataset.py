"""The loaded policy data and the problems found in it (one per place, in reading order)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from policy_explorer.calculator.errors import printable

from .. import siteconfig
from ..yamlload import Loaded, YamlSyntaxError, dotted, load_file

WORD_LIMIT = 100  # characters of one word of a message (a value or key echoed from the data)
MESSAGE_LIMIT = 2000
_LONG_WORD = re.compile(rf"\S{{{WORD_LIMIT + 1},}}")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the data, located to a file and line.

    The message is one short line whatever the data holds: a word longer than ``WORD_LIMIT``
    characters (a value or key echoed from a huge line) and a message longer than ``MESSAGE_LIMIT``
    are cut, ending in ``…``, and a character that does not print (a newline in a quoted value) is
    written as an escape.
    """

    file: str
    line: int
    message: str

    def __post_init__(self) -> None:
        message = _LONG_WORD.sub(lambda m: m[0][: WORD_LIMIT - 1] + "…", self.message)
        if len(message) > MESSAGE_LIMIT:
            message = message[: MESSAGE_LIMIT - 1] + "…"
        message = printable(message)
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "file", printable(self.file))  # a newline or escape in a file name

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Dataset:
    """Every policy file, loaded, with the problems found so far."""

    root: Path
    jurisdictions: Loaded | None = None
    categories: Loaded | None = None
    facts: Loaded | None = None
    glossary: Loaded | None = None  # optional: the site's glossary page and search words
    site: Loaded | None = None  # optional: site.yaml, the source language and currency (siteconfig)
    documents: list[Loaded] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def report(self, loaded: Loaded, where: tuple, message: str) -> None:
        """Record a problem at the value ``where`` of ``loaded``."""
        self.problems.append(
            Problem(self._name(loaded.path), loaded.line(where), f"{dotted(where)}: {message}")
        )

    def _name(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)


def _load(ds: Dataset, path: Path) -> Loaded | None:
    if path.is_symlink():  # it may point anywhere: its content would be read and quoted in messages
        ds.problems.append(Problem(ds._name(path), 1, "is a symbolic link: put the file itself in policies/"))
        return None
    if not path.exists():
        ds.problems.append(Problem(ds._name(path), 1, "file is missing"))
        return None
    if not path.is_file():  # a folder, or a FIFO that reading would wait on for ever
        ds.problems.append(Problem(ds._name(path), 1, "is not a regular file: make it one, or rename it"))
        return None
    try:
        loaded = load_file(path)
    except YamlSyntaxError as exc:
        file, _, rest = str(exc).partition(":")
        line, _, msg = rest.partition(":")
        ds.problems.append(Problem(ds._name(Path(file)), int(line or 1), msg.strip()))
        return None
    for line, message in loaded.problems:
        ds.problems.append(Problem(ds._name(path), line, message))
    return loaded


def load_dataset(policies_dir: Path) -> Dataset:
    """Load every YAML file under ``policies_dir`` (no checks beyond syntax yet)."""
    ds = Dataset(root=policies_dir)
    ds.jurisdictions = _load(ds, policies_dir / "jurisdictions.yaml")
    ds.categories = _load(ds, policies_dir / "categories.yaml")
    ds.facts = _load(ds, policies_dir / "facts.yaml")
    if (policies_dir / "glossary.yaml").exists():
        ds.glossary = _load(ds, policies_dir / "glossary.yaml")
    if (policies_dir / siteconfig.FILE).exists():
        ds.site = _load(ds, policies_dir / siteconfig.FILE)
    documents = policies_dir / "documents"
    paths: list[Path] = []
    if documents.is_dir() and not documents.is_symlink():
        paths = sorted(documents.glob("*.yaml"))
    else:
        message = "no documents folder: policies/documents/ holds one YAML file per policy"
        ds.problems.append(Problem(ds._name(documents), 1, message))
    for path in paths:
        loaded = _load(ds, path)
        if loaded is not None:
            ds.documents.append(loaded)
    return ds
