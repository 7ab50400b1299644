"""How old a document is on a given day, and whether it is due for review. Standard library
only: a pure function of two dates.

Patient information is commonly reviewed every three years (IQWiG; the NHS Information
Standard practice), so a document more than three years past its last review or date is said
to be due for review: a fact about its age, never a judgement of what it says.
"""

from __future__ import annotations

import datetime

#: Years after its last review (or its date) that a document is due for review.
REVIEW_YEARS = 3


def years_after(day: datetime.date, years: int) -> datetime.date:
    """``day`` moved ``years`` on; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from ``start`` to ``end`` (0 when ``end`` is not after ``start``)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def age_words(start: datetime.date, end: datetime.date) -> str:
    """``7 years and 3 months``: how long before ``end`` the day ``start`` was."""
    if end < start:
        return "a date after this result's date"
    months = months_between(start, end)
    years, months = divmod(months, 12)
    parts = [f"{years} year{'s' * (years != 1)}"] if years else []
    if months or not years:
        parts.append(f"{months} month{'s' * (months != 1)}")
    return " and ".join(parts)


def review_overdue(start: datetime.date, end: datetime.date) -> bool:
    """More than ``REVIEW_YEARS`` years past ``start`` on ``end``."""
    return end > years_after(start, REVIEW_YEARS)
