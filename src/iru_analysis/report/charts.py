"""Charts for the report: matplotlib/seaborn figures wrapped as accessible HTML.

A :class:`Chart` is what a notebook cell displays. It keeps its matplotlib ``Figure``
(``chart.figure``), so an analyst can adjust it (titles, limits) and display the chart
again. Its ``_repr_html_`` renders the figure as it stands to a ``<figure>``
holding the chart as SVG (vector, so sharp on paper; an ``<img>`` with a base64 ``data:``
URL, its text drawn as outlines, and in its ``data-print`` attribute the same chart with
its text as text, which :mod:`.pdf` prints instead: see below) with alt text giving the
chart's main message, a numbered ``<figcaption>``
("Figure 3.1: <the finding>") and the data behind the chart as a real table, so nothing
is available only as a picture (WCAG 1.1.1) and nbconvert never substitutes its "No
description has been provided" placeholder. The ``<img alt>`` is what a screen reader
reads in the HTML and what the tagged PDF's Figure element carries as ``/Alt``. The data
table sits in ``<details class="iru-chart-data">``: the printed report leaves it out (the
HTML and ``tables/`` keep it; see ``templates/report.css``).

matplotlib and seaborn are imported by the functions that draw (:func:`house_style`,
first called by the first chart), not by this module: the content modules import it for
its palette and alt-text helpers, and a section that draws no chart never pays for them.

House style, defined once here:

* Colours: the Okabe–Ito palette, safe for the common colour-vision deficiencies.
  Colour is never the only cue: lines carry distinct markers and dashes and are
  labelled directly at their ends; bars carry their values, and bars of different
  series carry different hatching and a legend.
* Size: 7 inches wide (the width of the text on an A4 page), fonts 9.5–11 pt, in the
  project's typeface (:mod:`.fonts`). On screen (and in report.docx) the text is drawn as
  outlines, so a chart looks the same on every machine without the font. The PDF's copy
  (:attr:`Chart.print_svg`) keeps its text as text in that typeface, which the PDF embeds
  once for the whole report (the glyph outlines, thousands in each chart, took the PDF
  engine longer to draw than the rest of the report took to print).
* Hatching: line patterns only (diagonals, crosses, lines), quick to print; dots or rings
  would be thousands of small curves to draw in each bar.
* Byte for byte: the SVG's ids come from a fixed salt and it carries no date, so two
  builds of the same inputs write the same report.
"""

from __future__ import annotations

import base64
import html
import io
import pickle
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..disclosure import is_withheld
from . import fonts
from .tables import html_table

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Okabe & Ito (2008), "Color Universal Design": colour-blind-safe qualitative palette.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
PALETTE = [OKABE_ITO[c] for c in ("blue", "orange", "green", "vermillion", "sky", "purple", "black")]
RAG_COLOURS = {"red": OKABE_ITO["vermillion"], "amber": OKABE_ITO["orange"], "green": OKABE_ITO["green"]}
MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1)), "-"]
HATCHES = ["", "///", "\\\\\\", "xx", "--", "++", "||"]
GREY = "#595959"  # text and reference marks (contrast 7:1 on white)

WIDTH_IN = 7.0
SVG_SALT = "iru-report"  # ids in the SVG (clip paths, glyphs) from this, not from a random number
STYLE = {
    "font.family": "sans-serif",
    "font.sans-serif": [fonts.FAMILY, "DejaVu Sans"],  # DejaVu (matplotlib's own) for a glyph it lacks
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "xtick.labelsize": 9.5,
    "ytick.labelsize": 9.5,
    "legend.fontsize": 9.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": GREY,
    "axes.labelcolor": "#222222",
    "xtick.color": "#222222",
    "ytick.color": "#222222",
    "svg.fonttype": "path",  # text as outlines: no font needed to show it (the PDF's copy: PRINT_STYLE)
    "svg.hashsalt": SVG_SALT,
    "text.parse_math": False,  # a name from the inputs with two "$" is text, not mathematics
}
# The PDF's copy of a chart: its text as text, in the typeface the PDF embeds (pdf.py)
PRINT_STYLE = {**STYLE, "svg.fonttype": "none"}


