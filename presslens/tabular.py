"""Tables as files: the CSV behind a chart, safe to open in a spreadsheet."""

from __future__ import annotations

import pandas as pd

# A cell starting with one of these is a formula to Excel and LibreOffice: article
# text can start with "=HYPERLINK(...)". OWASP's advice: prefix a quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame) -> bytes:
    """``frame`` as UTF-8 CSV (with a BOM, so spreadsheets read diacritics right), formulas defused.

    Only text cells are touched; numbers (negative ones too) stay numbers.
    """
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].map(_neutralise)
    out.columns = [str(_neutralise(str(c))) for c in out.columns]
    text: str = out.to_csv(index=False)
    return text.encode("utf-8-sig")
