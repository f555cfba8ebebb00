"""The one error type for bad input, its one-paragraph message, and how a message quotes a value."""

from __future__ import annotations

from dataclasses import dataclass

MAX_SHOWN = 80  # characters of a value a finding quotes

# Control characters (a line break, a tab, a NUL...) quoted as Python writes them, so a
# finding stays on one line and shows what is really in the cell.
_ESCAPES = {c: repr(chr(c))[1:-1] for c in (*range(32), 127, 0x85, 0x2028, 0x2029)}


def shown(value: object, limit: int = MAX_SHOWN) -> str | None:
    """A value as a finding quotes it: control characters escaped, at most ``limit``
    characters, then how long the value really is.

    >>> shown("31/02/2015"), shown("a\\nb\\x00"), shown("x" * 100, limit=5), shown(None)
    ('31/02/2015', 'a\\\\nb\\\\x00', 'xxxxx... (100 characters)', None)
    """
    if value is None:
        return None
    text = str(value)
    cut = text[:limit].translate(_ESCAPES)
    return cut if len(text) <= limit else f"{cut}... ({len(text)} characters)"


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
