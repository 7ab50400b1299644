"""The validated rule set in the plain form the engine evaluates.

``validation`` checks rule files with pydantic and compiles them into these named tuples;
the engine and renderers only ever see this form, which needs nothing beyond the standard
library (so a cached rule set can be evaluated without building any pydantic model).
"""

from __future__ import annotations

import functools
from typing import NamedTuple, NoReturn

from cryo_check.errors import AnswerError
from cryo_check.questions import CANCER, FIT, QUESTION_ORDER, SIZE, STAGE, format_size

COMMONLY = "commonly_considered"
MAY = "may_be_considered"
NOT_TYPICALLY = "not_typically_considered"
NOT_COVERED = "not_covered"
INSUFFICIENT = "insufficient_information"

#: Every verdict, and how it is said in words (never by colour alone).
VERDICTS: dict[str, str] = {
    COMMONLY: "Cryotherapy is commonly considered",
    MAY: "Cryotherapy may be considered",
    NOT_TYPICALLY: "Cryotherapy is not typically considered",
    NOT_COVERED: "Not covered by the source documents",
    INSUFFICIENT: "Not enough information to say",
}
#: The verdicts a rule can decide; the other two come from the engine.

#: Words that name no type by themselves, and qualifiers of a type: set aside when names are
#: compared ("early kidney cancer" is "kidney").
GENERIC_WORDS = frozenset(
    {
        *("cancer", "cancers", "carcinoma", "carcinomas", "tumour", "tumours", "malignancy"),
        *("of", "in", "the", "a", "an", "my", "with"),
        *("early", "stage", "metastatic", "advanced", "locally", "spread", "primary"),
        *("small", "large", "recurrent", "localised", "localized"),
        *("0", "1", "2", "3", "4", "i", "ii", "iii", "iv"),
    }
)


def core_words(name: str) -> set[str]:
    """The words of a normalised name that tell types apart."""
    return {word for word in name.split() if word not in GENERIC_WORDS}


#: How errors about a cancer name point to the list of covered types (the prompt says "?").
LIST_HINT = "'cryo-check rules list' shows every covered type"


#: The comparisons a size criterion may make, and how each reads.
SIZE_TESTS: dict[str, str] = {
    "less_than": "under {}",
    "at_most": "{} or less",
    "greater_than": "over {}",
    "at_least": "{} or more",
}


class Evidence(NamedTuple):
    source: str
    quote: str


class Source(NamedTuple):
    id: str
    title: str | None
    description: str
    untitled: str | None = None
    publisher: str | None = None
    author: str | None = None
    reviewed_by: str | None = None
    date: str | None = None
    last_reviewed: str | None = None
    references: tuple[str, ...] = ()

    def dated(self) -> str:
        """'dated 2021-02-01' or 'last reviewed 2019-01-17'."""
        if self.date:
            return f"dated {self.date}"
        return f"last reviewed {self.last_reviewed}"

    def citation(self) -> str:
        """One line: title, who published and wrote it, and its date."""
        parts = [f"“{self.title}”" if self.title else f"untitled {self.untitled}"]
        parts.append(self.publisher or "publisher not named in the document")
        if self.author:
            parts.append(f"written by {self.author}")
        if self.reviewed_by:
            parts.append(f"reviewed by {self.reviewed_by}")
        parts.append(self.dated())
        return ", ".join(parts)


class Test(NamedTuple):
    """``one_of`` for a choice question; a size comparison (``SIZE_TESTS``) for ``size``."""

    op: str
    values: tuple[str, ...] = ()
    threshold_cm: float = 0.0

    def holds(self, value: str | float) -> bool:
        if self.op == "one_of":
            return value in self.values
        size = float(value)
        if self.op == "less_than":
            return size < self.threshold_cm
        if self.op == "at_most":
            return size <= self.threshold_cm
        if self.op == "greater_than":
            return size > self.threshold_cm
        return size >= self.threshold_cm

    def describe(self) -> str:
        if self.op == "one_of":
            return " or ".join(self.values)
        return SIZE_TESTS[self.op].format(format_size(self.threshold_cm))


