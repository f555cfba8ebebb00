"""Loading and validation of a data folder (docs/design.md §2; docs/data-folder.md).

* ``read_dataset(folder)`` reads every source present (``ssda903/``, ``cin/``, ``iru/``,
  ``reference/``), checks it, and returns a ``Dataset`` holding the typed tables, every
  finding (``ds.findings``: errors and warnings, each naming file, row, column, value
  and rule), the sources not supplied (``ds.missing_sources``) and the sha256 of every
  file read (``ds.file_hashes``). It never raises for a problem in the data.
* ``load_dataset(folder)`` does the same, then raises ``InputErrors`` listing the
  errors (at most 50, then "and N more", then how to leave the children with errors
  out) if there are any; warnings do not stop it. ``load_dataset(folder,
  exclude_invalid=True)`` instead leaves out every child with an error, in every source,
  and carries on (``exclusion``); errors about no single child still stop it.

Layout: ``schemas`` (tables and one-column rules, as pandera schemas), ``csv_tables``
(reading text into tables), ``checks`` (shared cross-row checks), one module per
source (``ssda903``, ``cin``, ``iru``, ``reference``), ``plausible`` (checks across the
whole folder: implausible dates, a missing reviews.csv), ``findings`` (the findings
table), ``exclusion`` (leaving children with errors out).
"""

from __future__ import annotations

from pathlib import Path

from ..dataset import Dataset
from ..errors import InputError
from .cin import read_cin
from .csv_tables import Reader, Table, usable
from .exclusion import exclude_children
from .findings import as_input_errors, combine, file_finding
from .iru import check_practice_links, read_iru
from .plausible import check_plausible, missing_reviews
from .reference import read_reference
from .returns import history_start
from .ssda903 import read_ssda903

SOURCES = {"ssda903": read_ssda903, "cin": read_cin, "iru": read_iru, "reference": read_reference}


def read_dataset(folder: Path) -> Dataset:
    """Every source in ``folder``, typed and checked; problems are findings, not exceptions.

    A folder that does not exist or holds none of the four subfolders gives one error
    finding naming the folder.
    """
    folder = Path(folder)
    dataset = Dataset(folder=folder)
    reader = Reader(folder)
    if not folder.is_dir():
        dataset.missing_sources = list(SOURCES)
        dataset.findings = combine([file_finding(str(folder), "the data folder does not exist")])
        return dataset
    tables: dict[str, Table] = {}
    for source, read in SOURCES.items():
        path = folder / source
        if path.is_dir():
            tables.update(read(reader, path))
        else:
            dataset.missing_sources.append(source)
    if len(dataset.missing_sources) == len(SOURCES):
        reader.findings.append(
            file_finding(str(folder), "the data folder holds none of the subfolders ssda903/, cin/, iru/, reference/")
        )
    if "ssda903" not in dataset.missing_sources:
        reader.findings.append(missing_reviews(folder / "ssda903"))
    check_plausible(usable(tables))
    check_practice_links(usable(tables))
    for name, table in tables.items():
        setattr(dataset, name, table.public())
    dataset.findings = combine(reader.findings + [f for t in tables.values() for f in t.findings])
    dataset.file_hashes = dict(sorted(reader.hashes.items()))
    dataset.history_from = history_start(folder / "ssda903")
    return dataset


def load_dataset(folder: Path, exclude_invalid: bool = False) -> Dataset:
    """``read_dataset``, then raise ``InputErrors`` if any finding is an error -- or,
    with ``exclude_invalid``, leave out every child with an error and carry on.

    Raises:
        InputError: the folder does not exist or holds none of the four subfolders.
        InputErrors: every error found (the first 50, then a line saying how many more,
            then how to leave out the children with errors); with ``exclude_invalid``,
            the errors that concern no single child.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), None, None, None, "the data folder does not exist")
    dataset = read_dataset(folder)
    if len(dataset.missing_sources) == len(SOURCES):
        raise InputError(
            str(folder),
            None,
            None,
            None,
            "the data folder holds none of the subfolders ssda903/, cin/, iru/, reference/",
        )
    errors = as_input_errors(dataset.findings, str(folder))
    if errors is None:
        return dataset
    if not exclude_invalid:
        raise errors
    return exclude_children(dataset, str(folder))


__all__ = ["read_dataset", "load_dataset"]
