"""Questions as data: what a question is, how its answers are read, and a person's answers.

The questions themselves are declared in the rules (``rules/questions.yaml``), compiled into
the ``Question`` tuples below and carried by the rule set; nothing here names a particular
question except ``CANCER``, the one that selects a rule file. Standard library only, so it is
cheap to import.

Measures are read exactly: ``3.9999999999 cm`` is a ``Decimal`` and stays one through unit
conversion and comparison, so a size is never rounded across a threshold; it is rounded (if at
all) only where it is shown, and shown with every digit it has.
"""

import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import NamedTuple

from cryo_check.core import numbers
from cryo_check.errors import AnswerError, shown

#: The question that selects a cancer type (a rule file); every rule folder declares it.
CANCER = "cancer"

#: Kinds of question.
CANCER_KIND = "cancer"
CHOICE = "choice"
MEASURE = "measure"

#: A concrete answer: a choice's value or a cancer name as typed (str), or a measure (Decimal).
Value = str | Decimal

#: Longest answer text read; longer is refused before any parsing (bounded work on any input).
MAX_ANSWER_CHARS = 100
#: Longest measure text ("3.5 cm", "1.25 inches"): refused past this, never parsed.
MAX_MEASURE_CHARS = 40
#: The most significant digits a measure may have (``numbers`` reads every number).
MAX_SIGNIFICANT_DIGITS = numbers.MAX_SIGNIFICANT_DIGITS


class Choice(NamedTuple):
    value: str
    label: str
    aliases: tuple[str, ...] = ()
    #: How the choice reads in "what would change the verdict"; ``{is}``: is / were.
    condition: str | None = None


class Unclear(NamedTuple):
    """Answers that do not say which choice is meant, and why: asked again, never guessed."""

    answers: tuple[str, ...]
    why: str


class Unit(NamedTuple):
    name: str
    #: How many of the question's own unit one of these is (mm: 0.1 cm).
    factor: Decimal
    aliases: tuple[str, ...] = ()


class Question(NamedTuple):
    id: str
    kind: str
    label: str
    prompt: str
    help: str
    option: str | None = None
    short: str | None = None
    metavar: str | None = None
    #: "What would change the verdict" for an answer: ``the tumour {is} {answer}``.
    condition: str | None = None
    choices: tuple[Choice, ...] = ()
    unclear: tuple[Unclear, ...] = ()
    unknown: tuple[str, ...] = ("unknown",)
    #: Measures: the unit answers are kept and compared in, the units accepted, and the
    #: range (both ends excluded) of plausible answers.
    unit: str | None = None
    units: tuple[Unit, ...] = ()
    above: Decimal | None = None
    below: Decimal | None = None
    #: What to say of an answer no criterion of the type reads ({cancer}, {answer}).
    unread: str | None = None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def where(self) -> str:
        """How a person answers it on the command line, for errors and hints."""
        return self.option or f"--answer {self.id}=…"

    @property
    def reads_numbers(self) -> bool:
        """Whether a number typed alone is an answer it reads ("1": stage 1), so a list of
        its choices must not be numbered."""
        return any(self.reads(str(n)) for n in range(5))

    def reads(self, text: str) -> bool:
        """Whether ``text`` is an answer this choice question reads, clear or not."""
        return self.kind == CHOICE and choice_key(self, text) in _choice_keys(self)

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)

    def show(self, value: Value) -> str:
        """An answer as a person reads it: ``early``, ``3.5 cm``."""
        if isinstance(value, Decimal):
            return f"{format_number(value)} {self.unit}"
        return value

    def parse(self, raw: object) -> Value | None:
        """The answer ``raw`` (text from a flag or prompt, or a value read from a file) gives,
        ``None`` for unknown; raises AnswerError naming what is wrong and how to fix it."""
        if raw is None:
            return None
        if isinstance(raw, str):
            if not raw.strip():
                return None
            if len(raw) > MAX_ANSWER_CHARS:
                raise AnswerError(
                    self.id,
                    f"the answer is too long ({len(raw):,} characters; at most {MAX_ANSWER_CHARS})",
                    f"give {self.help}",
                )
            if answer_key(raw) in _unknown_keys(self):
                return None
        if self.kind == MEASURE:
            return _parse_measure(self, raw)
        if self.kind == CHOICE:
            return _parse_choice(self, raw)
        if isinstance(raw, str):
            return check_cancer_text(raw)
        raise AnswerError(self.id, f"{shown(raw)} is not a valid answer", self.help)


