"""Tables for the report: accessible HTML (caption, header scopes) and the CSV behind them.

A :class:`Table` is what a notebook cell displays: its ``_repr_html_`` is a real
``<table>`` with a numbered ``<caption>`` ("Table 5.1: ..."), ``<th scope="col">`` for the
column headers and ``<th scope="row">`` for the first cell of each row, so that a screen
reader can announce each value with its headings. The stitched report keeps that HTML
verbatim. The same frame (as displayed, already formatted) is written as CSV.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..disclosure import WITHHELD, is_withheld, withheld_cells

TABLE_CLASS = "iru-table"
NUMBER = re.compile(r"^[-+]?[\d,]+(\.\d+)?%?$")  # "882", "1,234", "90%", "-2.5"


def _cell(text: str) -> str:
    """A data cell; numbers, and the ``c`` of a withheld one, get ``class="num"`` so that
    they line up on the right."""
    return f'<td class="num">{text}</td>' if NUMBER.match(text) or text == WITHHELD else f"<td>{text}</td>"


def html_table(frame: pd.DataFrame, caption: str, notes: list[str] | None = None) -> str:
    """``frame`` as an accessible HTML table; its first column heads the rows.

    Values are shown as they are held (format them first); missing values are shown
    as an empty cell; numeric cells are marked ``class="num"``; each of the ``notes`` is a
    row of the footer, its text in a ``<span>`` (which report.css keeps within a narrow
    screen while the table scrolls sideways). Everything is HTML-escaped.

    >>> print(html_table(pd.DataFrame({"Year": ["2015-16"], "Reviews": ["882"]}), "Reviews"))
    <table class="iru-table">
    <caption>Reviews</caption>
    <thead><tr><th scope="col">Year</th><th scope="col">Reviews</th></tr></thead>
    <tbody>
    <tr><th scope="row">2015-16</th><td class="num">882</td></tr>
    </tbody>
    </table>
    """
    esc = lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else html.escape(str(v))  # noqa: E731
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False, name=None):  # rows of a display table, not children
        cells = [f'<th scope="row">{esc(row[0])}</th>'] + [_cell(esc(v)) for v in row[1:]]
        body.append("<tr>" + "".join(cells) + "</tr>")
    lines = [
        f'<table class="{TABLE_CLASS}">',
        f"<caption>{html.escape(caption)}</caption>",
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *body,
        "</tbody>",
    ]
    if notes:
        span = max(len(frame.columns), 1)
        foot = "".join(f'<tr><td colspan="{span}"><span>{html.escape(n)}</span></td></tr>' for n in notes)
        lines.append(f"<tfoot>{foot}</tfoot>")
    lines.append("</table>")
    return "\n".join(lines)


USED = "used.json"  # tables/NN_used.json: the figures rows each numbered figure and table of section NN shows


def used_in(figures: pd.DataFrame, tables_dir: Path) -> pd.Series:
    """For each row of ``figures`` (as the notebooks read it), the figures and tables that
    show it, from the sections' ``tables/NN_used.json``: "Figure 5.1; Table 5.2" ("" when none).

    >>> import json, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "05_used.json").write_text(json.dumps({"Figure 5.1": [0, 2], "Table 5.1": [2]}))
    >>> used_in(pd.DataFrame({"value": [1.0, 2.0, 3.0]}), folder).tolist()
    ['Figure 5.1', '', 'Figure 5.1; Table 5.1']
    """
    shown: dict[int, list[str]] = {}
    for path in sorted(Path(tables_dir).glob(f"*_{USED}")):
        for item, rows in json.loads(path.read_text(encoding="utf-8")).items():
            for row in rows:
                shown.setdefault(row, []).append(item)
    return pd.Series(["; ".join(shown.get(i, [])) for i in range(len(figures))], index=figures.index)


CSV_DECIMALS = 2  # the most decimals the report prints (a mean caseload, 10.16)


def printed_decimals(shown: pd.DataFrame) -> pd.DataFrame:
    """The decimals each cell of a display frame is printed with (``"99%"``: 0,
    ``"10.2"``: 1, ``"1,234"``: 0); missing where a cell is not a number.

    >>> printed_decimals(pd.DataFrame({"a": ["99%", "10.25", "n/a"]}))["a"].tolist()
    [0.0, 2.0, nan]
    """
    return shown.apply(_printed_places).astype(float)


def _printed_places(column: pd.Series) -> pd.Series:
    """:func:`printed_decimals` of one column."""
    text = pd.Series([str(v) for v in column], index=column.index, dtype=object)  # any dtype, as printed
    fraction = text.str.extract(r"\.(\d+)%?$", expand=False).astype(object).fillna("")
    return fraction.map(len).astype(float).where(text.str.match(NUMBER.pattern).astype(bool))


def csv_numbers(frame: pd.DataFrame, decimals: int = CSV_DECIMALS, shown: pd.DataFrame | None = None) -> pd.DataFrame:
    """``frame`` as a published CSV writes it: every float rounded to the decimals its
    cell is printed with in ``shown`` (the same frame as displayed, cells matched by row
    and column label: :func:`printed_decimals`), else to ``decimals`` places; written as
    an integer when it is then whole (a count). So no CSV holds a percentage with 16
    digits, whose decimals could pass for an identifier, nor a precision the report does
    not print. A withheld value (:mod:`iru_analysis.disclosure`) is written "c".

    >>> frame = pd.DataFrame({"label": ["a", "b", "c"], "value": [311.0, 10.15625, None]})
    >>> csv_numbers(frame).to_csv(index=False)
    'label,value\\na,311\\nb,10.16\\nc,\\n'
    >>> csv_numbers(frame, shown=pd.DataFrame({"label": ["a", "b", "c"], "value": ["311", "10.2", ""]}))["value"].tolist()
    [311, 10.2, nan]
    """
    floats = frame.select_dtypes("float").columns
    hidden = frame[floats].apply(withheld_cells)
    places = pd.DataFrame(float(decimals), index=frame.index, columns=floats)
    if shown is not None:
        places = printed_decimals(shown).reindex(index=frame.index, columns=floats).fillna(places)
    scale = 10.0**places
    rounded = (frame[floats] * scale).round() / scale
    whole = rounded.mod(1).eq(0)
    integers = rounded.where(whole, 0).astype("int64").astype(object)
    shown_values = rounded.astype(object).mask(whole, integers).mask(hidden, WITHHELD)
    return frame.assign(**{c: shown_values[c] for c in floats})


def write_csv(
    frame: pd.DataFrame, folder: str | Path | None, name: str, shown: pd.DataFrame | None = None
) -> Path | None:
    """Write ``frame`` to ``folder/name.csv`` (creating the folder), numbers as
    :func:`csv_numbers` writes them (to the precision ``shown``, the frame as displayed,
    prints them); nothing when no folder."""
    if not folder:
        return None
    path = Path(folder) / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    csv_numbers(frame, shown=shown).to_csv(path, index=False)
    return path


def table_region(anchor: str, title: str, table: str) -> str:
    """The HTML ``table`` in the report's wrapper: a region of its own, focusable and named
    by the table's ``title``, so that a table wider than a narrow screen scrolls inside it
    (report.css), by keyboard too, while the page does not.

    >>> print(table_region("table-1-1", "Table 1.1: A & B", "<table></table>"))
    <div class="iru-table-wrap" id="table-1-1" role="region" tabindex="0" aria-label="Table 1.1: A &amp; B">
    <table></table>
    </div>
    """
    region = f'role="region" tabindex="0" aria-label="{html.escape(title)}"'
    return f'<div class="iru-table-wrap" id="{anchor}" {region}>\n{table}\n</div>'


@dataclass
class Table:
    """A numbered table of the report, displayed as accessible HTML.

    ``number`` is e.g. "5.1" (section 5, first table); ``caption`` states the finding.
    ``notes`` are shown under the table (sources, gaps such as "1 child with no
    ethnicity recorded").
    """

    number: str
    caption: str
    data: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Table {self.number}: {self.caption}"

    def _repr_html_(self) -> str:
        return table_region(
            "table-" + self.number.replace(".", "-"), self.title, html_table(self.data, self.title, self.notes)
        )

    def __repr__(self) -> str:
        return self.title


# --- formatting helpers for display frames ---------------------------------------------


def counts(values: pd.Series) -> pd.Series:
    """Counts shown as whole numbers with thousands separators (withheld: "c"; missing: blank)."""
    from .sentences import fmt_count

    return values.map(lambda v: shown(v, fmt_count))


def percents(values: pd.Series, decimals: int = 0) -> pd.Series:
    """Percentages shown rounded half up with a % sign (withheld: "c"; missing: blank)."""
    from .sentences import fmt_pct

    return values.map(lambda v: shown(v, lambda x: fmt_pct(x, decimals)))


def shown(value: float | None, fmt: Callable[[float], str]) -> str:
    """A table cell: ``fmt(value)``; "c" for a withheld value; blank for a missing one."""
    if is_withheld(value):
        return WITHHELD
    return "" if value is None or pd.isna(value) else fmt(value)
