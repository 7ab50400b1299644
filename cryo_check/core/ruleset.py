"""The validated rule set in the plain form the engine evaluates.

``validation`` checks rule files with pydantic and compiles them into these named tuples;
the engine and renderers only ever see this form, which needs nothing beyond the standard
library (so a cached rule set can be evaluated without building any pydantic model).
"""

import functools
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from cryo_check.core.names import NameReading, Vocabulary, read_name
from cryo_check.core.questions import (
    CANCER,
    MEASURE,
    Choice,
    Question,
    Value,
    format_number,
)
from cryo_check.errors import AnswerError

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
#: The test of a criterion the documents leave to the care team (its status is ``open``).
OPEN = "open"

#: The verdicts a rule can decide; the other two come from the engine.
RULE_VERDICTS = (COMMONLY, MAY, NOT_TYPICALLY)

#: The comparisons a criterion on a measure may make, and how each reads.
MEASURE_TESTS: dict[str, str] = {
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
    #: Who published it and what it rests on, in a sentence or two (facts about the document).
    provenance: str | None = None
    #: What the document says of itself, quoted (checked word for word like every quote).
    own_words: tuple[Evidence, ...] = ()

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

    def described(self) -> str:
        """The citation, then where the document comes from: what a list of sources shows."""
        described = f"{self.citation()}. {self.provenance}" if self.provenance else self.citation()
        said = " ".join(f"“{e.quote}”" for e in self.own_words)
        return f"{described} In its own words: {said}" if said else described


class Test(NamedTuple):
    """``one_of`` for a choice question; a comparison (``MEASURE_TESTS``) for a measure."""

    op: str
    values: tuple[str, ...] = ()
    threshold: Decimal = Decimal(0)
    #: The measure's unit, for showing the threshold.
    unit: str = ""

    def holds(self, value: Value) -> bool:
        if self.op == OPEN:
            return False  # never asked: an open criterion is for the care team to judge
        if self.op == "one_of":
            return value in self.values
        if not isinstance(value, Decimal):
            return False
        if self.op == "less_than":
            return value < self.threshold
        if self.op == "at_most":
            return value <= self.threshold
        if self.op == "greater_than":
            return value > self.threshold
        return value >= self.threshold

    def describe(self) -> str:
        if self.op == OPEN:
            return "left to the care team"
        if self.op == "one_of":
            return " or ".join(self.values)
        return MEASURE_TESTS[self.op].format(f"{format_number(self.threshold)} {self.unit}")


class Criterion(NamedTuple):
    id: str
    question: str
    label: str
    test: Test
    evidence: Evidence
    #: An open criterion (``test.op == OPEN``): why the documents leave it to the care team
    #: (``the documents give no size``), and what the care team decides (``condition``).
    open: str | None = None
    condition: str | None = None

    @property
    def is_open(self) -> bool:
        return self.test.op == OPEN


class Decision(NamedTuple):
    """A verdict and the criterion statuses that lead to it (all of them must hold)."""

    when: tuple[tuple[str, bool], ...]
    verdict: str
    reason: str
    evidence: tuple[Evidence, ...] = ()
    #: The open criteria the verdict rests on (``when: {smaller: open}``): its verdict line
    #: says so, never as favourably as a met criterion.
    rests_on: tuple[str, ...] = ()


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
    """A range of a measure in which every criterion of a cancer comes out the same."""

    low: Decimal
    high: Decimal
    low_inclusive: bool
    high_inclusive: bool
    representative: Decimal
    unit: str
    #: The question's own range: a band reaching one of its ends is open on that side.
    floor: Decimal
    ceiling: Decimal

    def describe(self) -> str:
        """In words: 'under 4 cm', 'exactly 4 cm', '4 cm or more', 'over 2 cm, up to 4 cm'."""

        def shown(value: Decimal) -> str:
            return f"{format_number(value)} {self.unit}"

        if self.low == self.high:
            return f"exactly {shown(self.low)}"
        low = f"{shown(self.low)} or more" if self.low_inclusive else f"over {shown(self.low)}"
        high = ("up to " if self.high_inclusive else "under ") + shown(self.high)
        if self.low == self.floor and self.high == self.ceiling:
            return "any size" if self.unit == "cm" else "any value"
        if self.low == self.floor:
            return high
        if self.high == self.ceiling:
            return low
        return f"{low}, {high}"

    def contains(self, value: Decimal) -> bool:
        above = value >= self.low if self.low_inclusive else value > self.low
        below = value <= self.high if self.high_inclusive else value < self.high
        return above and below


class AnswerCase(NamedTuple):
    """One case of a question: an answer that stands for it, its label, and (measures) its band."""

    value: Value
    label: str
    band: Band | None = None


def _bands(question: Question, tests: tuple[Test, ...]) -> tuple[Band, ...]:
    """Bands for a set of tests on a measure (computed once per set: what-ifs and batches ask
    often, so the memo is keyed by the few values bands depend on, cheap to hash)."""
    return _bands_of(question.above, question.below, question.unit or "", tests)


@functools.lru_cache(maxsize=256)
def _bands_of(
    above: Decimal | None, below: Decimal | None, unit: str, tests: tuple[Test, ...]
) -> tuple[Band, ...]:
    floor = above if above is not None else Decimal(0)
    ceiling = (
        below if below is not None else max((t.threshold * 2 for t in tests), default=Decimal(100))
    )

    def band(low: Decimal, high: Decimal, closed: bool) -> Band:
        middle = low if closed else (low + high) / 2
        return Band(low, high, closed, closed, middle, unit, floor, ceiling)

    cuts = sorted({t.threshold for t in tests if floor < t.threshold < ceiling})
    bands: list[Band] = []
    low = floor
    for cut in cuts:
        bands.append(band(low, cut, False))
        bands.append(band(cut, cut, True))
        low = cut
    bands.append(band(low, ceiling, False))
    # Adjacent bands every test treats alike are merged (e.g. `exactly 4 cm` and `over 4 cm`
    # under `less_than: 4 cm` become `4 cm or more`).
    merged: list[Band] = []
    for b in bands:
        prev = merged[-1] if merged else None
        key = tuple(t.holds(b.representative) for t in tests)
        if prev is not None and tuple(t.holds(prev.representative) for t in tests) == key:
            merged[-1] = prev._replace(high=b.high, high_inclusive=b.high_inclusive)
        else:
            merged.append(b)
    return tuple(merged)


def asked(questions: dict[str, Question], criteria: Iterable[Criterion]) -> tuple[Question, ...]:
    """The questions ``criteria`` read, in the order the rules declare them."""
    read = {c.question for c in criteria if not c.is_open}
    return tuple(q for q in questions.values() if q.id in read)


@functools.lru_cache(maxsize=256)
def _measure_cases(bands: tuple[Band, ...]) -> tuple[AnswerCase, ...]:
    return tuple(AnswerCase(b.representative, b.describe(), b) for b in bands)


@functools.lru_cache(maxsize=256)
def _choice_cases(choices: tuple[Choice, ...]) -> tuple[AnswerCase, ...]:
    return tuple(AnswerCase(c.value, c.value) for c in choices)


class Cancer(NamedTuple):
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    listed_in: Evidence
    criteria: tuple[Criterion, ...]
    decisions: tuple[Decision, ...]
    #: The questions its criteria read, in the order the rules declare questions.
    asks: tuple[Question, ...] = ()
    notes: tuple[Note, ...] = ()
    examples: tuple[Example, ...] = ()
    #: The rule file's name, in the rule set's folder.
    file: str = ""
    #: The documents' words that ``listed_in`` follows (a list's lead-in), if any.
    listed_context: str | None = None

    @property
    def questions(self) -> tuple[str, ...]:
        """The ids of the questions this cancer's criteria read, in the order they are asked."""
        return tuple(q.id for q in self.asks)

    @property
    def reads(self) -> tuple[str, ...]:
        """The questions read by any criterion, open ones included (an open criterion's
        answer is shown, never weighed)."""
        return (*self.questions, *(c.question for c in self.criteria if c.is_open))

    def question(self, question_id: str) -> Question:
        return next(q for q in self.asks if q.id == question_id)

    def bands(self, question_id: str) -> tuple[Band, ...]:
        """The ranges of a measure that every criterion treats alike, smallest first."""
        tests = tuple(c.test for c in self.criteria if c.question == question_id and not c.is_open)
        return _bands(self.question(question_id), tests)

    def cases(self, question_id: str) -> tuple[AnswerCase, ...]:
        """One answer per distinguishable case of a question, labelled (measures: by band)."""
        question = self.question(question_id)
        if question.kind == MEASURE:
            return _measure_cases(self.bands(question_id))
        return _choice_cases(question.choices)

    def domain(self, question_id: str) -> tuple[Value, ...]:
        """One answer per distinguishable case of a question."""
        return tuple(c.value for c in self.cases(question_id))

    def case_of(self, question_id: str, value: Value) -> int:
        """Which of the question's cases ``value`` falls in (its index)."""
        for index, case in enumerate(self.cases(question_id)):
            if (
                case.band.contains(value)
                if case.band and isinstance(value, Decimal)
                else (case.value == value)
            ):
                return index
        raise ValueError(f"{value!r} is no case of {question_id}")


class InfoPoint(NamedTuple):
    evidence: Evidence
    text: str | None = None
    applies_to: tuple[str, ...] = ()


class Topic(NamedTuple):
    id: str
    title: str
    points: tuple[InfoPoint, ...]
    #: Carried by every check result (how it is done, side effects).
    in_results: bool = False


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
    #: The rule folder, absolute.
    folder: str
    #: Every name a person may type, normalised, to the id of its cancer.
    names: dict[str, str]
    topics: tuple[Topic, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    #: SHA-256 over every rule file's name and bytes: which rule set produced a result.
    digest: str = ""
    #: Every question, by id, in the order they are asked and shown.
    questions: dict[str, Question] = {}  # noqa: RUF012 - never mutated: a NamedTuple default
    #: The words cancer names are read with (rules/names.yaml, names and stage words).
    vocabulary: Vocabulary | None = None
    #: The shipped rules, from the shipped folder (set by the loader): a result from any
    #: other folder names it, as its rules need not be the documents' word.
    shipped: bool = False
    #: The documents' words a result for a type they do not name quotes (info.yaml).
    not_covered: Evidence | None = None

    def topics_for(self, cancer: Cancer | None, *, kinds: bool = False) -> list[Topic]:
        """The general points, and with a cancer the points about it; empty topics dropped.
        With ``kinds`` (``info`` without a type), also the points about a group of types (the
        probe, the external procedure), never those about one type only."""
        chosen = []
        for topic in self.topics:
            points = tuple(
                p
                for p in topic.points
                if not p.applies_to
                or (cancer is not None and cancer.id in p.applies_to)
                or (cancer is None and kinds and len(p.applies_to) > 1)
            )
            if points:
                chosen.append(topic._replace(points=points))
        return chosen

    def path_of(self, file_name: str) -> Path:
        """A rule file of this set, by name."""
        return Path(self.folder) / file_name

    def question(self, question_id: str) -> Question:
        """The question ``question_id``, or an AnswerError naming the ids there are."""
        found = self.questions.get(question_id)
        if found is None:
            from cryo_check.core.suggest import did_you_mean

            ids = list(self.questions)
            hint = did_you_mean(question_id, ids)
            raise AnswerError(
                question_id,
                f"unknown question {question_id[:60]!r}",
                f"{hint}use the question ids: " + ", ".join(ids),
            )
        return found

    def parse(self, question_id: str, raw: object) -> Value | None:
        """An answer to ``question_id`` (``None``: unknown); AnswerError if it is not one."""
        return self.question(question_id).parse(raw)

    def read(self, text: str) -> NameReading:
        """What a typed cancer name names, word by word; a NameQuestion when it cannot say."""
        if self.vocabulary is None:
            raise AnswerError(CANCER, "these rules have no names to read a cancer type with")
        return read_name(text, self.vocabulary)

    def resolve(self, text: str) -> Cancer | None:
        """The covered cancer ``text`` names, ``None`` if it names a type not covered."""
        reading = self.read(text)
        return None if reading.cancer is None else self.cancer(reading.cancer)

    def cancer(self, cancer_id: str) -> Cancer:
        """A covered type by id; an AnswerError if its rule file did not compile."""
        found = self.cancers.get(cancer_id)
        if found is None:
            raise AnswerError(
                CANCER,
                f"the rule file for '{cancer_id}' does not validate",
                "'cryo-check rules validate' shows why",
            )
        return found
