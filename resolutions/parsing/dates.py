"""Dates as UN documents print them: "25 July 2013" (and, rarely, "July 25, 2013")."""

from __future__ import annotations

import datetime
import re

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(MONTHS, start=1)}
_MONTH = "(" + "|".join(MONTHS) + ")"
DATE_PATTERN = rf"(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})"
_DAY_FIRST = re.compile(DATE_PATTERN, re.IGNORECASE)
_MONTH_FIRST = re.compile(rf"{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})", re.IGNORECASE)
_LONE_DATE = re.compile(rf"^(?:{DATE_PATTERN}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})\.?$", re.I)


def find_date(text: str) -> datetime.date | None:
    """The first valid date written in `text`, or None."""
    for match in _DAY_FIRST.finditer(text):
        date = _make(match.group(3), match.group(2), match.group(1))
        if date:
            return date
    for match in _MONTH_FIRST.finditer(text):
        date = _make(match.group(3), match.group(1), match.group(2))
        if date:
            return date
    return None


def is_date_line(line: str) -> bool:
    """True when the line holds nothing but a date."""
    return bool(_LONE_DATE.match(line.strip()))


def _make(year: str, month: str, day: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), MONTH_NUMBERS[month.lower()], int(day))
    except (ValueError, KeyError):
        return None
