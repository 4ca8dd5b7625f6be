"""CSV as spreadsheets open it: the one writer every CSV download uses. Pure:
standard library only.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a
formula to Excel and LibreOffice, so a username like `=HYPERLINK(...)` would run
when a teacher opens a report. Such cells go out behind a `'` (OWASP's rule for
CSV injection), which spreadsheets show as text and do not print. Plain numbers
(`-0.25`, `+3`) stay numbers. Reading quizsite's own CSV back (`unguarded`)
drops the mark again, so an export imports as it was.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
GUARD = "'"


def guarded(cell) -> str:
    """`cell` as text a spreadsheet will not run as a formula. Marks already in
    front of such a text get one more, so that `unguarded` gives every text back."""
    text = "" if cell is None else str(cell)
    return GUARD + text if _is_formula(text.lstrip(GUARD)) else text


def unguarded(cell: str) -> str:
    """A cell of a file `csv_text` wrote, as it was before `guarded`."""
    return cell[1:] if cell.startswith(GUARD) and _is_formula(cell.lstrip(GUARD)) else cell


def _is_formula(text: str) -> bool:
    return text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text)


def csv_text(rows: Iterable[Sequence]) -> str:
    """`rows` as CSV with a BOM (so Excel reads Korean) and CRLF line ends (as
    Excel writes them), every cell guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([guarded(cell) for cell in row] for row in rows)
    return "\ufeff" + buffer.getvalue()
