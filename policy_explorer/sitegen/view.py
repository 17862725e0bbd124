"""The site's view of the compiled data: what every template reads, worked out once per build.

Nothing here is language-specific: texts stay ``{"zh": …, "en": …}`` pairs and the templates pick
one. Statuses are those of the build date ``on`` (see :func:`policy_explorer.calculator.dates.status_on`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from policy_explorer.calculator.application import resolve
from policy_explorer.calculator.dates import status_on
from policy_explorer.calculator.model import clause_anchor

from .terms import Terms, add_shared, benefit_terms, condition_text, reads_facts, trivial_gate

# A policy in force whose last day is this close to the build date is listed as "expiring soon".
EXPIRING_DAYS = 180


class _DataView:
    """A view over one record of the compiled data: its id, and its fields read as attributes."""

    data: dict[str, Any]

    @property
    def id(self) -> str:
        return self.data["id"]

    def __getattr__(self, name: str) -> Any:
        """The data's own fields (None for an optional field the data leaves out)."""
        if name.startswith("_"):
            raise AttributeError(name)
        return self.data.get(name)


@dataclass
class ClauseView(_DataView):
    policy: PolicyView
    data: dict[str, Any]
    terms: Terms
    implements: list[ClauseView] = field(default_factory=list)
    implemented_by: list[ClauseView] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return clause_anchor(self.id)

    @property
    def page(self) -> str:
        """The clause's own page, ``policies/<policy>/clause-<id>.md``."""
        return f"policies/{self.policy.id}/{self.anchor}.md"

    @property
    def all_conditions(self) -> list[dict[str, Any]]:
        """The clause's conditions, then each part's own (named by the part where there are several)."""
        parts = self.data["benefit"].get("parts") or []
        out = list(self.data.get("conditions") or [])
        for part in parts:
            for cond in part.get("conditions") or []:
                if len(parts) > 1:
                    label = part["label"]
                    cond = {
                        **cond,
                        "zh": f"{label['zh']}：{cond['zh']}",
                        "en": f"{label['en']}: {cond['en']}",
                    }
                out.append(cond)
        return out

    @property
    def to_verify(self) -> bool:
        """Whether the clause marks anything "to verify" (its benefit or a condition)."""
        return bool(self.data["benefit"].get("verify")) or any(c.get("verify") for c in self.all_conditions)

    @property
    def how_to_apply(self) -> dict[str, Any]:
        """The clause's application: its document's block with the clause's own fields over it, and
        the document's official page (``page``) where its address is known. Every clause has one:
        where the text says nothing, the block says so (policy_explorer.calculator.application)."""
        block = resolve(
            self.policy.data.get("application"), self.data.get("application"), self.data.get("responsible")
        )
        page = (self.policy.data.get("source") or {}).get("url")
        return {**block, "page": page} if page else block

    @property
    def paid_by_shares(self) -> list[dict[str, Any]]:
        """Whose share the amounts are (市本级…), from the benefit and its parts, each once."""
        benefit = self.data["benefit"]
        found: list[dict[str, Any]] = []
        for node in [benefit, *(benefit.get("parts") or [])]:
            if node.get("paid_by") and node["paid_by"] not in found:
                found.append(node["paid_by"])
        return found

    @property
    def relaxable_for(self) -> list[dict[str, str]]:
        """Who the authority may relax a cap of this benefit for (可以放宽申领上限), each once."""
        found: list[dict[str, str]] = []
        stack: list[Any] = [self.data["benefit"]]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                who = node.get("relaxable_for")
                if isinstance(who, dict) and who not in found:
                    found.append(who)
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(reversed(node))
        return found

    @property
    def key(self) -> str:
        """``policy/clause``: the id the calculator preset and open data use."""
        return f"{self.policy.id}/{self.id}"


@dataclass
class PolicyView(_DataView):
    data: dict[str, Any]
    status: str
    jurisdiction: dict[str, Any]
    days_left: int | None  # days from the build date to the last day in force (None: open-ended)
    clauses: list[ClauseView] = field(default_factory=list)

    @property
    def start(self) -> str | None:
        return self.data["validity"].get("from")

    @property
    def end(self) -> str | None:
        return self.data["validity"].get("to")