def format_number(value: Decimal) -> str:
    """``Decimal('3.50')`` -> ``'3.5'``; ``Decimal('40')`` -> ``'40'``: every digit, no exponent."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _a(noun: str) -> str:
    """'a tumour size', 'an age'."""
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


#: Spacing, underscores and hyphens, folded to one space by ``answer_key`` and ``normalize_name``
#: (compiled once: a rule folder's check folds thousands of phrases).
_SPACING = re.compile(r"[\s_\-]+")


def answer_key(text: str) -> str:
    """The form answers are compared in: case, width, spacing, hyphens and quotes folded."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")
    return _SPACING.sub(" ", folded).strip(" .")


# A number (0-4) or a Roman numeral (i-iv), and a sub-stage the documents do not tell apart.
_NUMERAL = r"(\d|iv|i{1,3})(?:[abc][12]?)?"
_BARE_NUMERAL = re.compile(_NUMERAL)


def fold_numbered(text: str, word: str, *, alone: bool = False) -> str:
    """``text`` (folded) with each numbered ``word`` written one way: with ``word`` "stage",
    "stage IVb", "Stage 4b" and "stage4" are "stage iv", "stage 4", "stage 4"; with ``alone``
    (the whole text is an answer to that question), "IV" and "4b" are "stage iv", "stage 4".

    The one reader of numbered answers: options, answer files, batch cells and cancer names
    all fold with it, so a numbered stage reads the same by every route.
    """
    # Only a text holding ``word`` can have it numbered: most texts skip the pattern (and a
    # run that never sees one never compiles it).
    folded = _numbered(word).sub(rf"{word} \1", text) if word in text else text
    if alone:
        bare = _BARE_NUMERAL.fullmatch(folded)
        if bare is not None:
            return f"{word} {bare[1]}"
    return folded


@functools.lru_cache(maxsize=16)
def _numbered(word: str) -> re.Pattern[str]:
    """``word`` followed by a numeral, as ``fold_numbered`` finds it."""
    return re.compile(rf"\b{re.escape(word)} ?{_NUMERAL}\b")


def choice_key(question: "Question", text: str) -> str:
    """How an answer to a choice question is looked up: ``answer_key``, numbers folded."""
    return fold_numbered(answer_key(text), answer_key(question.id), alone=True)


@functools.lru_cache(maxsize=64)
def _unknown_keys(question: Question) -> frozenset[str]:
    return frozenset(answer_key(u) for u in (*question.unknown, "unknown")) - {""}


@functools.lru_cache(maxsize=64)
def _choice_keys(question: Question) -> dict[str, str | Unclear]:
    keys: dict[str, str | Unclear] = {}
    for unclear in question.unclear:
        keys.update((choice_key(question, a), unclear) for a in unclear.answers)
    for choice in question.choices:
        keys.update(
            (choice_key(question, a), choice.value) for a in (choice.value, *choice.aliases)
        )
    return keys


def _parse_choice(question: Question, raw: object) -> str:
    # YAML 1.1 reads a bare yes/no as a boolean: take it as the answer it was meant to be,
    # where the question has such a choice.
    if isinstance(raw, bool):
        raw = "yes" if raw else "no"
    if not isinstance(raw, str):
        raise AnswerError(question.id, f"{shown(raw)} is not a valid answer", question.help)
    found = _choice_keys(question).get(choice_key(question, raw))
    if isinstance(found, str):
        return found
    names = "choose one of: " + ", ".join((*question.values, "unknown"))
    if isinstance(found, Unclear):
        raise AnswerError(question.id, f"{shown(raw.strip())} is unclear: {found.why}", names)
    from cryo_check.core.suggest import did_you_mean

    hint = did_you_mean(answer_key(raw), question.values)
    raise AnswerError(question.id, f"{shown(raw)} is not a valid answer", hint + names)


_NUMBER = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(\S*)")


def unitless(question: Question, raw: object) -> bool:
    """Whether ``raw`` is a measure given as a number alone (``35``): read in the question's
    own unit, which the result then says ("35 cm: no unit was given")."""
    if question.kind != MEASURE or raw is None or isinstance(raw, bool):
        return False
    if not isinstance(raw, str):
        return numbers.literal_of(raw) is not None
    match = _NUMBER.fullmatch(raw.strip())
    return match is not None and not match[2]


