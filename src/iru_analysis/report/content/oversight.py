"""Section 11: the chairs' oversight, from the unit's practice records (``measures/practice.py``).

It answers the questions of the unit's priorities: is an IRO allocated promptly and kept
(continuity); do chairs keep oversight between meetings (midway reviews, seeing the
child); are recommendations and records timely; are advocates used; are conferences
quorate; and, where feedback forms are kept, what children and families told us.

The practice records are optional files of ``iru/``, and may begin after the year starts
(figures are given from the month of the first record). Where a record gives no figure
for the year, every item that needs it says so with one sentence, the same for the
whole section (:func:`gap_sentence`), so the section says it once: that the records were
not supplied or hold nothing for the year, naming the files. Feedback forms, a later
development in many units, have a sentence of their own in their part of the section.

The timescales in its words ("within N working days") are those the figures used, read from
the bundle's context (the parameters file's ``timescales``), never the measures' defaults:
the labels below hold them as ``{iro_allocation_working_days}`` and the like (:func:`timed`).
"""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from ... import codes
from ...disclosure import is_withheld
from .. import charts as ch
from .. import sentences as s
from .. import tables as tb
from .base import Absent, Lookup, Made, NoFigures, bullets, chart, comparator_words, optional, say, table

# The practice records, each with the figures it gives, what they are about and its file.
RECORDS: list[tuple[tuple[str, ...], str, str]] = [
    (("iro_allocated_within_5wd_pct", "iro_changed_pct"), "IRO allocation and continuity", "iru/allocations.csv"),
    (
        ("midway_coverage_pct", "iro_saw_child_pct"),
        "midway reviews and the IRO seeing the child between reviews",
        "iru/contacts.csv",
    ),
    (
        ("recommendations_in_time_pct", "record_in_time_pct", "review_advocate_pct"),
        "recommendations and records issued on time, and advocates at reviews",
        "iru/review_records.csv",
    ),
    (("cp_conference_quorate_pct",), "quorate conferences", "QUORATE in iru/conferences.csv"),
]

# The measures of the year's table: (row label, words in a sentence, higher is better), the
# timescales as fields filled by timed().
MEASURES: dict[str, tuple[str, str, bool]] = {
    "iro_allocated_within_5wd_pct": (
        "% of children starting care with an IRO allocated within {iro_allocation_working_days} working days",
        "IRO allocation within {iro_allocation_working_days} working days",
        True,
    ),
    "iro_changed_pct": ("% of children looked after whose IRO changed", "changes of IRO", False),
    "midway_coverage_pct": ("% of reviews with a midway review since the last", "midway reviews", True),
    "iro_saw_child_pct": ("% of reviews with the IRO seeing the child since the last", "seeing the child", True),
    "recommendations_in_time_pct": (
        "% of reviews with recommendations issued within {recommendations_working_days} working days",
        "recommendations on time",
        True,
    ),
    "record_in_time_pct": (
        "% of reviews with the record issued within {record_working_days} working days",
        "records on time",
        True,
    ),
    "review_advocate_pct": ("% of reviews in which an advocate took part", "advocates at reviews", True),
    "cp_conference_quorate_pct": ("% of child protection conferences quorate", "quorate conferences", True),
}


def timed(lk: Lookup, text: str) -> str:
    """``text`` with the practice timescales of the figures (the bundle's context) in its fields.

    >>> from iru_analysis.bundle import Context
    >>> from iru_analysis.measures.practice import Timescales
    >>> from iru_analysis.calendar import ReportingYear
    >>> lk = Lookup(pd.DataFrame(), ReportingYear(2015), None, Context(timescales=Timescales(record_working_days=15)))
    >>> timed(lk, "the record within {record_working_days} days")
    'the record within 15 days'
    """
    return text.format(**asdict(lk.context.timescales))


def _held(lk: Lookup, indicator: str) -> bool:
    """Whether the figures have ``indicator`` for the year (read without marking rows as shown)."""
    f = lk.figures
    return bool(((f["indicator"] == indicator) & (f["period"] == lk.year.label)).any())


def gap_sentence(lk: Lookup) -> str:
    """The one sentence naming the practice records that give no figure for the year ("" when
    every record does)."""
    absent = [f"{about} ({where})" for needs, about, where in RECORDS if not any(_held(lk, i) for i in needs)]
    if not absent:
        return ""
    return (
        f"The unit's practice records give no figures for {lk.year.label} on {'; '.join(absent)}: "
        "these records were not supplied, or none of them falls in the year."
    )