@dataclass
class JurisdictionView(_DataView):
    data: dict[str, Any]
    depth: int
    children: list[JurisdictionView] = field(default_factory=list)
    policies: list[PolicyView] = field(default_factory=list)

    @property
    def name(self) -> dict[str, str]:
        return self.data["name"]

    def subtree_policies(self) -> list[PolicyView]:
        """This jurisdiction's policies and those of every jurisdiction under it."""
        out = list(self.policies)
        for child in self.children:
            out.extend(child.subtree_policies())
        return out

    def path(self, index: dict[str, JurisdictionView]) -> list[JurisdictionView]:
        """From the top of the tree down to this jurisdiction."""
        chain, cur = [], self
        while cur is not None:
            chain.append(cur)
            parent = cur.data.get("parent")
            cur = index.get(parent) if parent else None
        return chain[::-1]


@dataclass
class SiteView:
    on: dt.date
    data: dict[str, Any]
    policies: list[PolicyView]
    jurisdictions: dict[str, JurisdictionView]
    roots: list[JurisdictionView]
    categories: list[dict[str, Any]]
    by_category: dict[str, list[ClauseView]]
    facts: dict[str, dict[str, Any]]

    @property
    def clauses(self) -> list[ClauseView]:
        return [c for p in self.policies for c in p.clauses]

    def listed_jurisdictions(self) -> list[JurisdictionView]:
        """Jurisdictions with a policy in their subtree, in tree order: the ones that get a page."""
        out: list[JurisdictionView] = []

        def visit(node: JurisdictionView) -> None:
            if node.subtree_policies():
                out.append(node)
                for child in node.children:
                    visit(child)

        for root in self.roots:
            visit(root)
        return out

    def applicable(self, node: JurisdictionView) -> list[tuple[dict[str, Any], list[ClauseView]]]:
        """Every clause that applies to a company in ``node``, by category (the categories' order).

        A company gets its own jurisdiction's clauses and those of every level above it, never a
        sibling's (as the calculator does): a reader in a district sees the city's documents too.
        """
        here = {j.id for j in node.path(self.jurisdictions)}
        return [
            (category, found)
            for category in self.categories
            if (found := [c for c in self.by_category[category["id"]] if c.policy.jurisdiction["id"] in here])
        ]

    def over_groups(self, rule: dict[str, Any], policy_id: str) -> list[dict[str, Any]]:
        """What a rule of ``policy_id`` is counted over, one entry per clause (each once): its policy
        id (for the link), that policy's short title where it is another policy, and the labels of
        the parts named, so a reader sees "第3条 · 算力券、模型券", never part ids."""
        policies = {p.id: p for p in self.policies}
        groups: dict[tuple[str, str], dict[str, Any]] = {}
        for o in rule.get("over") or []:
            pid = o.get("policy", policy_id)
            group = groups.setdefault(
                (pid, o["clause"]),
                {
                    "policy": pid,
                    "clause": o["clause"],
                    "other": policies[pid].short_title if pid != policy_id and pid in policies else None,
                    "parts": [],
                },
            )
            clause = (
                next((c for c in policies[pid].clauses if c.id == o["clause"]), None)
                if pid in policies
                else None
            )
            part = next(
                (p for p in (clause.benefit.get("parts") or []) if p["name"] == o.get("part"))
                if clause
                else (),
                None,
            )
            if part and part["label"] not in group["parts"]:
                group["parts"].append(part["label"])
        return list(groups.values())

    def expiring(self) -> list[PolicyView]:
        """Policies in force whose last day falls within :data:`EXPIRING_DAYS` of the build date."""
        soon = [
            p
            for p in self.policies
            if p.status == "in_force" and p.days_left is not None and p.days_left <= EXPIRING_DAYS
        ]
        return sorted(soon, key=lambda p: p.days_left)


def _policy_view(data: dict[str, Any], on: dt.date, jurisdiction: dict[str, Any]) -> PolicyView:
    validity = data["validity"]
    start = dt.date.fromisoformat(validity["from"]) if validity.get("from") else None
    end = dt.date.fromisoformat(validity["to"]) if validity.get("to") else None
    status = status_on(on, start, end, bool(validity.get("draft")))
    days_left = (end - on).days if end else None
    return PolicyView(data=data, status=status, jurisdiction=jurisdiction, days_left=days_left)


def clause_terms(
    policy_id: str,
    clause_id: str,
    benefit: dict[str, Any],
    data: dict[str, Any],
    parts: list[str] | None = None,
) -> Terms:
    """The clause's summary terms (every page and the open data read these), with the combined caps it
    is counted in; ``parts``: a row narrowed to those parts carries only the caps over them."""
    terms = benefit_terms(benefit, {f["id"]: f for f in data["facts"]})
    add_shared(terms, (policy_id, clause_id), parts, data)
    return terms


