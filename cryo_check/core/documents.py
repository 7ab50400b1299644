"""The documents commands build and renderers write, as types: ``TypedDict`` for those that are
JSON as they are (so mypy checks every key a renderer reads), named tuples for the others.

Imported at run time only by what builds ``TableDocument`` and ``Selection``; the JSON-shaped
ones are types only (``report`` builds plain dicts), so the ``check`` path does not pay for
defining them.
"""

from __future__ import annotations

from typing import Any, NamedTuple, NotRequired, TypedDict

from cryo_check.core.explain import Row
from cryo_check.core.ruleset import Cancer, RuleSet


class Quote(TypedDict):
    source: str
    quote: str


class ListedIn(TypedDict):
    source: str
    quote: str
    #: The documents' lead-in to the name, if any.
    context: str | None


class CriterionDoc(TypedDict):
    id: str
    label: str
    question: str
    test: str
    answer: str | None
    status: str
    source: str
    quote: str


class OpenDoc(TypedDict):
    """An open criterion a verdict rests on: the documents leave it to the care team."""

    id: str
    label: str
    question: str
    #: The answer as shown (``20 cm``), None when not given: open either way.
    answer: str | None
    #: What the care team decides, after 'if' (``the care team counts the tumour as smaller``).
    condition: str
    #: Why it is open (``the documents give no size``).
    why: str
    source: str
    quote: str


class ReasonDoc(TypedDict):
    verdict: str
    reason: str
    evidence: list[Quote]


class NoteDoc(TypedDict):
    """A quoted note (source and quote set) or cryo-check's own (both None)."""

    text: str | None
    source: str | None
    quote: str | None


class CareQuestionDoc(TypedDict):
    """A question to take to the care team (``core.careteam``): from a document's note
    (``source`` and ``quote``), or from an unknown answer or a gap the documents leave (``gap``)."""

    text: str
    source: NotRequired[str]
    quote: NotRequired[str]
    gap: NotRequired[str]


class WordDoc(TypedDict):
    word: str
    role: str


class ReadingDoc(TypedDict):
    words: list[WordDoc]
    site: str | None
    note: str | None


class PointDoc(TypedDict):
    text: str | None
    source: str
    quote: str


class TopicPoints(TypedDict):
    id: str
    title: str
    points: list[PointDoc]


class MoreDoc(TypedDict):
    command: str
    topics: list[TopicPoints]


class SourceDoc(TypedDict):
    id: str
    title: str | None
    untitled: str | None
    publisher: str | None
    author: str | None
    reviewed_by: str | None
    date: str | None
    last_reviewed: str | None
    citation: str
    provenance: str | None
    #: What the document says of itself, quoted.
    own_words: list[Quote]
    #: How long before ``as_of`` its date or last review was (``7 years and 3 months``).
    age: str
    #: More than three years past its last review or date on ``as_of``.
    review_overdue: bool
    #: Its date, age and (when overdue) that it is due for review, in words.
    age_text: str


class QuestionDoc(TypedDict):
    label: str
    prompt: str
    answer_with: str


class CheckDocument(TypedDict):
    """A check result: what every output format of ``check`` shows (JSON prints it as is;
    docs/schemas/check.schema.json is its contract)."""

    schema_version: int
    cryo_check_version: str
    rules_sha256: str
    rules_folder: str | None
    cancer_input: str | None
    cancer_type: str | None
    cancer_reading: ReadingDoc | None
    cancer_name: str | None
    verdict: str
    #: The verdict in words; resting on an open criterion, it says so (``…, if the care
    #: team counts the tumour as smaller: the documents give no size``).
    verdict_text: str
    #: The open criteria the verdict rests on (empty when it rests on none).
    open: list[OpenDoc]
    #: The date the result is for (``CRYO_CHECK_TODAY`` or today): each source's age is on it.
    as_of: str
    #: Question id -> the answer as shown, None for unknown.
    answers: dict[str, str | None]
    #: ``<question>_<unit>`` -> the measure as a number (``size_cm``).
    measures: dict[str, int | float | None]
    listed_in: ListedIn | None
    criteria: list[CriterionDoc]
    reasons: list[ReasonDoc]
    missing: list[str]
    #: Each with question, answer, verdict and text; a measure's with its band, keyed
    #: ``range_<unit>`` (so not a fixed shape).
    what_if: list[dict[str, Any]]
    notes: list[NoteDoc]
    #: Questions to take to the care team, each traceable to a note, an unknown or a gap.
    care_team_questions: list[CareQuestionDoc]
    more_information: MoreDoc
    sources: list[SourceDoc]
    questions: dict[str, QuestionDoc]
    disclaimer: str


Report = CheckDocument


class TableDocument(NamedTuple):
    """``rules table``: every combination of a type's answers, with its verdict."""

    cancer: Cancer
    rows: list[Row]


class Selection(NamedTuple):
    """``rules export``: the chosen types of a rule set, for a handout, flowcharts or a page."""

    rules: RuleSet
    cancers: list[Cancer]


class CitedSource(TypedDict):
    id: str
    #: Its citation and provenance, in words.
    citation: str


class CriterionLine(TypedDict):
    id: str
    question: str
    test: str
    source: str


class ListedCancer(TypedDict):
    id: str
    name: str
    kind: str
    file: str
    aliases: list[str]
    criteria: list[CriterionLine]


class RulesListDocument(TypedDict):
    """``rules list``: every covered type, its names and criteria, and the sources."""

    schema_version: int
    folder: str
    cancers: list[ListedCancer]
    sources: list[CitedSource]
    disclaimer: str


class QuotedPoint(TypedDict):
    text: str | None
    source: str
    quote: str


class TopicDoc(TypedDict):
    id: str
    title: str
    points: list[QuotedPoint]


class Listed(TypedDict):
    source: str
    quote: str


class InfoDocument(TypedDict):
    """``info [ID]``: what the documents say about cryotherapy (and a type), quoted."""

    schema_version: int
    cancer_type: str | None
    cancer_name: str | None
    listed_in: Listed | None
    topics: list[TopicDoc]
    sources: list[CitedSource]
    disclaimer: str
