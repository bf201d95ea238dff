"""CSV files as spreadsheets open them safely: RFC 4180, UTF-8 marked as such, formulas defused.

Every line ends with CRLF (RFC 4180). The text starts with a byte-order mark, which is how a
spreadsheet (Excel above all) knows the file is UTF-8 and shows `£` as it is. A text cell that a
spreadsheet would run as a formula (one starting with `=`, `+`, `-`, `@`, a tab or a carriage
return) is written with a leading apostrophe, as OWASP advises against CSV injection; numbers
(positions, versions, amounts) are written as they are, since a spreadsheet must read them as
numbers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

BYTE_ORDER_MARK = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str | int | Decimal:
    """A value as a CSV cell: numbers kept, None empty, text that would run as a formula
    neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | Decimal):
        return value
    if isinstance(value, dict | list):  # a record's data, as its JSON holds it
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A whole CSV file: the byte-order mark, the header, then the rows, CRLF line ends."""
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
    return out.getvalue()
