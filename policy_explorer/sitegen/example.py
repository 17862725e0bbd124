"""The calculator page's example result, computed by the calculator when the site is built."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from policy_explorer.calculator import CalculatorError, estimate
from policy_explorer.calculator.model import clause_anchor
from policy_explorer.calculator.money import fmt_cny
from policy_explorer.calculator.summary import amount_text, ending_label, split_label

from ..yamlload import load_clean
from .templates import RenderError, origin
from .view import SiteView


def _estimate(view: SiteView, profile_file: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The profile and its estimate; a mistake in the profile is one message naming the site's own
    file, the line and the key (an unknown place or fact among them), never a traceback."""
    where = origin(profile_file)
    loaded = load_clean(where, RenderError)
    profile = loaded.data
    if not isinstance(profile, dict):
        raise RenderError(f"{where}:1: expected a profile: jurisdiction, startup, facts")
    try:
        return profile, estimate(profile, on=view.on, data=view.data)
    except CalculatorError as exc:
        path = tuple(part for part in (exc.field or "").split(".") if part)
        raise RenderError(f"{where}:{loaded.line(path)}: {exc}") from None


def example(view: SiteView, lang: str, profile_file: Path) -> dict[str, Any]:
    """The example profile, the estimate for it on the build date, and display strings."""
    profile, result = _estimate(view, profile_file)
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