def need(lk: Lookup, *indicators: str) -> None:
    """Go on when the figures hold any of ``indicators`` for the year; else the section's one
    sentence about missing records (the standard one when ``iru/`` is missing, or when the
    records are there but give none of these figures)."""
    if any(_held(lk, i) for i in indicators):
        return
    text = "" if "iru" in lk.context.missing_sources else gap_sentence(lk)
    if not text:
        raise Absent(indicators[0])
    raise NoFigures(text)


@say("oversight_records", "iru", "practice records supplied")
def _records_say(lk: Lookup) -> str:
    if "iru" in lk.context.missing_sources:
        raise Absent("practice")
    text = gap_sentence(lk)
    if text:
        raise NoFigures(text)  # said here, once: later items missing the same records say nothing
    return ""


def _versus(lk: Lookup, indicator: str) -> str:
    """ ", compared with 80% in 2014-15" when the previous year has the figure; then any comparators."""
    years = lk.by_year(indicator, last=2)
    before = ""
    if len(years) == 2 and years.index[-1] == lk.year.label:
        before = f", {s.compared_with(years.iloc[0], f'in {years.index[0]}', s.fmt_pct)}"
    others = comparator_words(lk, indicator, s.fmt_pct)
    return before + (f" ({others})" if others else "")


def _pct(lk: Lookup, indicator: str) -> str:
    return s.fmt_pct(lk.value(indicator))


@say("oversight_key_messages", "iru", "key messages on the chairs' oversight")
def _key_messages(lk: Lookup) -> str:
    year, end, days = lk.year.label, s.date_name(lk.year.end), lk.context.timescales

    def allocation() -> str:
        n = lk.value("iro_allocated_within_5wd")
        return (
            f"An IRO was allocated within {days.iro_allocation_working_days} working days of the start of their "
            "period of care for "
            f"{_pct(lk, 'iro_allocated_within_5wd_pct')} of the children who started to be looked after in {year} "
            f"({s.plural(n, 'child', 'children')}){_versus(lk, 'iro_allocated_within_5wd_pct')}."
        )

    def continuity() -> str:
        return (
            f"The IRO changed during the year for {_pct(lk, 'iro_changed_pct')} of the children looked after "
            f"at {end}{_versus(lk, 'iro_changed_pct')}."
        )

    def between() -> str:
        return (
            f"Between a child's reviews, the IRO held a midway review of the plan's progress before "
            f"{_pct(lk, 'midway_coverage_pct')} of the reviews that followed an earlier one"
            f"{_versus(lk, 'midway_coverage_pct')}, and saw or spoke with the child before "
            f"{_pct(lk, 'iro_saw_child_pct')}{_versus(lk, 'iro_saw_child_pct')}."
        )

    def records() -> str:
        return (
            f"Recommendations were issued within {days.recommendations_working_days} working days of "
            f"{_pct(lk, 'recommendations_in_time_pct')} of the reviews held"
            f"{_versus(lk, 'recommendations_in_time_pct')}, and the full record within {days.record_working_days} "
            f"working days of {_pct(lk, 'record_in_time_pct')}{_versus(lk, 'record_in_time_pct')}."
        )

    def advocates() -> str:
        return (
            f"An advocate took part in {_pct(lk, 'review_advocate_pct')} of the reviews held"
            f"{_versus(lk, 'review_advocate_pct')}."
        )

    def quorate() -> str:
        return (
            f"{_pct(lk, 'cp_conference_quorate_pct')} of the child protection conferences held (where quoracy "
            f"was recorded) were quorate{_versus(lk, 'cp_conference_quorate_pct')}."
        )

    lines = [optional(f) for f in (allocation, continuity, between, records, advocates, quorate)]
    if not any(lines):
        need(lk, *MEASURES)
    return bullets(lines)


@table("oversight_measures", "iru", "table of the chairs' oversight measures")
def _measures_table(lk: Lookup) -> Made:
    need(lk, *MEASURES)
    held = [i for i in MEASURES if _held(lk, i)]
    years = [lk.year.previous().label, lk.year.label]
    values = {i: lk.by_year(i, last=2).reindex(years) for i in held}
    years = [y for y in years if any(pd.notna(v[y]) for v in values.values())]
    raw = pd.DataFrame(
        {
            "Measure": [timed(lk, MEASURES[i][0]) for i in held],
            **{y: [values[i][y] for i in held] for y in years},
            "Better when": ["higher" if MEASURES[i][2] else "lower" for i in held],
        }
    )
    display = raw.assign(**{y: tb.percents(raw[y]) for y in years})
    now = pd.Series({i: values[i][lk.year.label] for i in held if MEASURES[i][2]}).dropna()
    caption = f"The chairs' oversight in {lk.year.label}, measure by measure"
    if len(now) > 1:
        best, worst = now.idxmax(), now.idxmin()
        caption = (
            f"The chairs' oversight in {lk.year.label}: strongest on {timed(lk, MEASURES[best][1])} "
            f"({s.fmt_pct(now[best])}), weakest on {timed(lk, MEASURES[worst][1])} ({s.fmt_pct(now[worst])})"
        )
    notes = [
        "Each measure is defined in the appendix of definitions; a measure whose records give no figure for "
        "the year is left out.",
    ]
    return Made(caption, display, raw, notes=notes)