@dataclass
class Chart:
    """A numbered chart: its matplotlib figure, alt text, caption (the finding) and the data
    behind it (as displayed). Change ``figure`` (``chart.figure.axes[0].set_ylim(50, 100)``)
    and display the chart again: it is drawn from the figure as it then stands."""

    number: str
    caption: str
    alt: str
    figure: Figure
    data: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def svg(self) -> bytes:
        """The figure as it stands, as SVG bytes, its text as outlines."""
        return to_svg(self.figure)

    @property
    def print_svg(self) -> bytes:
        """The figure as it stands, as SVG bytes, its text as text in the project's typeface
        (:data:`PRINT_STYLE`): what the PDF prints."""
        return to_svg(self.figure, PRINT_STYLE)

    @property
    def title(self) -> str:
        return f"Figure {self.number}: {self.caption}"

    def _repr_html_(self) -> str:
        anchor = "figure-" + self.number.replace(".", "-")
        image = base64.b64encode(self.svg).decode("ascii")
        printed = base64.b64encode(self.print_svg).decode("ascii")
        table = html_table(self.data, f"Data for figure {self.number}", self.notes)
        return "\n".join(
            [
                f'<figure class="iru-chart" id="{anchor}">',
                f'<img src="data:image/svg+xml;base64,{image}" alt="{html.escape(self.alt, quote=True)}" '
                f'data-print="data:image/svg+xml;base64,{printed}" style="width:100%;height:auto">',
                f"<figcaption>{html.escape(self.title)}</figcaption>",
                f'<details class="iru-chart-data"><summary>Data for figure {self.number}</summary>',
                table,
                "</details>",
                "</figure>",
            ]
        )

    def __repr__(self) -> str:
        return self.title


# --- drawing ---------------------------------------------------------------------------


@cache
def house_style() -> dict[str, Any]:
    """The rc parameters a figure is made with: seaborn's "white" axes style under
    :data:`STYLE`. matplotlib, its Agg backend chosen first (seaborn imports pyplot), and
    seaborn are imported here, when the first chart is drawn, and the project's font
    files are added to matplotlib's list."""
    import matplotlib

    matplotlib.use("Agg")
    import seaborn as sns

    fonts.register_with_matplotlib()

    return {**sns.axes_style("white"), **STYLE}


