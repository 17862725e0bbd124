"""The policy diff worded as Markdown, in zh or en, for a pull-request comment (``diff`` command).

Every text from the data is escaped: a title holding ``<script>`` or ``|`` stays text in the comment.
"""

from __future__ import annotations

import html
import re

from .diff import PolicyChange

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]|~#$])")
_LABELS = {
    "zh": {
        "heading": "## 政策数据变更：{old} → {new}",
        "nothing": "政策数据无变化。",
        "summary": "政策：新增 {} 项，修改 {} 项，删除 {} 项。条款：新增 {} 条，修改 {} 条，删除 {} 条。",
        "policy": "### {kind}：{title}（{id}）",
        "table": "| 条款 | 变化 | 标题 | 详情 |",
        "added": "新增",
        "changed": "修改",
        "removed": "删除",
    },
    "en": {
        "heading": "## Policy data changes: {old} → {new}",
        "nothing": "No policy changed.",
        "summary": "Policies: {} added, {} changed, {} removed. Clauses: {} added, {} changed, {} removed.",
        "policy": "### {kind}: {title} ({id})",
        "table": "| Clause | Change | Title | Details |",
        "added": "Added",
        "changed": "Changed",
        "removed": "Removed",
    },
}


def _md(text: str) -> str:
    """Plain text safe inside Markdown and a table cell: one line, no HTML, no markup."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def _summary(changes: list[PolicyChange], labels: dict[str, str]) -> str:
    kinds = ("added", "changed", "removed")
    policies = [c.kind for c in changes]
    clauses = [cl.kind for c in changes for cl in c.clauses]
    return labels["summary"].format(*(policies.count(k) for k in kinds), *(clauses.count(k) for k in kinds))


def _policy_section(change: PolicyChange, lang: str) -> list[str]:
    labels = _LABELS[lang]
    title = _md(change.title[lang])
    lines = [labels["policy"].format(kind=labels[change.kind], title=title, id=_md(change.policy)), ""]
    lines += [f"- {_md(d[lang])}" for d in change.details]
    if change.clauses:
        lines += [""] if change.details else []
        lines += [labels["table"], "|---|---|---|---|"]
        for cl in change.clauses:
            details = "<br>".join(_md(d[lang]) for d in cl.details)
            lines.append(f"| {_md(cl.clause)} | {labels[cl.kind]} | {_md(cl.title[lang])} | {details} |")
    return [*lines, ""]


def diff_markdown(changes: list[PolicyChange], lang: str, old_label: str, new_label: str) -> str:
    """The changes as Markdown for a pull-request comment, in ``lang`` (zh or en)."""
    labels = _LABELS[lang]
    lines = [labels["heading"].format(old=_md(old_label), new=_md(new_label)), ""]
    if not changes:
        return "\n".join([*lines, labels["nothing"], ""])
    lines += [_summary(changes, labels), ""]
    for change in changes:
        lines += _policy_section(change, lang)
    return "\n".join(lines)
