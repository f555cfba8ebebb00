"""The unit's practice records for the demo: contacts, review records, escalations and
their steps, feedback forms, and whether each conference was quorate.

``add_practice_records(folder, seed)`` reads a data folder's ``ssda903/`` and ``iru/``
files (as the loader reads them) and writes ``iru/contacts.csv``,
``iru/review_records.csv``, ``iru/escalations.csv``, ``iru/escalation_steps.csv`` and
``iru/feedback.csv``, and ``iru/conferences.csv`` again with a QUORATE column (its other
columns and rows unchanged). ``write_demo_data`` calls it last; it can be run alone on
the committed folder, which is not regenerated. Each kind of record has its own random
stream (``[seed, 4, k]``), so a change in one does not reshuffle the others.

Conventions (also in ``data/demo/README.md``):

* **The records stand as at 30 June 2016** (:data:`EXTRACT`, the report's "time of
  writing"): an issue date, step or resolution drawn after it is not yet recorded (blank,
  or no row). Nothing is drawn before its practice started: contacts and review records
  for the whole review history; escalations from the red RAG forms (November 2015 to
  March 2016); feedback forms from April 2016 (a 2016-17 development in the model
  report, so the 2015-16 figures have none).
* **Contacts** fall strictly between two consecutive reviews of a child in one period of
  care (the reviews the measures place there), on working days, by the IRO allocated on
  the day: a midway review near the middle of the interval, and visits or remote
  contacts anywhere in it. The shares of intervals with each rise over the years
  (:data:`MIDWAY`, :data:`SAW_CHILD`): the model report asks for more oversight between
  meetings.
* **Review records**: one per review in ``reviews.csv``, chaired by the IRO allocated on
  the day. Recommendations mostly within 5 working days, the full record mostly within
  20 (the shares in time rising: :data:`RECOMMENDATIONS_IN_TIME`,
  :data:`RECORD_IN_TIME`), a few records very late, and at the year end a backlog: some
  records of March 2016's reviews still outstanding at the extract; an advocate takes part in some
  reviews of children aged 8 and over (:data:`ADVOCATE`).
* **Escalations**: a share of the red RAG forms (:data:`ESCALATED`) leads the form's
  chair to raise an escalation about the child 1 to 5 working days after the meeting
  (never after the chair left). Its theme is that of a red item ticked on the form
  (:data:`ITEM_THEME`) or, for one in five and for forms with none, a concern no item
  names (:data:`OTHER_THEMES`). The highest stages reached are exact shares
  (:data:`HIGHEST_STAGE`); each stage follows the last after 10 to 25 working days. An
  escalation that reaches Cafcass is resolved by the referral that day; the others are
  resolved (or withdrawn) 2 to 15 working days after their last step, a few much later.
* **Feedback**: forms returned after some meetings from April 2016 (children aged 8 and
  over, carers, parents and professionals after reviews; parents and professionals after
  conferences; :data:`RETURNED`), scores mostly 4 and 5 (:data:`SCORES`).
* **QUORATE**: recorded for every conference; most are quorate, initial conferences a
  little less often (:data:`QUORATE`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import codes
from ..calendar import age_in_years, bank_holidays, working_days_between
from ..load import load_dataset
from ..measures.practice import iro_allocations
from ..measures.reviews import held_reviews, placed_reviews
from . import targets as T
from .unit_records import chair_on
from .writers import write_csv

EXTRACT = pd.Timestamp(T.AS_AT)
FEEDBACK_START = pd.Timestamp("2016-04-01")
PART = 4  # the random streams [seed, PART, k] (looked after 1, child protection 2, unit records 3)

# Shares rising over time: {date: share}, linear between the dates, flat outside them.
MIDWAY = {"2012-04-01": 0.30, "2015-04-01": 0.45, "2016-06-30": 0.70}
SAW_CHILD = {"2012-04-01": 0.35, "2015-04-01": 0.45, "2016-06-30": 0.65}
SECOND_CONTACT = 0.3  # of the intervals with a visit or remote contact, those with two
VISIT = 0.7  # of the contacts with the child, those in person
RECOMMENDATIONS_IN_TIME = {"2012-04-01": 0.75, "2015-04-01": 0.82, "2016-06-30": 0.92}
RECORD_IN_TIME = {"2012-04-01": 0.55, "2015-04-01": 0.66, "2016-06-30": 0.82}
VERY_LATE = 0.15  # of the records issued late, those 46 to 199 working days after the review
# the year end's backlog: of the reviews held in March 2016, as the part-time IRO left (31 March),
# the share whose full record was still outstanding at the extract
BACKLOG = ("2016-03-01", "2016-03-31", 0.10)
ADVOCATE = {"2012-04-01": 0.05, "2015-04-01": 0.10, "2016-06-30": 0.18}
ADVOCATE_AGE = 8

ESCALATED = {"lac_review": 0.30, "cp_conference": 0.20}
ITEM_THEME = {
    "cp_no_report": "care_planning",
    "cp_legal_delay": "drift",
    "cp_plan_delay": "drift",
    "cp_assessment_delay": "drift",
    "cp_visits_missed": "care_planning",
    "cp_new_concerns": "care_planning",
    "lac_visits_late": "care_planning",
    "lac_sw_absent": "care_planning",
    "lac_no_progress": "drift",
    "lac_key_people_missing": "care_planning",
    "lac_assessment_delay": "drift",
    "lac_tasks_outstanding": "drift",
    "lac_plan_delay": "permanence",
    "lac_contact_delay": "contact",
    "lac_legal_delay": "permanence",
    "lac_risk_not_assessed": "placement",
    "lac_health_needs": "health",
    "lac_poor_preparation": "care_planning",
}
UNNAMED = 0.2  # of the escalations, those about a concern no ticked item names
OTHER_THEMES = {"education": 0.45, "placement": 0.2, "health": 0.1, "other": 0.25}
HIGHEST_STAGE = {"informal": 0.55, "stage1": 0.25, "stage2": 0.10, "stage3": 0.05, "cafcass": 0.05}
WITHDRAWN = 0.12
STALLED = 0.12  # of the escalations not referred to Cafcass, those resolved 30 to 79 working days late

# (meeting type, respondent): the chance a form is returned after a meeting
RETURNED = {
    ("lac_review", "child"): 0.30,
    ("lac_review", "parent"): 0.10,
    ("lac_review", "carer"): 0.25,
    ("lac_review", "professional"): 0.15,
    ("cp_conference", "parent"): 0.35,
    ("cp_conference", "professional"): 0.25,
}
SCORES = {  # the chances of the scores 1 to 5
    "child": [0.03, 0.05, 0.17, 0.40, 0.35],
    "parent": [0.08, 0.12, 0.25, 0.35, 0.20],
    "carer": [0.02, 0.05, 0.18, 0.45, 0.30],
    "professional": [0.01, 0.04, 0.20, 0.45, 0.30],
}
QUORATE = {"ICPC": 0.93, "RCPC": 0.97}

CONTACTS = ["CONTACT_ID", "CHILD", "CHAIR_ID", "CONTACT_DATE", "TYPE"]
REVIEW_RECORDS = ["CHILD", "REVIEW_DATE", "CHAIR_ID", "RECOMMENDATIONS_ISSUED", "RECORD_ISSUED", "ADVOCATE"]
ESCALATIONS = ["ESCALATION_ID", "CHILD", "CHAIR_ID", "RAISED_DATE", "THEME", "RESOLVED_DATE", "OUTCOME"]
ESCALATION_STEPS = ["ESCALATION_ID", "STAGE", "STEP_DATE"]
FEEDBACK = ["FEEDBACK_ID", "MEETING_TYPE", "MEETING_DATE", "RESPONDENT", "SCORE"]


def ramp(dates: pd.Series, knots: dict[str, float]) -> np.ndarray:
    """The share on each date: linear between the knots' dates, flat before the first and
    after the last.

    >>> ramp(pd.Series(pd.to_datetime(["2015-01-01", "2015-01-11", "2016-01-01"])),
    ...      {"2015-01-01": 0.2, "2015-01-21": 0.4}).round(2).tolist()
    [0.2, 0.3, 0.4]
    """
    x = pd.to_datetime(list(knots)).to_numpy().astype("datetime64[D]").astype(float)
    return np.interp(dates.to_numpy().astype("datetime64[D]").astype(float), x, list(knots.values()))


def after_working_days(dates: pd.Series, n: np.ndarray) -> pd.Series:
    """The ``n``-th working day after each date (one ``n`` per date, the date itself not
    counted, England's bank holidays skipped): ``calendar.add_working_days`` with a
    number per row.

    >>> friday = pd.Series(pd.to_datetime(["2015-12-18", "2015-12-18"]))
    >>> after_working_days(friday, np.array([1, 5])).dt.strftime("%d/%m").tolist()
    ['21/12', '29/12']
    """
    if dates.empty:
        return dates.astype("datetime64[ns]")
    days = dates.to_numpy().astype("datetime64[D]")
    years = dates.dt.year
    holidays = bank_holidays(int(years.min()) - 1, int(years.max()) + 1)
    shifted = np.busday_offset(days, np.asarray(n, dtype=int), roll="backward", holidays=holidays)
    return pd.Series(shifted.astype("datetime64[ns]"), index=dates.index)


def review_intervals(reviews: pd.DataFrame, care: pd.DataFrame) -> pd.DataFrame:
    """The intervals between consecutive reviews of a child in one period of care (placed as
    the measures place them): CHILD, EARLIER, REVIEW and DAYS (working days after EARLIER
    up to REVIEW), sorted by child and date."""
    placed = placed_reviews(held_reviews(reviews), care)
    same = (placed["_CHILD"] == placed["_CHILD"].shift()) & (placed["START"] == placed["START"].shift())
    later = placed.assign(EARLIER=placed["REVIEW"].shift()).loc[same, ["CHILD", "EARLIER", "REVIEW"]]
    later = later.reset_index(drop=True)
    return later.assign(DAYS=working_days_between(later["EARLIER"], later["REVIEW"]).astype(int))


def contacts(rng: np.random.Generator, intervals: pd.DataFrame, iro: pd.DataFrame) -> pd.DataFrame:
    """The chairs' contacts (``CONTACTS`` columns) in the review intervals of at least two
    working days: a midway review near the middle of some, one or two visits or remote
    contacts in others, each on a working day strictly between the two reviews, by the
    IRO allocated on that day (``iro``: IRO allocations)."""
    room = intervals.loc[intervals["DAYS"] >= 2].reset_index(drop=True)
    n = room["DAYS"].to_numpy()
    midway = rng.random(len(room)) < ramp(room["REVIEW"], MIDWAY)
    middle = np.clip(np.rint(n / 2 + rng.normal(0, n / 8)), 1, n - 1).astype(int)
    seen = (rng.random(len(room)) < ramp(room["REVIEW"], SAW_CHILD)).astype(int)
    seen += (seen == 1) & (rng.random(len(room)) < SECOND_CONTACT)
    with_child = room.loc[room.index.repeat(seen)]
    day = rng.integers(1, with_child["DAYS"].to_numpy())
    kind = np.where(rng.random(len(with_child)) < VISIT, "visit", "remote")
    made = pd.concat(
        [
            room.loc[midway].assign(K=middle[midway], TYPE="midway"),
            with_child.assign(K=day, TYPE=kind),
        ],
        ignore_index=True,
    )
    made["CONTACT_DATE"] = after_working_days(made["EARLIER"], made["K"].to_numpy())
    made = made.drop_duplicates(["CHILD", "CONTACT_DATE", "TYPE"])
    made = made.sort_values(["CONTACT_DATE", "CHILD", "TYPE"], kind="stable").reset_index(drop=True)
    made["CHAIR_ID"] = chair_on(iro, made["CHILD"], made["CONTACT_DATE"])
    made["CONTACT_ID"] = [f"K{i:06d}" for i in range(1, len(made) + 1)]
    return made[CONTACTS]


def review_records(rng: np.random.Generator, reviews: pd.DataFrame, iro: pd.DataFrame) -> pd.DataFrame:
    """One record per review of ``reviews`` (CHILD, DOB, REVIEW), ``REVIEW_RECORDS`` columns:
    the IRO allocated on the day; recommendations 1 to 5 working days after the review
    when in time, else 6 to 15; the full record 8 to 20 when in time, else 21 to 45, or
    46 to 199 for a few (never before the recommendations); an issue date after
    :data:`EXTRACT` left blank, and the records of some of March 2016's reviews still
    outstanding (:data:`BACKLOG`); an advocate in some reviews of children aged 8 and over."""
    held = reviews[["CHILD", "DOB", "REVIEW"]].drop_duplicates(["CHILD", "REVIEW"])
    held = held.sort_values(["CHILD", "REVIEW"], kind="stable").reset_index(drop=True)
    size = len(held)
    quick = rng.random(size) < ramp(held["REVIEW"], RECOMMENDATIONS_IN_TIME)
    first = np.where(quick, rng.integers(1, 6, size), rng.integers(6, 16, size))
    full = rng.random(size) < ramp(held["REVIEW"], RECORD_IN_TIME)
    very = rng.random(size) < VERY_LATE
    late = np.where(very, rng.integers(46, 200, size), rng.integers(21, 46, size))
    record = np.maximum(first, np.where(full, rng.integers(8, 21, size), late))
    recommendations = after_working_days(held["REVIEW"], first)
    issued = after_working_days(held["REVIEW"], record)
    old_enough = (age_in_years(held["DOB"], held["REVIEW"]) >= ADVOCATE_AGE).fillna(False).to_numpy(bool)
    advocate = old_enough & (rng.random(size) < ramp(held["REVIEW"], ADVOCATE))
    first_day, last_day, backlog = BACKLOG
    outstanding = held["REVIEW"].between(first_day, last_day).to_numpy() & (rng.random(size) < backlog)
    return pd.DataFrame(
        {
            "CHILD": held["CHILD"],
            "REVIEW_DATE": held["REVIEW"],
            "CHAIR_ID": chair_on(iro, held["CHILD"], held["REVIEW"]),
            "RECOMMENDATIONS_ISSUED": recommendations.where(recommendations <= EXTRACT),
            "RECORD_ISSUED": issued.where((issued <= EXTRACT) & ~outstanding),
            "ADVOCATE": np.where(advocate, "yes", "no"),
        }
    )[REVIEW_RECORDS]


def exact_shares(rng: np.random.Generator, n: int, shares: dict[str, float]) -> np.ndarray:
    """``n`` labels in the given shares exactly (each rounded down, the rest to the first
    label), in a random order.

    >>> sorted(exact_shares(np.random.default_rng(1), 10, {"a": 0.5, "b": 0.25, "c": 0.25}).tolist())
    ['a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'c', 'c']
    """
    counts = [int(n * s) for s in shares.values()]
    counts[0] += n - sum(counts)
    return np.repeat(list(shares), counts)[rng.permutation(n)]


def escalations_raised(
    rng: np.random.Generator, forms: pd.DataFrame, items: pd.DataFrame, chairs: pd.DataFrame
) -> pd.DataFrame:
    """The escalations raised after red RAG forms: ESCALATION_ID, FORM_ID, CHILD, CHAIR_ID
    (the form's), RAISED_DATE (1 to 5 working days after the meeting, not after the chair's
    END_DATE) and THEME (module docstring), sorted by date and form."""
    red = forms.loc[forms["RATING"] == "red"].sort_values("FORM_ID").reset_index(drop=True)
    chosen = red.loc[rng.random(len(red)) < red["MEETING_TYPE"].map(ESCALATED).to_numpy()].reset_index(drop=True)
    ticked = items.loc[items["FORM_ID"].isin(chosen["FORM_ID"]) & items["ITEM"].isin(list(ITEM_THEME))]
    ticked = ticked.sort_values(["FORM_ID", "ITEM"]).assign(_KEY=lambda t: rng.random(len(t)))
    named = ticked.sort_values(["FORM_ID", "_KEY"]).drop_duplicates("FORM_ID").set_index("FORM_ID")["ITEM"]
    theme = chosen["FORM_ID"].map(named.map(ITEM_THEME))
    unnamed = theme.isna().to_numpy() | (rng.random(len(chosen)) < UNNAMED)
    others = rng.choice(list(OTHER_THEMES), size=len(chosen), p=list(OTHER_THEMES.values()))
    left = chosen["CHAIR_ID"].map(chairs.set_index("CHAIR_ID")["END_DATE"])
    raised = after_working_days(chosen["MEETING_DATE"], rng.integers(1, 6, len(chosen)))
    out = chosen.assign(
        THEME=np.where(unnamed, others, theme.to_numpy(object)),
        RAISED_DATE=raised.where(left.isna() | (raised <= left), left),
    )
    out = out.sort_values(["RAISED_DATE", "FORM_ID"], kind="stable").reset_index(drop=True)
    out["ESCALATION_ID"] = [f"E{i:04d}" for i in range(1, len(out) + 1)]
    return out[["ESCALATION_ID", "FORM_ID", "CHILD", "CHAIR_ID", "RAISED_DATE", "THEME"]]


def escalation_steps(rng: np.random.Generator, raised: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the escalations with RESOLVED_DATE and OUTCOME, ``ESCALATIONS`` columns; their steps,
    ``ESCALATION_STEPS`` columns): the stages up to each one's highest (exact shares),
    informal on the day raised, each next stage 10 to 25 working days after the last;
    resolved as the module docstring says. What falls after :data:`EXTRACT` is not
    recorded: such a step has no row, such an escalation is open."""
    stages = list(codes.ESCALATION_STAGE)
    top = pd.Series(exact_shares(rng, len(raised), HIGHEST_STAGE)).map({s: k for k, s in enumerate(stages)})
    steps = raised.loc[raised.index.repeat(top + 1), ["ESCALATION_ID", "RAISED_DATE"]]
    rank = steps.groupby("ESCALATION_ID").cumcount().to_numpy()
    gap = np.where(rank == 0, 0, rng.integers(10, 26, len(steps)))
    offset = pd.Series(gap, index=steps.index).groupby(steps["ESCALATION_ID"].to_numpy()).cumsum().to_numpy()
    steps = steps.assign(STAGE=np.array(stages)[rank], OFFSET=offset).reset_index(drop=True)
    steps["STEP_DATE"] = after_working_days(steps["RAISED_DATE"], steps["OFFSET"].to_numpy())
    last = steps.groupby("ESCALATION_ID")["OFFSET"].max().reindex(raised["ESCALATION_ID"]).to_numpy()
    referred = (top == len(stages) - 1).to_numpy()
    wait = rng.integers(2, 16, len(raised)) + np.where(
        rng.random(len(raised)) < STALLED, rng.integers(30, 80, len(raised)), 0
    )
    resolved = after_working_days(raised["RAISED_DATE"], np.where(referred, last, last + wait))
    outcome = np.where(
        referred, "referred_cafcass", np.where(rng.random(len(raised)) < WITHDRAWN, "withdrawn", "resolved")
    )
    done = (resolved <= EXTRACT).to_numpy()
    escalations = raised.assign(RESOLVED_DATE=resolved.where(done), OUTCOME=np.where(done, outcome, None))
    return escalations[ESCALATIONS], steps.loc[steps["STEP_DATE"] <= EXTRACT, ESCALATION_STEPS]


def feedback(rng: np.random.Generator, reviews: pd.DataFrame, conferences: pd.DataFrame) -> pd.DataFrame:
    """Feedback forms (``FEEDBACK`` columns) about the meetings held from
    :data:`FEEDBACK_START` to :data:`EXTRACT`: for each meeting and respondent of
    :data:`RETURNED` (a child only when aged 8 or over), a form with that chance, its score
    drawn from :data:`SCORES`. No form names a child."""
    lac = reviews.assign(MEETING_TYPE="lac_review", MEETING_DATE=reviews["REVIEW"])
    lac = lac.assign(OLD_ENOUGH=(age_in_years(lac["DOB"], lac["REVIEW"]) >= ADVOCATE_AGE).fillna(False))
    cp = conferences.assign(CHILD=conferences["LAchildID"], MEETING_TYPE="cp_conference", OLD_ENOUGH=False)
    columns = ["MEETING_TYPE", "MEETING_DATE", "CHILD", "OLD_ENOUGH"]
    meetings = pd.concat([lac[columns], cp[columns]], ignore_index=True)
    meetings = meetings.loc[meetings["MEETING_DATE"].between(FEEDBACK_START, EXTRACT)]
    meetings = meetings.sort_values(["MEETING_DATE", "MEETING_TYPE", "CHILD"], kind="stable")
    chances = pd.DataFrame(
        [(m, r, p) for (m, r), p in RETURNED.items()], columns=["MEETING_TYPE", "RESPONDENT", "CHANCE"]
    )
    asked = meetings.merge(chances, on="MEETING_TYPE")
    asked = asked.loc[(asked["RESPONDENT"] != "child") | asked["OLD_ENOUGH"].astype(bool)].reset_index(drop=True)
    forms = asked.loc[rng.random(len(asked)) < asked["CHANCE"].to_numpy()].reset_index(drop=True)
    cumulative = pd.DataFrame(SCORES).cumsum()[forms["RESPONDENT"]].to_numpy().T  # P(score <= 1), ... per form
    forms["SCORE"] = 1 + (rng.random((len(forms), 1)) > cumulative[:, :4]).sum(axis=1)
    forms["FEEDBACK_ID"] = [f"B{i:05d}" for i in range(1, len(forms) + 1)]
    return forms[FEEDBACK]


def quorate(rng: np.random.Generator, types: pd.Series) -> np.ndarray:
    """``yes`` or ``no`` for each conference of the given TYPEs (chances :data:`QUORATE`)."""
    return np.where(rng.random(len(types)) < types.map(QUORATE).to_numpy(float), "yes", "no")


def add_practice_records(folder: Path, seed: int) -> None:
    """Write the practice records of the data folder ``folder`` (module docstring) from
    its ``ssda903/`` and ``iru/`` files, and its conference log again with QUORATE.
    Same folder and seed, same bytes (files written before are replaced)."""
    folder = Path(folder)
    ds = load_dataset(folder)
    streams = [np.random.default_rng([seed, PART, k]) for k in range(5)]
    iro = iro_allocations(ds.allocations, ds.chairs)
    iru = folder / "iru"
    intervals = review_intervals(ds.reviews, ds.periods_of_care())
    write_csv(contacts(streams[0], intervals, iro), iru / "contacts.csv", CONTACTS)
    write_csv(review_records(streams[1], ds.reviews, iro), iru / "review_records.csv", REVIEW_RECORDS)
    raised = escalations_raised(streams[2], ds.rag_forms, ds.rag_items, ds.chairs)
    escalations, steps = escalation_steps(streams[2], raised)
    write_csv(escalations, iru / "escalations.csv", ESCALATIONS)
    write_csv(steps, iru / "escalation_steps.csv", ESCALATION_STEPS)
    write_csv(feedback(streams[3], ds.reviews, ds.conferences), iru / "feedback.csv", FEEDBACK)
    log = pd.read_csv(iru / "conferences.csv", dtype=str, keep_default_na=False)
    log = log.drop(columns="QUORATE", errors="ignore")
    write_csv(log.assign(QUORATE=quorate(streams[4], log["TYPE"])), iru / "conferences.csv", [*log.columns, "QUORATE"])
