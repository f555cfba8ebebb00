"""Sentences of fact: rounding, rose/fell/stayed and dates, worked by hand (report/sentences.py).

Whole sentences are compared with golden files in tests/report/golden/sentences/."""

from iru_analysis.report import sentences as s


def test_population_fell(golden):
    # 310 at 31 March 2015, 283 at 31 March 2016: 283 < 310, so "fell"
    golden(
        "population_fell",
        s.change_sentence("The looked-after population", 310, "at 31 March 2015", 283, "at 31 March 2016"),
    )


def test_plans_rose(golden):
    # 263 then 267: "rose"
    golden("plans_rose", s.change_sentence("The number on a plan", 263, "at 31 March 2015", 267, "at 31 March 2016"))


def test_stayed_when_equal_and_when_the_shown_figures_are_equal(golden):
    golden("reviews_stayed", s.change_sentence("Reviews", 882, "in 2014-15", 882, "in 2015-16"))
    # 90.2% and 89.6% both show as 90%: the words must not say "fell" beside two equal figures
    assert s.direction(90.2, 89.6) == "stayed"
    # ...but to one decimal they differ (90.2 -> 89.6 fell)
    assert s.direction(90.2, 89.6, 1) == "fell"


def test_rounding_is_half_up():
    # 795 / 882 = 90.136...% -> 90%; 0.5 goes up: 89.5 -> 90, 12.25 -> 12.3 (to one decimal)
    assert s.fmt_pct(795 / 882 * 100) == "90%"
    assert s.fmt_pct(89.5) == "90%"
    assert s.fmt_pct(12.25, 1) == "12.3%"
    assert s.fmt_count(1204.0) == "1,204"


def test_dates_months_and_plurals():
    assert s.date_name("2016-03-31") == "31 March 2016"
    assert s.month_name("2015-08") == "August 2015"
    assert s.short_month("2016-01") == "Jan 2016"
    assert s.plural(1, "child", "children") == "1 child"
    assert s.plural(28, "child", "children") == "28 children"
    assert s.list_phrase(["a", "b", "c"]) == "a, b and c"
    assert s.fmt_pct(25.3) == "25%"  # 21 of 83
