"""The calculator form: which facts are offered where, worked out from the clauses that read them."""

from __future__ import annotations

from policy_explorer.sitegen.form import build_form


def _fields(form):
    return {f.id: f for g in form.groups for f in g.fields}


def test_places_are_the_covered_cities_and_districts(data):
    form = build_form(data)
    ids = [j["id"] for j in form.jurisdictions]
    assert "shenzhen-longgang" in ids and "xiamen" in ids and "hangzhou-xihu" in ids
    assert "hangzhou" not in ids  # no policy of the city itself or above it
    assert not {"china", "guangdong", "zhejiang", "fujian"} & set(ids)  # provinces: not a place to be


def test_a_fact_is_offered_where_a_clause_that_applies_reads_it(data):
    fields = _fields(build_form(data))
    # Shenzhen's 训力券 reads compute_spend, so every Shenzhen district offers it (the city's measures
    # apply there); Xiamen's measures read it too.
    assert {"shenzhen", "shenzhen-longgang", "shenzhen-futian", "xiamen"} <= set(
        fields["compute_spend"].jurisdictions
    )
    # The Xihu contest award level is read only by Xihu's measures, which declare it (its full id).
    assert fields["hangzhou-xihu-ai-2025.contest_award_level"].jurisdictions == ["hangzhou-xihu"]
    assert fields["hangzhou-xihu-ai-2025.contest_award_level"].input == "choice"
    assert fields["compute_spend"].input == "amount"
    assert "startup" not in fields  # asked on its own


def test_groups_follow_the_category_order(data):
    form = build_form(data)
    order = [c["id"] for c in data["categories"]]
    ranks = [order.index(g.category["id"]) for g in form.groups]
    assert ranks == sorted(ranks)
    assert form.groups[0].fields
