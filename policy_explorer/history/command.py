"""``python -m policy_explorer diff OLD [NEW]``: the policy changes between revisions as Markdown.

NEW defaults to the working tree. A bad revision, a folder outside a git checkout or a missing
``git`` is one line on stderr and exit status 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .diff import diff_documents
from .gitlog import HistoryError, load_documents, shared_facts
from .markdown import diff_markdown


def diff(root: Path, old: str, new: str | None = None, lang: str = "zh") -> int:
    """Print the Markdown of what changed from ``old`` to ``new`` in ``root``; 0, or 2 on error."""
    try:
        old_docs = load_documents(root, old)
        new_docs = load_documents(root, new)
    except HistoryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    new_label = new or ("工作区" if lang == "zh" else "working tree")
    text = diff_markdown(diff_documents(old_docs, new_docs, shared_facts(root)), lang, old, new_label)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