# --- monthly charts ------------------------------------------------------------------------


def _kept(values: pd.Series) -> pd.Series:
    """The values that are figures: a number, or one withheld by disclosure control (shown c)."""
    return values.notna() | values.map(is_withheld)


def _monthly(lk: Lookup, labels: dict[str, str]) -> pd.DataFrame:
    """The months of the year with a figure of each measure (columns Month, Measure,
    Percentage; the measure's label with its timescale, :func:`timed`), months in order, a
    measure's months without a figure left out."""
    need(lk, *labels)
    series = {timed(lk, label): lk.by_month(i, required=False) for i, label in labels.items()}
    months = sorted(set().union(*[set(v.index) for v in series.values()]))
    if not months:
        raise NoFigures(gap_sentence(lk) or f"No month of {lk.year.label} has these figures.")
    frame = pd.DataFrame(
        [(m, label, series[label].get(m)) for m in months for label in series],
        columns=["Month", "Measure", "Percentage"],
    )
    frame = frame.loc[_kept(frame["Percentage"])]
    return frame.assign(Month=frame["Month"].map(s.short_month)).reset_index(drop=True)


def _month_words(short: str) -> str:
    """ "Aug 2015" (a chart's month) as "August 2015"."""
    return s.month_name(pd.Period(pd.to_datetime(short, format="%b %Y"), freq="M").strftime("%Y-%m"))


def _monthly_chart(lk: Lookup, data: pd.DataFrame, subject: str, ylabel: str) -> Made:
    figure = ch.line_chart(data, "Month", "Percentage", series="Measure", ylabel=ylabel, fmt=s.fmt_pct)
    phrases, parts = [], []
    words = {timed(lk, label): timed(lk, phrase) for label, phrase in PHRASES.items()}
    for measure, part in data.groupby("Measure", sort=False):
        first, last = _month_words(part["Month"].iloc[0]), _month_words(part["Month"].iloc[-1])
        latest = s.fmt_pct(part["Percentage"].iloc[-1])
        share = f"the share of reviews with {words.get(measure, _lower(measure))}"
        if len(part) == 1:
            phrases.append(f"{share} was {latest} in {last}")
        else:
            phrases.append(f"{share} {s.trend(list(part['Percentage']))} from {first} to {last}, ending at {latest}")
        parts.append(f"{measure}: latest {latest} in {last}")
    caption = "; ".join(phrases)
    caption = caption[:1].upper() + caption[1:]
    alt = ch.fit_alt(f"Line chart, by month: {subject}.", parts)
    display = data.assign(Percentage=tb.percents(data["Percentage"]))
    return Made(caption, display, data, alt=alt, figure=figure, notes=["Each month's share of the reviews held in it."])


BETWEEN = {
    "midway_coverage_pct": "Midway review since the last",
    "iro_saw_child_pct": "IRO saw the child since the last",
}
RECORDS_IN_TIME = {
    "recommendations_in_time_pct": "Recommendations within {recommendations_working_days} working days",
    "record_in_time_pct": "Record within {record_working_days} working days",
}
ADVOCATES = {"review_advocate_pct": "Advocate took part"}
# Each series of the monthly charts inside a caption: "the share of reviews with ..." (timescales as fields)
PHRASES = {
    BETWEEN["midway_coverage_pct"]: "a midway review since the last review",
    BETWEEN["iro_saw_child_pct"]: "the IRO seeing the child since the last review",
    RECORDS_IN_TIME["recommendations_in_time_pct"]: (
        "recommendations issued within {recommendations_working_days} working days"
    ),
    RECORDS_IN_TIME["record_in_time_pct"]: "the record issued within {record_working_days} working days",
    ADVOCATES["review_advocate_pct"]: "an advocate taking part",
}


@chart(
    "oversight_between_reviews",
    "iru",
    "chart of midway reviews and the IRO seeing the child between reviews",
    data=lambda lk: _monthly(lk, BETWEEN),
)
def _between_chart(lk: Lookup, data: pd.DataFrame) -> Made:
    return _monthly_chart(
        lk,
        data,
        "share of reviews with a midway review, and with the IRO seeing the child, since the last",
        "% of reviews",
    )


