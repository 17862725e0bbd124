"""The calculator form: which facts are offered where, worked out from the clauses that read them."""

from __future__ import annotations

from policy_explorer.sitegen.form import build_form


def _fields(form):
    return {f.id: f for g in form.groups for f in g.fields}


def _covered(data) -> tuple[list[str], list[str]]:
    """The cities and districts some policy covers (its own or one above it), and those none covers:
    worked out from the data, so a document added or removed changes both lists, not this test."""
    parent = {j["id"]: j.get("parent") for j in data["jurisdictions"]}
    own = {p["jurisdiction"] for p in data["policies"]}

    def chain(place: str | None) -> set[str]:
        out: set[str] = set()
        while place is not None:
            out.add(place)
            place = parent[place]
        return out

    places = [j for j in data["jurisdictions"] if j["level"] in ("city", "district")]
    return (
        [j["id"] for j in places if own & chain(j["id"])],
        [j["id"] for j in places if not own & chain(j["id"])],
    )


def test_places_are_the_covered_cities_and_districts(data):
    form = build_form(data)
    ids = [j["id"] for j in form.jurisdictions]
    covered, uncovered = _covered(data)
    assert ids == covered and covered
    assert not set(uncovered) & set(ids)  # e.g. a city whose only policies are its districts'
    levels = {j["id"]: j["level"] for j in data["jurisdictions"]}
    assert {levels[i] for i in ids} <= {"city", "district"}  # a province is not a place to be


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
