"""Environment values, read once and safely. Standard library only.

``COLUMNS`` and ``LINES`` are read by one reader (ASCII digits, a bounded length, a clamp)
before anything else sees them: rich and Click check them with ``str.isdigit()`` and then call
``int()``, which fails on digits such as ``²`` and past 4,300 of them. A value that is not a
number is ignored (the terminal's own size is used); a number out of range is clamped.
"""

from __future__ import annotations

import datetime
import os

from cryo_check import MAX_WIDTH, MIN_WIDTH

#: The most digits read; a longer run of digits is past every range here (clamped to its top).
MAX_DIGITS = 6
#: The height given to rich (live progress, paging): a huge one is no more useful than this.
MIN_LINES = 5
MAX_LINES = 1_000
#: Each integer variable and the range it is clamped to.
RANGES = {"COLUMNS": (MIN_WIDTH, MAX_WIDTH), "LINES": (MIN_LINES, MAX_LINES)}


def env_int(name: str) -> int | None:
    """The integer variable ``name`` (one of ``RANGES``), clamped to its range; None when it
    is unset or not a number written in ASCII digits."""
    raw = os.environ.get(name)
    if raw is None or not raw.isascii() or not raw.isdigit():
        return None
    low, high = RANGES[name]
    digits = raw.lstrip("0") or "0"  # '0000000' is 0, however many zeros lead it
    if len(digits) > MAX_DIGITS:
        return high  # never int(): it is refused past 4,300 digits, and slow before that
    return min(max(int(digits), low), high)


def settle() -> None:
    """Write the integer variables back as they are read (clamped, or removed when they are
    not numbers), for the code that reads them itself: Typer's help, Click, rich."""
    for name in RANGES:
        if name not in os.environ:
            continue
        value = env_int(name)
        if value is None:
            del os.environ[name]
        else:
            os.environ[name] = str(value)


def terminal_size() -> tuple[int, int]:
    """The width and height text is laid out for: ``COLUMNS``/``LINES`` as ``env_int`` reads
    them, else the terminal's (on stdin, stdout or stderr, as rich looks), else 80 by 25."""
    width, height = env_int("COLUMNS"), env_int("LINES")
    if width is None or height is None:
        found = (80, 25)
        for fd in (0, 1, 2):
            try:
                found = tuple(os.get_terminal_size(fd))  # type: ignore[assignment]
            except (AttributeError, ValueError, OSError):
                continue
            break
        low, high = RANGES["COLUMNS"]
        width = width if width is not None else min(max(found[0] or 80, low), high)
        low, high = RANGES["LINES"]
        height = height if height is not None else min(max(found[1] or 25, low), high)
    return width, height


#: The variable that fixes the date a result is for (tests, pictures, a class's fixed date).
TODAY_VAR = "CRYO_CHECK_TODAY"
#: The date the README's transcripts, its pictures and the tests are for, so they stay the
#: same from one day to the next (each source's age is counted to it).
DOCS_TODAY = "2026-04-20"


def today() -> datetime.date:
    """The date results are for: ``CRYO_CHECK_TODAY`` (``YYYY-MM-DD``) when set, else the
    computer's. A value that is not such a date is an input error naming the variable."""
    raw = os.environ.get(TODAY_VAR)
    if raw is None:
        return datetime.date.today()
    from cryo_check.errors import InputError, shown

    text = raw.strip()
    # Exactly ten ASCII characters first: fromisoformat also reads '20260101' and week dates.
    if len(text) == 10 and text.isascii() and text[4] == "-" and text[7] == "-":
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    raise InputError(
        TODAY_VAR,
        f"{shown(raw)} is not a date",
        f"write it as YYYY-MM-DD, e.g. {TODAY_VAR}=2026-01-31, or unset it for today's date",
    )
