"""Issue 28 (5, 6): the date an estimate is computed for, and how its totals are presented.

The amounts are worked out from the texts (quoted); dates and policies come from the corpus, never
written here: the policy that expires and its last day are read from the compiled data.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from policy_explorer.calculator import estimate
from policy_explorer.calculator.browser import answer
from policy_explorer.calculator.money import fmt_cny
from policy_explorer.calculator.table import render_table
from policy_explorer.cli import main as cli_main
from policy_explorer.sitegen.templates import load_strings

ON = "2025-06-01"
# Longgang start-up, 500万 of compute. Shenzhen (二) "对初创企业按照不超过合同金额的60%予以支持" as
# "训力券" (vouchers): 60% × 500万 = 300万; Longgang (二) 30% × 500万 = 150万 in money. The same expense:
# the conservative ("likely") total keeps the larger, 300万, all of it vouchers; the maximum is 450万,
# of which 300万 vouchers and 150万 cash.
LONGGANG = {"jurisdiction": "shenzhen-longgang", "startup": True, "facts": {"compute_spend": 5_000_000}}
# Xiamen (七) "对企业作为起草单位(排名前5名)制定的国际标准、国家标准、行业标准,分别给予最高不超过100万元、
# 50万元、40万元补助": one international standard (participated) and one industry standard (led) give
# at most 100万 + 40万 = 140万; the four other counts are blank, so that is a floor ("at least").
XIAMEN = {
    "jurisdiction": "xiamen",
    "facts": {"standards_international_participated": 1, "standards_industry_led": 1},
}


# --- the CLI table --------------------------------------------------------------------------------
def test_table_leads_with_the_likely_total_and_shows_vouchers_apart(data):
    result = estimate(LONGGANG, on=ON, data=data)
    zh = render_table(result, "zh")
    likely = next(line for line in zh.splitlines() if line.startswith("可能获得"))
    conservative = "可能获得（保守合计）：300万元（其中现金 0元，券 300万元）"
    maximum = "最高合计：450万元（其中现金 150万元，券 300万元）"
    assert likely == f"{conservative} · {maximum}"
    assert zh.index(likely) < zh.index("最高合计 450万元：")  # above the explanation
    en = render_table(result, "en")
    assert (
        "Likely (conservative total): CNY 3,000,000 (cash CNY 0, vouchers CNY 3,000,000) · "
        "Maximum total: CNY 4,500,000 (cash CNY 1,500,000, vouchers CNY 3,000,000)"
    ) in en.splitlines()


def test_table_says_at_least_for_a_floor(data):
    result = estimate(XIAMEN, on=ON, data=data)
    item = next(i for i in result["items"] if i["policy"] == "xiamen-ai-2023" and i["clause"] == "7")
    assert item["at_least"] and item["max_cny"] == 1_400_000
    row = next(
        line for line in render_table(result, "zh").splitlines() if line.startswith("xiamen-ai-2023  7")
    )
    # (七) states only maxima ("最高…"): "up to 140万 from what was entered", never "at least up to".
    assert "最高140万元（按已填写的数量；补填其余可能更多）" in row and "至少" not in row
    row = next(
        line for line in render_table(result, "en").splitlines() if line.startswith("xiamen-ai-2023  7")
    )
    assert "up to CNY 1,400,000 (from what was entered; more with the blanks)" in row


def test_table_says_confirmed_only_when_the_engine_does(data):
    result = estimate(LONGGANG, on=ON, data=data)
    item = result["items"][0]
    item["confirmed"] = False  # an unconfirmed condition that is not listed as assumed
    assert render_table(result, "en").splitlines()[2].endswith("not confirmed")
    assert render_table(result, "zh").splitlines()[2].endswith("未确认")


def test_table_says_when_a_policy_ends_soon_and_when_it_ended(data):
    policy = _ending_policy(data)
    end = dt.date.fromisoformat(policy["end"])
    before = (end - dt.timedelta(days=10)).isoformat()
    result = estimate({**LONGGANG, "jurisdiction": policy["place"]}, on=before, data=data)
    row = next(line for line in render_table(result, "zh").splitlines() if line.startswith(policy["id"]))
    assert f"{policy['end']}到期，还剩10天" in row
    after = (end + dt.timedelta(days=1)).isoformat()
    result = estimate({**LONGGANG, "jurisdiction": policy["place"]}, on=after, data=data)
    row = next(line for line in render_table(result, "en").splitlines() if line.startswith(policy["id"]))
    assert "in force" not in row and f"ended {policy['end']}" in row


def _ending_policy(data) -> dict:
    """The policy with a last day that pays the earliest-ending item for 500万 of compute in some
    place the calculator offers: its id, last day and place (read from the corpus, never written)."""
    from policy_explorer.calculator import load_model

    found = []
    for place in load_model(data).places():
        result = estimate({**LONGGANG, "jurisdiction": place["id"]}, on=ON, data=data)
        found += [
            (i["ends"], i["policy"], place["id"])
            for i in result["items"]
            if i["ends"] and i["status"] == "in_force"
        ]
    assert found, "no item of a dated policy in force for compute in the corpus"
    end, policy, place = min(found)
    return {"id": policy, "end": end, "place": place}


# --- the browser's answer: labels worded in Python -----------------------------------------------
def test_answer_labels_give_cash_and_vouchers_apart():
    labels = answer({"profile": LONGGANG, "on": ON})["labels"]
    assert labels["zh"]["split_conservative"] == "其中现金 0元，券 300万元"
    assert labels["zh"]["split_max"] == "其中现金 150万元，券 300万元"
    assert labels["en"]["split_max"] == "cash CNY 1,500,000, vouchers CNY 3,000,000"


def test_answer_labels_say_at_least_and_when_a_policy_ends(data):
    got = answer({"profile": XIAMEN, "on": ON})
    i = next(n for n, item in enumerate(got["result"]["items"]) if item["clause"] == "7")
    assert got["labels"]["zh"]["items"][i].endswith("（按已填写的数量；补填其余可能更多）")
    assert got["labels"]["en"]["items"][i].endswith("(from what was entered; more with the blanks)")
    policy = _ending_policy(data)
    before = (dt.date.fromisoformat(policy["end"]) - dt.timedelta(days=3)).isoformat()
    got = answer({"profile": {**LONGGANG, "jurisdiction": policy["place"]}, "on": before})
    ending = [
        got["labels"]["en"]["ending"][n]
        for n, item in enumerate(got["result"]["items"])
        if item["policy"] == policy["id"]
    ]
    assert ending and all(e == f"ends {policy['end']}, 3 days left" for e in ending)


# --- the pages --------------------------------------------------------------------------------------
BUILT = "2026-12-01"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("rendered")
    args = ["render", "--out", str(out), "--date", BUILT, "--no-history", "--no-runtime", "--with-content"]
    assert cli_main(args) == 0
    return out


EDITIONS = ("zh", "en", "zh-Hant")


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("page", ["calculator.md", "widget.md"])
def test_the_form_does_not_carry_the_build_date(rendered, edition, page):
    text = (rendered / edition / page).read_text(encoding="utf-8")
    tag = re.search(r'<input type="date" id="pe-on"[^>]*>', text).group(0)
    assert "value=" not in tag, tag  # the browser's today, unless the address says on=
    assert f'data-built="{BUILT}"' in text  # the example's day, for the script to compare with today


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("page", ["calculator.md", "widget.md"])
def test_the_example_says_its_date_and_leads_with_the_likely_total(rendered, edition, page, data):
    from policy_explorer.sitegen.hant import to_site

    text = (rendered / edition / page).read_text(encoding="utf-8")
    lang = "en" if edition == "en" else "zh"
    conv = to_site if edition == "zh-Hant" else (lambda s: s)  # OpenCC, then the Hong Kong layer
    strings = load_strings()
    assert conv(strings["calc_example_date"][lang].replace("{date}", BUILT)) in text
    profile = yaml.safe_load((ROOT / "site_templates" / "example_profile.yaml").read_text(encoding="utf-8"))
    result = estimate(profile, on=BUILT, data=data)
    likely = text.index(conv(strings["calc_likely"][lang]))
    assert likely < text.index(conv(strings["calc_up_to"][lang]), likely)
    if result["vouchers_max_cny"]:
        assert conv(fmt_cny(result["vouchers_max_cny"], lang)) in text[likely:]
    # Each example row names its policy's last day, so the script can tell an expired one.
    ends = {i["ends"] for i in result["items"] if i["ends"]}
    assert all(f'data-ends="{e}"' in text for e in ends)
    soon = [i for i in result["items"] if i["days_left"] is not None and i["days_left"] <= 30]
    for item in soon:
        assert (
            conv(
                f"{item['ends']}到期，还剩{item['days_left']}天"
                if lang == "zh"
                else f"ends {item['ends']}, {item['days_left']} days left"
            )
            in text
        )


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_embed_builder_leaves_the_date_out_unless_pinned(rendered, edition):
    text = (rendered / edition / "embed.md").read_text(encoding="utf-8")
    builder = text.split('id="pe-embed-builder"')[1].split("</form>")[0]
    pin = re.search(r'<input type="checkbox" id="pe-eb-pin"[^>]*>', builder).group(0)
    assert "checked" not in pin
    assert re.search(r'<input type="date" id="pe-eb-on"', builder)
    assert "on=" not in text.split("```html")[1].split("```")[0]  # the hand-written snippet
    for said in ("构建当天", "構建當天", "the day the site was built"):  # the default: the reader's today
        assert said not in text


def test_new_calculator_strings_in_every_edition(rendered):
    strings = load_strings()
    for key in (
        "calc_likely",
        "calc_up_to",
        "calc_computed_for",
        "calc_today",
        "calc_pinned",
        "calc_example_date",
        "calc_example_outdated",
        "calc_confirmed",
    ):
        assert set(strings[key]) == {"zh", "en"} and strings[key]["zh"] and strings[key]["en"]
    hant = (rendered / "zh-Hant" / "widget.md").read_text(encoding="utf-8")
    config = json.loads(
        re.search(r'<script type="application/json" id="pe-calc-strings">(.*?)</script>', hant).group(1)
    )
    assert "計算" in config["computed_for"]  # Traditional characters in the Hong Kong edition