def _parse_measure(question: Question, raw: object) -> Decimal:
    fix = f"give {question.help}"
    if isinstance(raw, str):
        literal, unit, written = _measure_text(question, raw, fix)
    else:
        found = numbers.literal_of(raw)
        if found is None:
            raise AnswerError(question.id, f"{shown(raw)} is not {_a(question.label)}", fix)
        literal, unit, written = found, _units(question)[question.unit or ""], found
        if isinstance(raw, int) and abs(raw) >= 10**9:
            # Huge integers (a JSON 1e400 written out) are refused before any conversion.
            raise AnswerError(question.id, f"{shown(raw)} is not a plausible {question.label}", fix)
    try:
        number = numbers.read(literal)
    except numbers.NumberError as exc:
        raise _refusal(question, written, exc, fix) from None
    value = numbers.multiply(number, unit.factor)
    if question.above is not None and value <= question.above:
        raise AnswerError(
            question.id,
            f"{question.label} must be greater than {question.above}, got {written!r}",
            fix,
        )
    if question.below is not None and value >= question.below:
        raise AnswerError(
            question.id,
            f"{shown(written)} ({format_number(value)} {question.unit}) is not a plausible "
            f"{question.label}",
            _plausible(question),
        )
    return value


def _measure_text(question: Question, raw: str, fix: str) -> tuple[str, Unit, str]:
    """The number's literal, the unit and the text as given, from a measure written as text
    (``3.5 cm``); the literal is read by ``numbers.read``, like every other."""
    text = raw.strip()
    if len(text) > MAX_MEASURE_CHARS:
        raise AnswerError(question.id, f"{shown(text)} is too long to be a number", fix)
    if "," in text:
        raise AnswerError(
            question.id,
            f"{shown(text)} is not {_a(question.label)}",
            # "3,5cm" is a decimal comma; "3cm," or "3 cm, maybe 4" is something else.
            "use a decimal point, e.g. 3.5" if re.search(r"\d,\d", text) else fix,
        )
    _refuse_approximate(question, text)
    # One pass, no nested repetition: linear in the length of the text.
    match = _NUMBER.fullmatch(text)
    if match is None:
        raise AnswerError(question.id, f"{shown(text)} is not {_a(question.label)}", fix)
    unit = _units(question).get(answer_key(match[2]) if match[2] else question.unit or "")
    if unit is None:
        if not match[2].isalpha():
            raise AnswerError(question.id, f"{shown(text)} is not {_a(question.label)}", fix)
        raise AnswerError(
            question.id,
            f"{match[2]!r} is not a unit I know, in {text!r}",
            f"use {_unit_names(question)}",
        )
    return match[1], unit, text


# "3 x 2 cm" (as scan reports write it), "about 3cm", "~3cm", "<4cm": each refused with why.
_DIMENSIONS = r"\d\s*(?:[a-z]+\s*)?[x\u00d7*]\s*\d"
#: What a dimension needs: a times sign (a plain "3cm" never compiles the pattern).
_TIMES = frozenset("xX\u00d7*")
_APPROXIMATE = (
    r"^(about|around|approx\.?|approximately|roughly|circa|ca\.?|~|\u2248|<=?|>=?|\u2264|"
    r"\u2265|under|over|less than|more than|up to)\s*\d"
)


def _refuse_approximate(question: Question, text: str) -> None:
    """Refuse, saying why, a measure given as several sizes or as an approximate or a bound."""
    if not _TIMES.isdisjoint(text) and re.search(_DIMENSIONS, text, re.IGNORECASE):
        raise AnswerError(
            question.id,
            f"{shown(text)} gives more than one measurement",
            f"give the largest size across, e.g. {_largest(text)}",
        )
    # Every word or sign of _APPROXIMATE starts with something other than a digit.
    found = None if text[:1].isdigit() else re.match(_APPROXIMATE, text, re.IGNORECASE)
    if found:
        raise AnswerError(
            question.id,
            f"{shown(text)} is not read: '{found[1]}' makes it a guess or a range, and "
            "cryo-check compares one measured size",
            "give the size as measured, e.g. from the scan report, or unknown",
        )


def _largest(text: str) -> str:
    """The example for "3 x 2 cm": the largest number with the unit written, if any."""
    numbers_in = [Decimal(n) for n in re.findall(r"\d+(?:\.\d+)?", text)[:4]]
    unit = re.search(r"[a-z]+\s*$", text, re.IGNORECASE)
    return f"{format_number(max(numbers_in))}{unit[0].strip() if unit else 'cm'}"


