"""The site's view (policy_explorer/sitegen/view.py) of the model's shapes, on the Example City fixture."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from fixture_policies import policies_with_fixture

from policy_explorer.compile import compile_policies
from policy_explorer.sitegen.view import build_view


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    data = compile_policies(policies_with_fixture(tmp_path_factory.mktemp("view") / "policies"))
    return build_view(data, dt.date(2026, 6, 1))


def test_each_programme_of_one_item_is_listed_in_its_own_category(view):
    # City 三 "发放算力券和模型券": the 算力券 part in the compute-voucher table, the 模型券 part in the
    # model-voucher table, each row narrowed to its own part.
    def rows(category):
        return [c for c in view.by_category[category] if (c.policy.id, c.id) == ("example-city-ai-2026", "3")]

    (compute,) = rows("compute_voucher")
    (model,) = rows("model_voucher")
    assert [p["name"] for p in model.benefit["parts"]] == ["model"]
    assert model.terms.rates == [Decimal("0.3")] and compute.terms.rates == [Decimal("0.4")]
    assert "模型券" in model.title["zh"] and "Model vouchers" in model.title["en"]


def test_no_invented_dates(view):
    policies = {p.id: p for p in view.policies}
    zone, data = policies["example-city-demo-zone-ai-2026"], policies["example-city-data-2026"]
    # "长期有效": in force, no last day, never "expiring soon".
    assert (zone.status, zone.end, zone.days_left) == ("in_force", None, None)
    assert zone not in view.expiring()
    # "自公布之日起30日后施行", publication date unknown: no first day, its own status.
    assert (data.status, data.start, data.end) == ("start_unknown", None, None)
