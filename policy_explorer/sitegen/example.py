"""The calculator page's example result, computed by the calculator when the site is built."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from calculator import estimate
from calculator.model import clause_anchor
from calculator.money import fmt_cny
from calculator.summary import amount_text, ending_label, split_label

from .view import SiteView


def example(view: SiteView, lang: str, profile_file: Path) -> dict[str, Any]:
    """The example profile, the estimate for it on the build date, and display strings."""
    profile = yaml.safe_load(profile_file.read_text(encoding="utf-8"))
    result = estimate(profile, on=view.on, data=view.data)
    policies = {p.id: p for p in view.policies}
    items = []
    for item in result["items"]:
        policy = policies[item["policy"]]
        items.append(
            {
                **item,
                "policy_title": policy.short_title,
                "page_md": f"policies/{policy.id}/{clause_anchor(item['clause'])}.md",
                "amount": amount_text(item, lang),
                "ending": ending_label(item, lang) or "",
                "assumed_text": "；".join(a[lang] for a in item["assumed"])
                if lang == "zh"
                else "; ".join(a[lang] for a in item["assumed"]),
            }
        )
    facts = [
        {"label": view.facts[f]["label"], "value": fmt_cny(v, lang) if view.facts[f]["unit"] == "CNY" else v}
        for f, v in profile.get("facts", {}).items()
    ]
    return {
        "profile": profile,
        "result": result,
        "jurisdiction_name": view.jurisdictions[profile["jurisdiction"]].name,
        "facts": facts,
        "rows": items,
        "total_max": fmt_cny(result["total_max_cny"], lang),
        "total_conservative": fmt_cny(result["total_conservative_cny"], lang),
        # The cash and vouchers in each total ("" when it holds no voucher).
        "split_max": split_label(result["total_max_cny"], result["vouchers_max_cny"], lang) or "",
        "split_conservative": split_label(
            result["total_conservative_cny"], result["vouchers_conservative_cny"], lang
        )
        or "",
    }
