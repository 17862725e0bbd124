"""The list of policies, a page per policy and a page per clause (with its neighbours)."""

from __future__ import annotations

from collections.abc import Iterator

from . import Nav, PageSpec, Site

ORDER = 20


def pages(site: Site) -> Iterator[PageSpec]:
    lang = site.lang
    yield PageSpec(
        "policies.md.j2",
        "policies/index.md",
        site.text("all_policies"),
        "policies/documents/",
        nav=Nav("policies", 30),
    )
    for policy in site.view.policies:
        yield PageSpec(
            "policy.md.j2", f"policies/{policy.id}.md", policy.title[lang], policy.file, {"policy": policy}
        )
        clauses = policy.clauses
        for i, c in enumerate(clauses):
            yield PageSpec(
                "clause.md.j2",
                c.page,
                f"{c.title[lang]} · {policy.short_title[lang]}",
                policy.file,
                {
                    "policy": policy,
                    "c": c,
                    "previous": clauses[i - 1] if i else None,
                    "next": clauses[i + 1] if i + 1 < len(clauses) else None,
                },
            )