@chart(
    "records_in_time",
    "iru",
    "chart of recommendations and records issued on time",
    data=lambda lk: _monthly(lk, RECORDS_IN_TIME),
)
def _records_chart(lk: Lookup, data: pd.DataFrame) -> Made:
    return _monthly_chart(lk, data, "share of reviews with recommendations and records issued on time", "% of reviews")


@chart("advocates_by_month", "iru", "chart of reviews with an advocate", data=lambda lk: _monthly(lk, ADVOCATES))
def _advocates_chart(lk: Lookup, data: pd.DataFrame) -> Made:
    return _monthly_chart(lk, data, "share of reviews in which an advocate took part", "% of reviews")


# --- what children and families told us ----------------------------------------------------


def _feedback(lk: Lookup) -> pd.DataFrame:
    """The year's feedback forms by respondent and meeting type with forms (columns
    Respondent, Meeting, Forms, Mean score, breakdown)."""
    if "iru" in lk.context.missing_sources:
        raise Absent("feedback_forms")
    forms = lk.by_breakdown("feedback_forms", required=False)
    mean = lk.by_breakdown("feedback_score_mean", required=False)
    forms = forms.loc[forms.ne(0)]
    if forms.empty:
        raise NoFigures(
            f"No feedback forms are on record for meetings held in {lk.year.label}: the unit's feedback forms "
            "(iru/feedback.csv) were not supplied, or none is about a meeting in the year."
        )
    pairs = forms.index.str.split("/")
    return pd.DataFrame(
        {
            "Respondent": [codes.RESPONDENT[p[1]].description for p in pairs],
            "Meeting": [codes.MEETING_TYPE[p[0]].description for p in pairs],
            "Forms": forms.to_numpy(),
            "Mean score": mean.reindex(forms.index).to_numpy(),
            "breakdown": list(forms.index),
        }
    )


@table("feedback_by_respondent", "iru", "table of feedback forms")
def _feedback_table(lk: Lookup) -> Made:
    data = _feedback(lk)
    raw = data.drop(columns="breakdown")
    display = raw.assign(
        Forms=tb.counts(raw["Forms"]), **{"Mean score": raw["Mean score"].map(lambda v: tb.shown(v, _score))}
    )
    caption = f"Feedback forms about meetings held in {lk.year.label}, by who gave them"
    if raw["Forms"].notna().any():
        top = raw.loc[raw["Forms"].idxmax()]
        caption = (
            f"Feedback forms about meetings held in {lk.year.label}: most came from "
            f"{_lower(top['Respondent'])} after a {top['Meeting'].lower()} ({s.plural(top['Forms'], 'form')})"
        )
    return Made(
        caption, display, raw, notes=["Scores from 1 to 5, 5 best. Comments written on the forms are not published."]
    )


def _lower(text: str) -> str:
    """A label inside a sentence: its first letter lower case."""
    return text[:1].lower() + text[1:]


def _score(v: float) -> str:
    return s.fmt_number(v, 1)


@chart("feedback_scores", "iru", "chart of feedback scores", data=_feedback)
def _feedback_chart(lk: Lookup, data: pd.DataFrame) -> Made:
    scored = data.loc[_kept(data["Mean score"])]
    if scored.empty:
        raise NoFigures(f"No feedback score can be shown for {lk.year.label}.")
    who = "Who, after which meeting"
    frame = pd.DataFrame(
        {who: scored["Respondent"] + ", " + scored["Meeting"].str.lower(), "Mean score": scored["Mean score"]}
    ).reset_index(drop=True)
    figure = ch.bar_chart(frame, who, "Mean score", xlabel="Mean score (1 to 5, 5 best)", fmt=_score)
    caption = f"Mean feedback scores in {lk.year.label}, by who gave them"
    if frame["Mean score"].notna().any():
        top = frame.loc[frame["Mean score"].idxmax()]
        caption = (
            f"Mean feedback scores in {lk.year.label}: highest from {_lower(top[who])} "
            f"({_score(top['Mean score'])} out of 5)"
        )
    alt = ch.alt_bars(
        "Bar chart",
        f"mean feedback score out of 5 in {lk.year.label}",
        list(frame[who]),
        list(frame["Mean score"]),
        _score,
    )
    display = frame.assign(**{"Mean score": frame["Mean score"].map(lambda v: tb.shown(v, _score))})
    return Made(caption, display, data, alt=alt, figure=figure, notes=["Scores from 1 to 5, 5 best."])
