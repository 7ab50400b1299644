"""The four questions, their vocabulary, and the parsers that turn answers into values.

The vocabulary is part of cryo-check's contract: flags, prompts, answer files and rule files
all use these ids and choices. Standard library only, so it is cheap to import.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from typing import NamedTuple

from cryo_check.errors import AnswerError

CANCER = "cancer"
STAGE = "stage"
SIZE = "size"
FIT = "fit_for_surgery"

#: The order questions are asked in and shown in.
QUESTION_ORDER: tuple[str, ...] = (CANCER, STAGE, SIZE, FIT)

#: Concrete answers (``unknown`` is the absence of one).
STAGES: tuple[str, ...] = ("early", "locally-advanced", "spread")
FITNESS: tuple[str, ...] = ("yes", "no")
UNKNOWN = "unknown"

#: Sizes are kept in centimetres.
#: cm = number * multiply / divide: dividing by 10 keeps 41 mm exactly 4.1 cm in floating point.
UNITS_TO_CM = {"cm": (1.0, 1.0), "mm": (1.0, 10.0), "in": (2.54, 1.0)}
MAX_SIZE_CM = 100.0
#: Sizes are rounded to this many decimals of a centimetre: what is compared, shown and saved
#: is then one and the same number (no 4.1000000000000005 beside a 4.1 cm threshold).
SIZE_DECIMALS = 9


class Choice(NamedTuple):
    value: str
    help: str


class Question(NamedTuple):
    id: str
    option: str
    prompt: str
    help: str
    choices: tuple[Choice, ...] = ()


QUESTIONS: dict[str, Question] = {
    CANCER: Question(
        CANCER,
        "--cancer",
        "Which type of cancer?",
        "a cancer type or one of its other names, e.g. kidney, renal, basal cell carcinoma",
    ),
    STAGE: Question(
        STAGE,
        "--stage",
        "What stage is the cancer?",
        "early, locally-advanced, spread or unknown",
        (
            Choice("early", "early stage"),
            Choice("locally-advanced", "locally advanced"),
            Choice("spread", "has spread"),
            Choice(UNKNOWN, "not known"),
        ),
    ),
    SIZE: Question(
        SIZE,
        "--size",
        "How big is the tumour across?",
        "a number with cm, mm or in (a bare number is cm), e.g. 3.5cm, 35mm; or unknown",
    ),
    FIT: Question(
        FIT,
        "--fit-for-surgery",
        "Is the person fit enough for surgery?",
        "yes, no or unknown",
        (
            Choice("yes", "fit enough for surgery"),
            Choice("no", "not fit enough for surgery"),
            Choice(UNKNOWN, "not known"),
        ),
    ),
}

_STAGE_ALIASES = {
    "early": "early",
    "early-stage": "early",
    "locally-advanced": "locally-advanced",
    "spread": "spread",
    "has-spread": "spread",
    "metastatic": "spread",
    UNKNOWN: UNKNOWN,
    "not-known": UNKNOWN,
}
_FIT_ALIASES = {
    "yes": "yes",
    "y": "yes",
    "no": "no",
    "n": "no",
    UNKNOWN: UNKNOWN,
    "not-known": UNKNOWN,
}

_SIZE_RE = re.compile(
    r"""^\s*(?P<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*
        (?P<unit>cm|mm|in|inch|inches|"|centimet(?:er|re)s?|millimet(?:er|re)s?)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def _unit(written: str) -> str:
    """'mm', 'millimetres', 'Inches', '"' ... -> 'mm', 'mm', 'in', 'in'."""
    word = written.lower()
    if word.startswith("centi"):
        return "cm"
    if word.startswith("milli"):
        return "mm"
    if word in ("inch", "inches", '"'):
        return "in"
    return word


class Answers(NamedTuple):
    """A person's answers; ``None`` means unknown (not answered, or answered ``unknown``)."""

    cancer: str | None = None
    stage: str | None = None
    size_cm: float | None = None
    fit_for_surgery: str | None = None

    def get(self, question: str) -> str | float | None:
        if question == SIZE:
            return self.size_cm
        value: str | None = getattr(self, question)
        return value

    def with_answer(self, question: str, value: str | float | None) -> Answers:
        if question == SIZE:
            return self._replace(size_cm=None if value is None else float(value))
        text = None if value is None else str(value)
        if question == CANCER:
            return self._replace(cancer=text)
        if question == STAGE:
            return self._replace(stage=text)
        return self._replace(fit_for_surgery=text)

    def as_dict(self) -> dict[str, str | None]:
        """Question id -> answer as a person would write it (``None`` when unknown)."""
        return {
            CANCER: self.cancer,
            STAGE: self.stage,
            SIZE: None if self.size_cm is None else format_size(self.size_cm),
            FIT: self.fit_for_surgery,
        }


def _choice_key(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def _parse_choice(question: str, raw: str, aliases: dict[str, str]) -> str | None:
    key = _choice_key(raw)
    if key in aliases:
        value = aliases[key]
        return None if value == UNKNOWN else value
    names = [c.value for c in QUESTIONS[question].choices]
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise AnswerError(
        question,
        f"{raw!r} is not a valid answer",
        f"{hint}choose one of: {', '.join(names)}",
    )


def parse_stage(raw: str) -> str | None:
    return _parse_choice(STAGE, raw, _STAGE_ALIASES)


def parse_fitness(raw: str | bool) -> str | None:
    # YAML 1.1 reads a bare `yes`/`no` as a boolean; take it as the answer it was meant to be.
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    return _parse_choice(FIT, raw, _FIT_ALIASES)


def format_size(cm: float) -> str:
    """``3.0`` -> ``'3 cm'``; ``3.25`` -> ``'3.25 cm'``.

    Sizes are rounded to ``SIZE_DECIMALS`` when parsed, so twelve significant digits show
    every size exactly as it is compared: a saved size reads back to the same verdict.
    """
    return f"{cm:.12g} cm"


def parse_size(raw: str | float) -> float | None:
    """A tumour size in centimetres, or ``None`` for unknown; raises AnswerError otherwise."""
    if isinstance(raw, bool):
        raise AnswerError(SIZE, f"{raw!r} is not a size", "give a number with a unit, e.g. 3cm")
    if isinstance(raw, int | float):
        number, unit, shown = float(raw), "cm", f"{raw}"
    else:
        if _choice_key(raw) in (UNKNOWN, "not-known"):
            return None
        match = _SIZE_RE.match(raw)
        if match is None:
            fix = "give a number with a unit, e.g. 3cm, 25mm or 1.5in; a bare number is cm"
            if "," in raw:
                fix = "use a decimal point, e.g. 3.5cm"
            raise AnswerError(SIZE, f"{raw!r} is not a size", fix)
        number = float(match["number"])
        unit = _unit(match["unit"] or "cm")
        shown = raw.strip()
    if not math.isfinite(number):
        raise AnswerError(SIZE, f"{shown!r} is not a finite number", "give a size such as 3cm")
    multiply, divide = UNITS_TO_CM[unit]
    cm = round(number * multiply / divide, SIZE_DECIMALS)
    if cm <= 0:
        raise AnswerError(
            SIZE, f"size must be greater than zero, got {shown!r}", "give a size such as 3cm"
        )
    if cm >= MAX_SIZE_CM:
        raise AnswerError(
            SIZE,
            f"{shown!r} ({cm:g} cm) is not a plausible tumour size",
            f"give a size under {MAX_SIZE_CM:g} cm; check the unit (cm, mm or in)",
        )
    return cm


def check_cancer_text(raw: str) -> str:
    """The cancer name as typed, refused if empty, over-long or holding control characters."""
    text = raw.strip()
    if not text:
        raise AnswerError(CANCER, "the cancer type is empty", "give a type, e.g. kidney")
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise AnswerError(
            CANCER, "the cancer type contains control characters", "type plain text, e.g. kidney"
        )
    if len(text) > 100:
        raise AnswerError(
            CANCER, "the cancer type is too long (over 100 characters)", "give a type's name"
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
    folded = re.sub(r"[\s_\-]+", " ", folded).strip(" .")
    folded = re.sub(r"\btumor(s?)\b", r"tumour\1", folded)
    folded = re.sub(r"\bpre cancer", "precancer", folded)
    return re.sub(r"^(cancer|tumour)s? (?:of|in) (?:the )?(.+)$", r"\2 \1", folded)


def typo_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) that turn ``a`` into ``b``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def parse_answer(question: str, raw: object) -> str | float | None:
    """Any question's answer from a flag, a prompt, or a value read from a file."""
    if raw is None:
        return None
    if question == SIZE:
        if isinstance(raw, str | int | float):
            return parse_size(raw)
    elif question == FIT:
        if isinstance(raw, str | bool):
            return parse_fitness(raw)
    elif question == STAGE:
        if isinstance(raw, str):
            return parse_stage(raw)
    elif question == CANCER and isinstance(raw, str):
        if _choice_key(raw) in (UNKNOWN, "not-known"):
            return None
        return check_cancer_text(raw)
    raise AnswerError(question, f"{raw!r} is not a valid answer", QUESTIONS[question].help)