class Criterion(NamedTuple):
    id: str
    question: str
    label: str
    test: Test
    evidence: Evidence


class Decision(NamedTuple):
    """A verdict and the criterion statuses that lead to it (all of them must hold)."""

    when: tuple[tuple[str, bool], ...]
    verdict: str
    reason: str
    evidence: tuple[Evidence, ...] = ()


class Note(NamedTuple):
    evidence: Evidence
    text: str | None = None


class Example(NamedTuple):
    answers: tuple[tuple[str, str | float | bool | None], ...]
    expect: str
    expect_missing: tuple[str, ...] | None = None
    name: str | None = None
    line: int | None = None


class Band(NamedTuple):
    """A range of sizes in which every size criterion of a cancer comes out the same."""

    low: float
    high: float
    low_inclusive: bool
    high_inclusive: bool
    representative: float

    def describe(self) -> str:
        """In words: 'under 4 cm', 'exactly 4 cm', '4 cm or more', 'over 2 cm, up to 4 cm'."""
        if self.low == self.high:
            return f"exactly {format_size(self.low)}"
        low = (
            f"{format_size(self.low)} or more"
            if self.low_inclusive
            else f"over {format_size(self.low)}"
        )
        high = ("up to " if self.high_inclusive else "under ") + format_size(self.high)
        if self.low == 0 and self.high >= 100:
            return "any size"
        if self.low == 0:
            return high
        if self.high >= 100:
            return low
        return f"{low}, {high}"

    def contains(self, size: float) -> bool:
        above = size >= self.low if self.low_inclusive else size > self.low
        below = size <= self.high if self.high_inclusive else size < self.high
        return above and below


class AnswerCase(NamedTuple):
    """One case of a question: an answer that stands for it, its label, and (sizes) its band."""

    value: str | float
    label: str
    band: Band | None = None


@functools.lru_cache(maxsize=128)
def _size_bands(tests: tuple[Test, ...]) -> tuple[Band, ...]:
    """Bands for a set of size tests: computed once per set (what-ifs ask for them often)."""
    cuts = sorted({t.threshold_cm for t in tests})
    if not cuts:
        return (Band(0.0, 100.0, False, False, 50.0),)
    bands: list[Band] = []
    low = 0.0
    for cut in cuts:
        bands.append(Band(low, cut, False, False, (low + cut) / 2))
        bands.append(Band(cut, cut, True, True, cut))
        low = cut
    bands.append(Band(low, 100.0, False, False, (low + 100.0) / 2))
    # Adjacent bands every test treats alike are merged (e.g. `exactly 4 cm` and `over 4 cm`
    # under `less_than: 4 cm` become `4 cm or more`).
    merged: list[Band] = []
    for band in bands:
        prev = merged[-1] if merged else None
        key = tuple(t.holds(band.representative) for t in tests)
        if prev is not None and tuple(t.holds(prev.representative) for t in tests) == key:
            merged[-1] = Band(
                prev.low, band.high, prev.low_inclusive, band.high_inclusive, prev.representative
            )
        else:
            merged.append(band)
    return tuple(merged)