def _rows_by_category(clause: ClauseView, data: dict[str, Any]) -> list[tuple[str, ClauseView]]:
    """The clause's rows in the comparison tables: one, or one per category its parts name.

    One numbered item may hold several programmes (算力券 and 模型券): each part with its own
    ``category`` is listed in that category's table, as a row of the clause narrowed to those parts.
    """
    benefit = clause.data["benefit"]
    groups: dict[str, list[dict[str, Any]]] = {}
    for part in benefit.get("parts") or []:
        groups.setdefault(part.get("category") or clause.category, []).append(part)
    if len(groups) < 2:
        return [(clause.category, clause)]
    rows = []
    for category, parts in groups.items():
        labels = {
            "zh": "、".join(p["label"]["zh"] for p in parts),
            "en": ", ".join(p["label"]["en"] for p in parts),
        }
        narrowed = {**benefit, "parts": parts}
        facts = {f["id"]: f for f in data["facts"]}
        # The row carries its parts' own conditions and gates, never another part's: the clause's
        # conditions stay only where no part of the clause states its own.
        own = (
            [] if any(p.get("conditions") for p in benefit["parts"]) else clause.data.get("conditions") or []
        )
        gates = [
            condition_text(c, facts)
            for p in parts
            for c in p.get("when") or []
            if not trivial_gate(c, reads_facts(p.get("amount")))
        ]
        gated = [{"zh": zh, "en": en} for zh, en in dict.fromkeys(gates)]
        raw = {
            **clause.data,
            "category": category,
            "title": {
                "zh": f"{clause.data['title']['zh']}（{labels['zh']}）",
                "en": f"{clause.data['title']['en']} ({labels['en']})",
            },
            "benefit": narrowed,
            "conditions": [*own, *(g for g in gated if g not in own)],
        }
        names = [p["name"] for p in parts]
        row = ClauseView(
            policy=clause.policy,
            data=raw,
            terms=clause_terms(clause.policy.id, clause.id, narrowed, data, names),
        )
        rows.append((category, row))
    return rows


def build_view(data: dict[str, Any], on: dt.date) -> SiteView:
    """Index the compiled data for the templates, with statuses as of ``on``."""
    jdata = {j["id"]: j for j in data["jurisdictions"]}
    order = {j["id"]: i for i, j in enumerate(data["jurisdictions"])}
    policies = [_policy_view(p, on, jdata[p["jurisdiction"]]) for p in data["policies"]]
    policies.sort(key=lambda p: (order[p.data["jurisdiction"]], p.start or "9999", p.id))
    index: dict[tuple[str, str], ClauseView] = {}
    for policy in policies:
        for raw in policy.data["clauses"]:
            terms = clause_terms(policy.id, raw["id"], raw["benefit"], data)
            clause = ClauseView(policy=policy, data=raw, terms=terms)
            policy.clauses.append(clause)
            index[(policy.id, clause.id)] = clause
    for clause in index.values():
        for ref in clause.data.get("implements", []):
            target = index[(ref["policy"], ref["clause"])]
            clause.implements.append(target)
            target.implemented_by.append(clause)
    jurisdictions = {jid: JurisdictionView(data=j, depth=0) for jid, j in jdata.items()}
    roots = []
    for j in data["jurisdictions"]:
        node = jurisdictions[j["id"]]
        parent = j.get("parent")
        if parent:
            jurisdictions[parent].children.append(node)
        else:
            roots.append(node)

    def set_depth(node: JurisdictionView, depth: int) -> None:
        node.depth = depth
        for child in node.children:
            set_depth(child, depth + 1)

    for root in roots:
        set_depth(root, 0)
    for policy in policies:
        jurisdictions[policy.data["jurisdiction"]].policies.append(policy)
    by_category: dict[str, list[ClauseView]] = {c["id"]: [] for c in data["categories"]}
    for policy in policies:
        for clause in policy.clauses:
            for category, row in _rows_by_category(clause, data):
                by_category[category].append(row)
    return SiteView(
        on=on,
        data=data,
        policies=policies,
        jurisdictions=jurisdictions,
        roots=roots,
        categories=data["categories"],
        by_category=by_category,
        facts={f["id"]: f for f in data["facts"]},
    )
