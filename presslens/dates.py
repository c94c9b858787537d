"""Publication dates: ISO first, dateparser for anything else, precision kept."""

from __future__ import annotations

import re
from datetime import date, datetime

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?")


def parse_published(value: str | None, language: str | None = None) -> tuple[str | None, str | None, str | None]:
    """Return (ISO date, precision, warning) for an input's ``published`` field.

    ``2024``, ``2024-10`` and ``2024-10-26`` (optionally with a time) keep their
    precision (year, month, day); never invent a day or month the input lacks.
    Other spellings ("26 ottobre 2024") go through dateparser with the article's
    language and carry a warning; what cannot be read is dropped with a warning.
    """
    if not value:
        return None, None, None
    value = value.strip()
    match = _ISO.fullmatch(value)
    if match:
        year, month, day = match.groups()
        try:
            if day:
                return date(int(year), int(month), int(day)).isoformat(), "day", None
            if month:
                date(int(year), int(month), 1)
                return f"{year}-{month}", "month", None
            return year, "year", None
        except ValueError:
            return None, None, f"published {value!r} is not a valid date; ignored"
    from dateparser.date import DateDataParser  # slow import, rarely needed

    parser = DateDataParser(languages=[language] if language and language != "und" else None)
    data = parser.get_date_data(value)
    if data is None or data.date_obj is None:
        return None, None, f"published {value!r} is not a date PressLens can read; ignored"
    when: datetime = data.date_obj
    precision = data.period if data.period in ("day", "month", "year") else "day"
    iso = {"day": when.date().isoformat(), "month": when.strftime("%Y-%m"), "year": str(when.year)}[precision]
    return iso, precision, f"published {value!r} is not ISO 8601; read as {iso}"
