"""The one error type for bad input, and its one-paragraph message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InputError(Exception):
    """Bad input that stops a run: names the file, row, column, value and rule broken.

    ``row`` is the 1-based data row (the header line is not counted), or None when the
    problem concerns a whole file or column.

    >>> str(InputError("episodes.csv", 214, "DECOM", "31/02/2015", "is not a date (expected dd/mm/yyyy)"))
    'episodes.csv, row 214, column DECOM: "31/02/2015" is not a date (expected dd/mm/yyyy).'
    """

    file: str
    row: int | None
    column: str | None
    value: object
    rule: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        value = "" if self.value is None else f'"{self.value}" '
        return f"{', '.join(where)}: {value}{self.rule}."


class InputErrors(Exception):
    """Several input errors found together; the CLI prints each on its own line, then
    ``hint`` (what the user can do about them), if any, as the last line."""

    def __init__(self, errors: list[InputError], hint: str = ""):
        super().__init__(f"{len(errors)} error(s) in the input")
        self.errors = errors
        self.hint = hint

    def __str__(self) -> str:
        return "\n".join([str(e) for e in self.errors] + ([self.hint] if self.hint else []))
