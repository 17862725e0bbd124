"""The term rule and statuses."""

import datetime as dt

import pytest

from policy_explorer.calculator.dates import after_publication, parse_date, status_on, term_end
from policy_explorer.calculator.errors import CalculatorError

D = dt.date


@pytest.mark.parametrize(
    ("start", "years", "end"),
    [
        (D(2024, 12, 18), 2, D(2026, 12, 17)),  # the measures: "自2024年12月18日起施行，有效期2年"
        (D(2025, 1, 1), 3, D(2027, 12, 31)),
        (D(2025, 1, 10), 3, D(2028, 1, 9)),
        (D(2024, 9, 14), 3, D(2027, 9, 13)),
        (D(2024, 2, 29), 1, D(2025, 2, 28)),  # no 29 February in 2025: the anniversary is 1 March
        (D(2024, 2, 29), 4, D(2028, 2, 28)),
        (D(2025, 3, 1), 1, D(2026, 2, 28)),
    ],
)
def test_term_end(start, years, end):
    assert term_end(start, years) == end


def test_status():
    start, end = D(2024, 12, 18), D(2026, 12, 17)
    assert status_on(D(2024, 12, 17), start, end, False) == "not_yet_in_force"
    assert status_on(start, start, end, False) == "in_force"
    assert status_on(end, start, end, False) == "in_force"
    assert status_on(D(2026, 12, 18), start, end, False) == "expired"
    assert status_on(D(2025, 1, 1), start, end, True) == "draft"
    # Adopted but "自公布之日起30日后施行" with the publication date unknown: no day is invented.
    assert status_on(D(2025, 1, 1), None, None, False) == "start_unknown"
    assert status_on(D(2025, 1, 1), None, None, True) == "draft"


def test_open_ended_policy_stays_in_force():
    # 长期有效: no last day, so it is in force on every day from its first, however far ahead.
    assert status_on(D(2099, 1, 1), D(2026, 3, 1), None, False) == "in_force"
    assert status_on(D(2026, 2, 28), D(2026, 3, 1), None, False) == "not_yet_in_force"


def test_after_publication_counts_days_from_the_publication_date():
    # "自公布之日起30日后施行": published 2026-01-10, first day in force 30 days later, 2026-02-09.
    assert after_publication(D(2026, 1, 10), 30) == D(2026, 2, 9)


@pytest.mark.parametrize(
    "bad", ["2025-02-29", "2025-1-1", "", "x" * 10, None, "2025-W01-1", "2025-001", "２０２５-０１-０１"]
)
def test_parse_date_rejects(bad):
    with pytest.raises(CalculatorError):
        parse_date(bad)