def _refusal(question: Question, written: str, exc: numbers.NumberError, fix: str) -> AnswerError:
    """The answer error for a measure whose literal ``numbers.read`` refused."""
    if exc.kind == numbers.DIGITS:
        # Compared exactly whatever the digits; but JSON gives the value as a number, which
        # most readers hold as a double: past this many digits it could read
        # 3.99999999999999999999 as 4, against its own status. No one measures that finely.
        return AnswerError(
            question.id,
            f"{shown(written)} has {exc.digits} significant digits: more than "
            f"{_a(question.label)} is measured to (at most {MAX_SIGNIFICANT_DIGITS})",
            "round it, e.g. 3.5cm",
        )
    if exc.kind == numbers.LARGE and question.below is not None:
        return AnswerError(
            question.id,
            f"{shown(written)} (over {format_number(question.below)} {question.unit}) is not a "
            f"plausible {question.label}",
            _plausible(question),
        )
    if exc.kind == numbers.SMALL:
        return AnswerError(
            question.id,
            f"{shown(written)} {exc.detail}: finer than {_a(question.label)} is measured",
            "round it, e.g. 3.5cm",
        )
    if exc.kind == numbers.LONG:
        return AnswerError(question.id, f"{shown(written)} {exc.detail}", fix)
    if exc.kind == numbers.NOT_FINITE:
        return AnswerError(question.id, f"{shown(written)} is not a finite number", fix)
    return AnswerError(question.id, f"{shown(written)} is not {_a(question.label)}", fix)


def _plausible(question: Question) -> str:
    return (
        f"give {_a(question.label)} under {format_number(question.below or Decimal(0))} "
        f"{question.unit}; check the unit ({_unit_names(question)})"
    )


def _unit_names(question: Question) -> str:
    """'cm, mm or in'."""
    names = [u.name for u in question.units]
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else "".join(names)


@functools.lru_cache(maxsize=64)
def _units(question: Question) -> dict[str, Unit]:
    return {answer_key(a): u for u in question.units for a in (u.name, *u.aliases)}


def check_cancer_text(raw: str) -> str:
    """The cancer name as typed, refused if empty, over-long or holding control characters."""
    text = raw.strip()
    if not text:
        raise AnswerError(CANCER, "the cancer type is empty", "give a type, e.g. kidney")
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise AnswerError(
            CANCER, "the cancer type contains control characters", "type plain text, e.g. kidney"
        )
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerError(
            CANCER,
            f"the cancer type is too long (over {MAX_ANSWER_CHARS} characters)",
            "give a type's name",
        )
    if not any(ch.isalpha() for ch in text):
        raise AnswerError(
            CANCER, f"{text!r} is not the name of a cancer type", "give a type, e.g. kidney"
        )
    return text


def normalize_name(text: str) -> str:
    """The form names are compared in.

    Case, spacing, hyphens and tumor/tumour are folded, 'pre-cancerous' is 'precancerous', and
    'cancer of the kidney' / 'cancer in the retina' read as 'kidney cancer' / 'retina cancer'.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _SPACING.sub(" ", folded).strip(" .")
    # Each pattern needs its literal words: a text without them is skipped (a rule folder's
    # check normalises every name it declares, a few thousand, on every run).
    if "tumor" in folded:
        folded = re.sub(r"\btumor(s?)\b", r"tumour\1", folded)
    if "pre cancer" in folded:
        folded = re.sub(r"\bpre cancer", "precancer", folded)
    if folded.startswith(("cancer", "tumour")):
        folded = re.sub(r"^(cancer|tumour)s? (?:of|in) (?:the )?(.+)$", r"\2 \1", folded)
    return folded


class Answers(Mapping[str, Value]):
    """A person's answers, keyed by question id; a question not in it is unknown.

    Immutable and hashable, so a set of answers can key a memo.
    """

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Value | None] | None = None, **more: Value) -> None:
        merged = {**values, **more} if more and values else (more or values or {})
        self._values: dict[str, Value] = {q: v for q, v in merged.items() if v is not None}

    def __getitem__(self, question: str) -> Value:
        return self._values[question]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __hash__(self) -> int:
        return hash(frozenset(self._values.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Answers):
            return self._values == other._values
        return NotImplemented

    def __repr__(self) -> str:
        return f"Answers({self._values!r})"

    @property
    def cancer(self) -> str | None:
        value = self._values.get(CANCER)
        return None if value is None else str(value)

    def with_answer(self, question: str, value: Value | None) -> "Answers":
        """These answers with ``question`` answered ``value`` (``None``: unknown)."""
        return Answers({**self._values, question: value})
