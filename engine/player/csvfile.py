"""The one writer of every CSV file the player sends (reports, item analysis, open answers).

Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab or a
carriage return before them) as a formula: a learner named `=HYPERLINK(...)` would run code
on the facilitator's computer when the report is opened. As OWASP's "CSV Injection" page
recommends, such text cells get a leading `'`, which spreadsheets show as text. Numbers the
player writes (a score of -3, 12.5 minutes) are ints and floats and stay numbers.

The files open right in a French spreadsheet: UTF-8 with a BOM, `;` between cells. They
name learners, so no browser or proxy keeps a copy (`Cache-Control: no-store`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A cell as written: text that a spreadsheet would read as a formula gets a `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """The file's text: BOM, header, rows; `;` separated, every text cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([neutralise(cell) for cell in header])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return "\ufeff" + out.getvalue()


def csv_response(
    filename: str, header: Sequence[object], rows: Iterable[Sequence[object]]
) -> Response:
    """A CSV download, never cached (it names learners)."""
    return Response(
        csv_text(header, rows),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