def new_figure(height: float = 3.6) -> tuple[Figure, Axes]:
    """A figure of the house width and style. It is made without pyplot, so no figure
    manager holds it: it is freed with the last reference to it (nothing to close)."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(house_style()):
        fig = Figure(figsize=(WIDTH_IN, height), layout="constrained")
        ax = fig.add_subplot()
    return fig, ax


def to_svg(fig: Figure, style: dict[str, Any] = STYLE) -> bytes:
    """The figure as SVG bytes, in the house style (``style``: :data:`STYLE`, text as
    outlines, or :data:`PRINT_STYLE`, text as text), without a date (so the same figure
    gives the same bytes in every build). A copy is drawn, not ``fig`` itself:
    the constrained layout of a figure drawn before starts from the last one and can shift,
    so each rendering of the same figure gives the same image. A figure that cannot be
    copied (an analyst's formatter given as a lambda, say) is drawn itself."""
    import matplotlib

    try:
        drawn = pickle.loads(pickle.dumps(fig))
    except (pickle.PicklingError, AttributeError, TypeError):
        drawn = fig
    buffer = io.BytesIO()
    house_style()  # the fonts registered, for a figure made before any chart of the house
    with matplotlib.rc_context(style):
        drawn.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def line_chart(
    frame: pd.DataFrame,
    x: str,
    y: str,
    series: str | None = None,
    ylabel: str = "",
    fmt: Callable[[float], str] = lambda v: f"{v:,.0f}",
    label_points: bool = True,
    ylim_zero: bool = True,
) -> Figure:
    """Lines of ``y`` against ``x`` (categories in the frame's order), one per ``series``.

    Each series has its own colour, marker and dash, and its name is written at the
    end of its line (no legend to match by colour). With ``label_points`` each point
    carries its value. A missing value (NaN) is no point: the line breaks there.
    """
    fig, ax = new_figure()
    groups = [(None, frame)] if series is None else list(frame.groupby(series, sort=False))
    positions = {label: i for i, label in enumerate(pd.unique(frame[x]))}
    top = frame[y].max() if len(frame) else 0
    ends: list[tuple[float, float, str, str]] = []  # (last value, x, label, colour) of each series
    for k, (name, part) in enumerate(groups):
        xs = part[x].map(positions)
        colour = PALETTE[k % len(PALETTE)]
        ax.plot(
            xs,
            part[y],
            color=colour,
            marker=MARKERS[k % len(MARKERS)],
            linestyle=LINESTYLES[k % len(LINESTYLES)],
            linewidth=2,
            markersize=6,
        )
        if label_points and series is None:
            values = list(part[y])
            for i, (px, py) in enumerate(zip(xs, values)):
                if pd.isna(py):
                    continue
                around = [values[j] for j in (i - 1, i + 1) if 0 <= j < len(values) and not pd.isna(values[j])]
                below = bool(around) and py < sum(around) / len(around)  # a dip: label under the point
                ax.annotate(
                    fmt(py),
                    (px, py),
                    textcoords="offset points",
                    xytext=(0, -9 if below else 7),
                    ha="center",
                    va="top" if below else "bottom",
                    fontsize=8.5,
                    color=colour if series else "#222222",
                )
        if name is not None and len(part):
            ends.append((part[y].iloc[-1], xs.iloc[-1], f"{name}: {fmt(part[y].iloc[-1])}", colour))
    ax.set_xticks(range(len(positions)), list(positions), rotation=0)
    if len(positions) > 8:
        for tick in ax.get_xticklabels():
            tick.set_rotation(45)
            tick.set_ha("right")
    ax.set_ylabel(ylabel)
    ax.set_xlabel("")
    if ylim_zero:
        ax.set_ylim(0, top * 1.15 if top else 1)
    if series is not None:
        ax.set_xlim(-0.5, len(positions) - 0.5 + 2.2)
    _label_line_ends(ax, ends)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    return fig


def _label_line_ends(ax, ends: list[tuple[float, float, str, str]]) -> None:
    """Name each series at the end of its line with its last value (no legend to decode by
    colour), moving labels apart when their lines end close together."""
    low, high = ax.get_ylim()
    close = 0.08 * (high - low)
    previous, offset = None, 0
    for value, x, label, colour in sorted(ends):
        offset = offset + 26 if previous is not None and value - previous < close else 0
        ax.annotate(
            _wrap(label, 24),
            (x, value),
            textcoords="offset points",
            xytext=(10, offset),
            va="center",
            fontsize=9.5,
            color=colour,
            fontweight="bold",
        )
        previous = value


def bar_chart(
    frame: pd.DataFrame,
    category: str,
    value: str,
    xlabel: str = "",
    fmt: Callable[[float], str] = lambda v: f"{v:,.0f}",
    colour: str = PALETTE[0],
    reference_band: tuple[float, float] | None = None,
    band_label: str = "",
    wrap: int = 38,
    integer_axis: bool = False,
) -> Figure:
    """Horizontal bars, one per category in the frame's order (top to bottom), values written on.

    ``reference_band`` shades a range on the value axis (for example the IRO Handbook's
    50–70 caseload) and labels it, so the comparison does not rely on colour.
    """
    height = max(2.2, 0.42 * len(frame) + 1.0)
    fig, ax = new_figure(height)
    labels = [_wrap(c, wrap) for c in frame[category]]
    ypos = range(len(frame))[::-1]
    ax.barh(list(ypos), frame[value], color=colour, edgecolor="#333333", linewidth=0.6)
    top = max(frame[value].max() if len(frame) else 0, reference_band[1] if reference_band else 0)
    for yv, v in zip(ypos, frame[value]):
        ax.annotate(fmt(v), (v, yv), textcoords="offset points", xytext=(4, 0), va="center", fontsize=9.5)
    if reference_band:
        ax.axvspan(*reference_band, facecolor="#d9d9d9", hatch="//", edgecolor="#9a9a9a", linewidth=0, zorder=0)
        ax.set_ylim(-0.6, len(frame) - 0.4 + 0.45)  # room above the bars for the band's label
        ax.annotate(
            band_label,
            (sum(reference_band) / 2, len(frame) - 0.45),
            ha="center",
            va="bottom",
            fontsize=9,
            color="#222222",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
        )
    ax.set_yticks(list(ypos), labels)
    ax.set_xlim(0, (top or 1) * 1.18)
    if integer_axis:
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    return fig


def grouped_bar_chart(
    frame: pd.DataFrame,
    x: str,
    series: str,
    value: str,
    ylabel: str = "",
    fmt: Callable[[float], str] = lambda v: f"{v:,.0f}",
    colours: Sequence[str] | None = None,
) -> Figure:
    """Vertical bars grouped by ``x``, one bar per ``series``, each series hatched differently
    and each bar labelled with its value; the legend shows colour and hatch together."""
    fig, ax = new_figure(3.8)
    xs = list(pd.unique(frame[x]))
    names = list(pd.unique(frame[series]))
    width = 0.8 / max(len(names), 1)
    colours = list(colours) if colours else PALETTE
    top = frame[value].max() if len(frame) else 0
    for k, name in enumerate(names):
        part = frame[frame[series] == name].set_index(x)[value].reindex(xs)
        pos = [i - 0.4 + width * (k + 0.5) for i in range(len(xs))]
        bars = ax.bar(
            pos,
            part.fillna(0),
            width=width * 0.95,
            color=colours[k % len(colours)],
            hatch=HATCHES[k % len(HATCHES)],
            edgecolor="#333333",
            linewidth=0.6,
            label=str(name),
        )
        for bar, v in zip(bars, part):
            if pd.notna(v) or is_withheld(v):  # a withheld value is labelled c
                ax.annotate(
                    fmt(v),
                    (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    textcoords="offset points",
                    xytext=(0, 2),
                    ha="center",
                    fontsize=8,
                    rotation=90 if len(xs) * len(names) > 16 else 0,
                    va="bottom",
                )
    ax.set_xticks(range(len(xs)), [_wrap(v, 16) for v in xs])
    if len(xs) > 8:
        for tick in ax.get_xticklabels():
            tick.set_rotation(45)
            tick.set_ha("right")
    ax.set_ylim(0, (top or 1) * 1.15)
    ax.set_ylabel(ylabel)
    fig.legend(frameon=False, ncols=len(names) if len(names) <= 3 else 2, loc="outside lower center")
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    return fig


# --- alt text --------------------------------------------------------------------------


def alt_trend(
    kind: str, subject: str, labels: Sequence[str], values: Sequence[float], fmt: Callable[[float], str]
) -> str:
    """Alt text for a line over time, its message first: the whole series' direction
    (:func:`~iru_analysis.report.sentences.trend`), then its extremes and latest value, over
    the points shown (a withheld or missing value is left out). About 250 characters at most.

    >>> alt_trend("Line chart", "children looked after at each month end",
    ...           ["April 2015", "May 2015", "March 2016"], [311, 313, 283], lambda v: f"{v:.0f}")
    'Line chart: children looked after at each month end fell from April 2015 to March 2016; highest 313 in May 2015, lowest 283 in March 2016, latest 283 in March 2016.'
    """
    from .sentences import trend

    shown = [(label, v) for label, v in zip(labels, values) if not pd.isna(v)]
    if not shown:
        return f"{kind}: {subject}; no values shown."
    labels, values = [label for label, _ in shown], [v for _, v in shown]
    hi = max(range(len(values)), key=lambda i: values[i])
    lo = min(range(len(values)), key=lambda i: values[i])
    return (
        f"{kind}: {subject} {trend(values)} from {labels[0]} to {labels[-1]}; highest {fmt(values[hi])} in "
        f"{labels[hi]}, lowest {fmt(values[lo])} in {labels[lo]}, latest {fmt(values[-1])} in {labels[-1]}."
    )


ALT_LIMIT = 250  # characters: alt text states the message; every value is in the data table


def fit_alt(lead: str, parts: Sequence[str], limit: int = ALT_LIMIT) -> str:
    """``lead`` then as many of ``parts`` (most important first) as fit in ``limit``
    characters, saying how many more the data table holds.

    >>> fit_alt("Bar chart: ages.", ["Under 1 15", "1 to 4 16", "5 to 9 11"], limit=60)
    'Bar chart: ages. Under 1 15; 2 more in the data table.'
    >>> fit_alt("Bar chart: ages.", ["Under 1 15", "1 to 4 16"], limit=45)
    'Bar chart: ages. 2 more in the data table.'
    """
    text = lead
    for i, part in enumerate(parts):
        rest = len(parts) - i - 1
        tail = f"; {rest} more in the data table." if rest else "."
        candidate = f"{text}{' ' if i == 0 else '; '}{part}"
        if len(candidate + tail) > limit:
            return f"{text}{' ' if i == 0 else '; '}{len(parts) - i} more in the data table."
        text = candidate
    return text + "."


def alt_bars(
    kind: str, subject: str, labels: Sequence[str], values: Sequence[float], fmt: Callable[[float], str]
) -> str:
    """Alt text for bars: the largest first, as many as fit in about 250 characters
    (:func:`fit_alt`); a withheld or missing value is left out.

    >>> alt_bars("Bar chart", "placements at 31 March 2016", ["Foster", "Adoption"], [3.5, 65.4],
    ...          lambda v: f"{v:.1f}%")
    'Bar chart: placements at 31 March 2016. Adoption 65.4%; Foster 3.5%.'
    """
    shown = sorted(((v, label) for label, v in zip(labels, values) if pd.notna(v)), key=lambda p: -p[0])
    pairs = [f"{_short(label)} {fmt(v)}" for v, label in shown]
    return fit_alt(f"{kind}: {subject}.", pairs)


def _short(label: str, width: int = 60) -> str:
    """A label cut to ``width`` characters for alt text (the data table has it whole)."""
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"
