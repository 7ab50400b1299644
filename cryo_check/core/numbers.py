"""One reader for every number a person or a rule file writes.

A number reaches cryo-check as text on every route: a size option or prompt, an answer file
(YAML or JSON), a batch cell, a rule file's threshold. Each route hands the literal *as
written* to ``read``, which checks its form, its significant digits and its magnitude before
any arithmetic, and only then builds the ``Decimal``. So no route can round it (``Decimal``'s
default context keeps 28 digits), overflow it (``1e999999999``) or let a double stand in for
it (JSON's and YAML's own number readers), and what reaches the engine and the JSON output is
always within ``MAX_SIGNIFICANT_DIGITS`` and ``MAX_PLACES``. Arithmetic on numbers read here
happens in ``CONTEXT``, which refuses to round. Standard library only: cheap to import.
"""

# Evaluated annotations (no ``__future__`` import): a NamedTuple built from annotations kept
# as text makes a ForwardRef of each field, on every run that reads a number.

import decimal
import re
from decimal import Decimal
from typing import NamedTuple

#: Longest literal read; longer is refused before it is looked at closely.
MAX_CHARS = 40
#: The most significant digits a number may have: with a unit's factor (2.54) a value keeps
#: at most 15, which a double (JSON's number, for most readers) holds exactly.
MAX_SIGNIFICANT_DIGITS = 12
#: The most digits before the point, and after it, of the number written out in full.
MAX_PLACES = 12
#: Where numbers read here are multiplied: any product of two of them is exact in it, and
#: anything that would round, overflow or underflow raises instead.
CONTEXT = decimal.Context(
    prec=4 * MAX_SIGNIFICANT_DIGITS,
    Emax=8 * MAX_PLACES,
    Emin=-8 * MAX_PLACES,
    traps=[
        decimal.InvalidOperation,
        decimal.DivisionByZero,
        decimal.Overflow,
        decimal.Underflow,
        decimal.Inexact,
    ],
)

# Sign, digits with an optional point, an optional exponent of at most 4 digits: linear.
_LITERAL = re.compile(r"([+-]?)(?:([0-9]+)(?:\.([0-9]*))?|\.([0-9]+))(?:[eE]([+-]?[0-9]{1,4}))?")
#: Read only to explain a literal that is not a number (compiled then, not at start-up).
_NOT_FINITE = r"[+-]?\.?(?:nan|inf|infinity)"

#: Why a literal is refused (``NumberError.kind``).
FORM = "form"
LONG = "long"
NOT_FINITE = "not-finite"
DIGITS = "digits"
LARGE = "large"
SMALL = "small"


class NumberError(ValueError):
    """Why a literal is not a number this program reads; ``kind`` is one of the constants
    above, ``detail`` says it in words (``has 21 significant digits``)."""

    def __init__(self, kind: str, detail: str, digits: int = 0) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail
        #: With ``DIGITS``: how many significant digits the literal has.
        self.digits = digits


class Numeral(NamedTuple):
    """A number as a file wrote it (JSON, YAML), not yet read: read with ``read``.

    JSON and YAML readers are given this in place of their own float and int, so the literal
    reaches the question it answers and is read there, by the one reader, or refused there
    (one bad answer, one bad row), never turned into a double first."""

    text: str

    def __repr__(self) -> str:
        return self.text


def read(literal: str, *, exponent: bool = True) -> Decimal:
    """The number ``literal`` writes, exactly; NumberError if it is not one this program
    reads: decimal digits with an optional sign, point and (with ``exponent``) exponent, at
    most ``MAX_SIGNIFICANT_DIGITS`` significant digits and ``MAX_PLACES`` places either side
    of the point. The checks look at the text only; the value is built from checked digits."""
    text = literal.strip()
    if len(text) > MAX_CHARS:
        raise NumberError(LONG, "is too long to be a number")
    match = _LITERAL.fullmatch(text)
    if match is None or (match[5] is not None and not exponent):
        if re.fullmatch(_NOT_FINITE, text, re.IGNORECASE):
            raise NumberError(NOT_FINITE, "is not a finite number")
        raise NumberError(FORM, "is not a number written in decimal digits")
    sign, whole, fraction, bare_fraction, power = match.groups()
    fraction = fraction if bare_fraction is None else bare_fraction
    digits = (whole or "") + (fraction or "")
    places = int(power or 0) - len(fraction or "")
    significant = digits.lstrip("0")
    if not significant:
        return Decimal(0)
    stripped = significant.rstrip("0")
    places += len(significant) - len(stripped)
    if len(stripped) > MAX_SIGNIFICANT_DIGITS:
        raise NumberError(
            DIGITS,
            f"has {len(stripped)} significant digits (at most {MAX_SIGNIFICANT_DIGITS})",
            len(stripped),
        )
    if len(stripped) + places > MAX_PLACES:
        raise NumberError(LARGE, f"has more than {MAX_PLACES} digits before the point")
    if -places > MAX_PLACES:
        raise NumberError(SMALL, f"has more than {MAX_PLACES} digits after the point")
    if places > 0:  # a whole number is kept whole: 40, never 4E+1
        stripped, places = stripped + "0" * places, 0
    return Decimal((sign == "-", tuple(int(d) for d in stripped), places))


def multiply(a: Decimal, b: Decimal) -> Decimal:
    """``a * b`` exactly (both read by ``read``, so the product always fits ``CONTEXT``)."""
    with decimal.localcontext(CONTEXT):
        return a * b


def literal_of(raw: object) -> str | None:
    """The literal a value read by another reader stands for: a ``Numeral``'s text, an int's
    or a ``Decimal``'s digits, the shortest text a float reads back from; None for anything
    else (booleans included). Huge ints are not written out (``str`` refuses past 4,300
    digits): their length alone refuses them."""
    if isinstance(raw, Numeral):
        return raw.text
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return "9" * (MAX_CHARS + 1) if raw.bit_length() > 128 else str(raw)
    if isinstance(raw, float | Decimal):
        return repr(raw) if isinstance(raw, float) else str(raw)
    return None
