"""Policy documents read from git: the working tree, a revision, and the history of changes.

``load_documents`` reads ``policies/documents/`` from the working tree or any revision (dates stay
text, so two revisions compare as written); ``history`` walks the commits that touched it, each
diffed (:mod:`.diff`) against its first parent, for the site's feed and "recently changed" list.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..yamlload import YamlSyntaxError, load_text
from .diff import PolicyChange, diff_documents

DOCUMENTS = "policies/documents"


@dataclass(frozen=True)
class Revision:
    """A commit that changed the policy data: committer date (ISO 8601), subject and changes."""

    commit: str
    date: str
    subject: str
    changes: list[PolicyChange]


class HistoryError(Exception):
    """git failed or a document cannot be read; the message is one line for the user."""


# --- reading documents ---------------------------------------------------------------------------


def _git(root: Path, *args: str) -> str:
    try:
        run = subprocess.run(
            ["git", *args],
            cwd=root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except OSError as exc:
        raise HistoryError(f"cannot run git in {root}: {exc.strerror}") from None
    if run.returncode != 0:
        lines = run.stderr.strip().splitlines()
        raise HistoryError(lines[0] if lines else f"git {args[0]} failed")
    return run.stdout


def _resolve(root: Path, rev: str) -> str:
    """The full commit id of ``rev``; a clear error outside a checkout or for an unknown name."""
    if not root.is_dir():
        raise HistoryError(f"{root} is not a folder")
    if shutil.which("git") is None:
        raise HistoryError("git is not installed (no `git` on PATH)")
    try:
        _git(root, "rev-parse", "--git-dir")
    except HistoryError as exc:
        raise HistoryError(f"{root} is not a git checkout ({exc})") from None
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
    except HistoryError:
        raise HistoryError(
            f"unknown git revision `{rev}`: no commit, branch or tag of that name in {root}"
        ) from None


def _parse(text: str, name: str) -> dict:
    try:
        data = load_text(text, Path(name)).data
    except YamlSyntaxError as exc:
        raise HistoryError(str(exc)) from None
    if not isinstance(data, dict):
        raise HistoryError(f"{name}: not a policy document (expected a mapping)")
    return data


def shared_facts(root: Path) -> dict[str, dict]:
    """The shared facts (``policies/facts.yaml`` in the working tree) by id, to name a formula's
    facts in words; {} when the file is missing or unreadable (the ids are shown instead)."""
    path = root / "policies" / "facts.yaml"
    try:
        items = load_text(path.read_text(encoding="utf-8"), path).data
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return {}
    return (
        {str(f["id"]): f for f in items if isinstance(f, dict) and "id" in f}
        if isinstance(items, list)
        else {}
    )


def _keyed(docs: list[tuple[str, dict]]) -> dict[str, dict]:
    return {str(data.get("id") or Path(name).stem): data for name, data in docs}


def _tree_documents(root: Path, commit: str, blobs: dict[str, dict]) -> dict[str, dict]:
    """The documents in ``commit``; ``blobs`` caches parsed files by blob id across calls."""
    docs = []
    for entry in filter(None, _git(root, "ls-tree", "-z", commit, "--", f"{DOCUMENTS}/").split("\0")):
        meta, _, name = entry.partition("\t")
        _mode, kind, sha = meta.split()
        if kind != "blob" or not name.endswith(".yaml"):
            continue
        if sha not in blobs:
            blobs[sha] = _parse(_git(root, "cat-file", "blob", sha), name)
        docs.append((name, blobs[sha]))
    return _keyed(docs)


def load_documents(root: Path, rev: str | None) -> dict[str, dict]:
    """The policy documents by id, from the working tree (``rev`` None) or a git revision.

    Dates stay text. Raises :class:`HistoryError` for an unknown revision, outside a git
    checkout, or for a file that is not a YAML mapping.
    """
    if rev is not None:
        return _tree_documents(root, _resolve(root, rev), {})
    folder = root / DOCUMENTS
    if not folder.is_dir():
        raise HistoryError(f"no {DOCUMENTS} folder in {root}")
    return _keyed([(str(path), _parse(_read(path), str(path))) for path in sorted(folder.glob("*.yaml"))])


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise HistoryError(f"{path}: cannot read: {exc}") from None


def history(root: Path, limit: int = 20, by_day: bool = False) -> list[Revision]:
    """The newest ``limit`` commits that changed policy data, each diffed against its first parent.

    Commits whose documents do not differ (reformatting, worked examples only) are skipped, and
    so are commits whose files cannot be read. Without git, outside a checkout, or past the
    boundary of a shallow clone, the history is shorter or empty; it never raises.

    ``by_day``: one revision per day instead (the readers' changes page): the day's commits, one
    after another in the log, diffed together, from before the first to after the last, so a
    document or a clause edited twice that day is listed once, with its net change.
    """
    try:
        log = _git(root, "log", "--format=%H%x1f%P%x1f%cI%x1f%s", "--", DOCUMENTS)
        shallow = _git(root, "rev-parse", "--is-shallow-repository").strip() == "true"
    except HistoryError:
        return []
    commits = [line.split("\x1f", 3) for line in log.splitlines()]
    groups: list[list[list[str]]] = []
    for entry in commits:
        if by_day and groups and groups[-1][0][2][:10] == entry[2][:10]:
            groups[-1].append(entry)
        else:
            groups.append([entry])
    blobs: dict[str, dict] = {}
    facts = shared_facts(root)
    out: list[Revision] = []
    for group in groups:
        (commit, _, date, subject), parents = group[0], group[-1][1]
        if len(out) >= limit or (shallow and not parents):
            break
        try:
            old = _tree_documents(root, parents.split()[0], blobs) if parents else {}
            changes = diff_documents(old, _tree_documents(root, commit, blobs), facts)
        except HistoryError:
            continue
        if changes:
            out.append(Revision(commit, date, subject, changes))
    return out