class Cancer(NamedTuple):
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    listed_in: Evidence
    criteria: tuple[Criterion, ...]
    decisions: tuple[Decision, ...]
    notes: tuple[Note, ...] = ()
    examples: tuple[Example, ...] = ()
    file: str = ""
    #: The documents' words that ``listed_in`` follows (a list's lead-in), if any.
    listed_context: str | None = None

    @property
    def questions(self) -> tuple[str, ...]:
        """The questions this cancer's criteria read, in the order they are asked."""
        read = {c.question for c in self.criteria}
        return tuple(q for q in QUESTION_ORDER if q in read)

    def size_bands(self) -> tuple[Band, ...]:
        """The size ranges that every size criterion treats alike, smallest first."""
        return _size_bands(tuple(c.test for c in self.criteria if c.question == SIZE))

    def cases(self, question: str) -> tuple[AnswerCase, ...]:
        """One answer per distinguishable case of a question, labelled (sizes: by band)."""
        if question == SIZE:
            return tuple(AnswerCase(b.representative, b.describe(), b) for b in self.size_bands())
        return tuple(AnswerCase(v, str(v)) for v in self.domain(question))

    def domain(self, question: str) -> tuple[str | float, ...]:
        """One answer per distinguishable case of a question (sizes: one per band)."""
        if question == STAGE:
            return ("early", "locally-advanced", "spread")
        if question == FIT:
            return ("yes", "no")
        return tuple(b.representative for b in self.size_bands())


class InfoPoint(NamedTuple):
    evidence: Evidence
    text: str | None = None
    applies_to: tuple[str, ...] = ()


class Topic(NamedTuple):
    id: str
    title: str
    points: tuple[InfoPoint, ...]


class Scenario(NamedTuple):
    id: str
    title: str
    story: str
    answers: tuple[tuple[str, str | float | bool | None], ...]
    expect: str
    teaching_point: str
    expect_missing: tuple[str, ...] | None = None
    file: str = ""
    line: int | None = None


class RuleSet(NamedTuple):
    cancers: dict[str, Cancer]
    sources: dict[str, Source]
    #: The rule folder, absolute: a rule set may be cached, and shown from another folder.
    folder: str
    #: Every name a person may type, normalised, to the id of its cancer.
    names: dict[str, str]
    topics: tuple[Topic, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    #: SHA-256 over every rule file's name and bytes: which rule set produced a result.
    digest: str = ""

    def resolve(self, text: str) -> Cancer | None:
        """The covered cancer ``text`` names, ``None`` if it names none the rules cover.

        Names are compared on their meaningful words, generic words (cancer, carcinoma,
        tumour) and qualifiers (early, metastatic, stage 2) aside:

        * a name or alias as written, or with only such words added ("early kidney
          cancer", "kidney carcinoma"), names its type;
        * words that belong to names of a type but do not make one up ("skin", "cervix",
          "retina"), or a typo ("kidny"), are an AnswerError asking which type is meant:
          guessing would silently answer a different question;
        * only words that belong to no covered name ("lung", "bone marrow") are not covered.
        """
        from cryo_check.questions import normalize_name, typo_distance

        key = normalize_name(text)
        found = self.names.get(key)
        if found:
            return self.cancers[found]
        words = core_words(key)
        if not words:
            raise AnswerError(
                CANCER,
                f"{text!r} names no particular type",
                f"give the type, e.g. kidney; {LIST_HINT}",
            )
        cores = [(core_words(name), cid) for name, cid in self.names.items()]
        if words != set(key.split()):  # generic words or qualifiers were added to a name
            exact = sorted({cid for core, cid in cores if core == words})
            if len(exact) == 1:
                return self.cancers[exact[0]]
        within = sorted({cid for core, cid in cores if words <= core})
        if len(within) > 1:
            raise AnswerError(
                CANCER,
                f"{text!r} fits several covered types",
                "choose one of: " + ", ".join(within),
            )
        # A typo: one edit away for short names, two for longer ones.
        allowed = 1 if len(key) < 8 else 2
        close = sorted(
            (typo_distance(key, name), cid)
            for name, cid in self.names.items()
            if abs(len(name) - len(key)) <= allowed
        )
        near = within or list(dict.fromkeys(cid for d, cid in close if d <= allowed))
        if near:
            self._near_miss(text, near)
        return None

    def _near_miss(self, text: str, ids: list[str]) -> NoReturn:
        quoted = " or ".join(f"'{i}'" for i in ids)
        raise AnswerError(
            CANCER,
            f"{text!r} is not a covered cancer type",
            f"did you mean {quoted}? {LIST_HINT}",
        )
