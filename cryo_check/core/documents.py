"""The documents commands build and renderers write, as types: ``TypedDict`` for those that are
JSON as they are (so mypy checks every key a renderer reads), named tuples for the others.

The JSON documents are also the one declaration of the published JSON Schemas: ``cryo-check
schema`` generates them from these types with pydantic (each key's docstring is its
description, each class's docstring that of its objects), then adds what depends on the rules
in use (``rulebook.schemas``). Adding a key here is all a new key needs; a test fails if its
docstring is missing.

Imported at run time only by what builds ``TableDocument`` and ``Selection``, and by the
``schema`` command; the JSON-shaped ones are types only elsewhere (``report`` builds plain
dicts), so the ``check`` path does not pay for defining them.
"""

from __future__ import annotations

from typing import NamedTuple

# pydantic reads a TypedDict's bases only from typing_extensions' TypedDict before Python 3.12.
from typing_extensions import TypedDict

from cryo_check.core.explain import Row
from cryo_check.core.ruleset import Cancer, RuleSet


class Quote(TypedDict):
    """A quote."""

    source: str
    """The id of the source quoted (see sources)."""
    quote: str
    """Words copied verbatim from that source."""


class ListedIn(Quote):
    """Where the documents name the type, or null."""

    context: str | None
    """The verbatim lead-in to the name, or null."""


class PointDoc(Quote):
    """A quoted point."""

    text: str | None
    """Words of ours introducing the quote, or null."""


class TopicDoc(TypedDict):
    """A topic."""

    id: str
    """Its id in info.yaml."""
    title: str
    """Its title."""
    points: list[PointDoc]
    """What the documents say on it."""


class CriterionDoc(TypedDict):
    """A criterion."""

    id: str
    """Its id in the rule file."""
    label: str
    """The condition in words."""
    question: str
    """The question it reads."""
    test: str
    """Its test in words, e.g. 'under 4 cm'."""
    source: str
    """The id of the source its quote is from (see sources)."""
    quote: str
    """Words copied verbatim from that source."""


class CriterionResult(CriterionDoc):
    """A criterion, with its status for these answers."""

    answer: str | None
    """The answer it read, or null."""
    status: str
    """not_applicable: unknown, and no answer would change the verdict; open: the documents
    leave it to the care team."""


class OpenDoc(TypedDict):
    """An open criterion a verdict rests on: the documents leave it to the care team."""

    id: str
    """Its id in the rule file."""
    label: str
    """The condition in words."""
    question: str
    """The question whose answer it shows."""
    answer: str | None
    """The answer given, or null: open either way."""
    condition: str
    """What the care team decides, after 'if'."""
    why: str
    """Why it is open ('the documents give no size')."""
    source: str
    """The id of the source its quote is from (see sources)."""
    quote: str
    """Words copied verbatim from that source."""


class ReasonDoc(TypedDict):
    """A decision."""

    verdict: str
    """Its verdict."""
    reason: str
    """Why, in words."""
    evidence: list[Quote]
    """The quotes it rests on."""


class RangeDoc(TypedDict):
    """For a measure: the band of answers that would change the verdict, in its unit (a
    what-if's ``range_<unit>``, one key for each measure)."""

    min: float
    """Its lower end."""
    max: float
    """Its upper end."""
    min_inclusive: bool
    """Whether min is in it."""
    max_inclusive: bool
    """Whether max is in it."""


class WhatIfDoc(TypedDict):
    """A single answer that would change the verdict."""

    question: str
    """The question answered."""
    answer: str
    """The answer, as shown (a size as a band, e.g. '4 cm or more')."""
    verdict: str
    """The verdict that answer would give."""
    text: str
    """The change in words."""


class NoteDoc(TypedDict):
    """A note: quoted (source and quote set) or cryo-check's own (both null)."""

    text: str | None
    """Words introducing the quote, or the note."""
    source: str | None
    """The source quoted, or null."""
    quote: str | None
    """The quote, or null."""


class CareNoteQuestion(Quote):
    """A question about a note the documents make."""

    text: str
    """The question, with the quote."""


class CareGapQuestion(TypedDict):
    """A question about an unknown answer, or a gap the documents leave."""

    text: str
    """The question."""
    gap: str
    """What is unknown or undefined, in words."""


CareQuestionDoc = CareNoteQuestion | CareGapQuestion


class WordDoc(TypedDict):
    """A word of the name."""

    word: str
    """The word, folded as names are compared."""
    role: str
    """What it was read as."""


class ReadingDoc(TypedDict):
    """How the cancer name was read, word by word (null when none was given)."""

    words: list[WordDoc]
    """Each word (or phrase) of the name and the role it was read in."""
    site: str | None
    """For a type not covered: what the name names, or null."""
    note: str | None
    """What the reading must say, or null."""


class MoreDoc(TypedDict):
    """Where to read more, and the topics every result carries (how it is done, side
    effects), quoted."""

    command: str
    """The command that says more: cryo-check info ID."""
    topics: list[TopicDoc]
    """The topics, each a list of quoted points."""


class SourceDoc(TypedDict):
    """A document."""

    id: str
    """Its id."""
    title: str | None
    """Its title, or null."""
    untitled: str | None
    """Its untitled, or null."""
    publisher: str | None
    """Its publisher, or null."""
    author: str | None
    """Its author, or null."""
    reviewed_by: str | None
    """Its reviewed by, or null."""
    date: str | None
    """The date it carries, or null."""
    last_reviewed: str | None
    """When it was last reviewed, or null."""
    citation: str
    """Its bibliographic details, in words."""
    provenance: str | None
    """Who published it and what it rests on, or null."""
    own_words: list[Quote]
    """What it says of itself, quoted."""
    age: str
    """How long before as_of its date or last review was."""
    review_overdue: bool
    """More than three years past its date or last review on as_of: due for review."""
    age_text: str
    """Its date, age and whether due for review, in words."""


class QuestionDoc(TypedDict):
    """A question."""

    label: str
    """A few words naming it."""
    prompt: str
    """The question as asked."""
    answer_with: str
    """The option that answers it."""


class CheckDocument(TypedDict):
    """One case checked against the rules: the verdict, why, and what would change it.
    General information, not medical advice."""

    schema_version: int
    """The version of this document's schema (cryo-check schema NAME); it changes whenever a
    key is added, removed or changes meaning."""
    cryo_check_version: str
    """The cryo-check version that wrote it."""
    rules_sha256: str
    """SHA-256 of the rule files used."""
    rules_folder: str | None
    """The custom rule folder used (--rules, $CRYO_CHECK_RULES), or null for the shipped
    rules: a custom folder's rules need not be the documents' word."""
    cancer_input: str | None
    """The cancer type as given, or null."""
    cancer_type: str | None
    """The covered type it names (its id), or null when not covered or not given."""
    cancer_reading: ReadingDoc | None
    """How the cancer name was read, word by word (null when none was given)."""
    cancer_name: str | None
    """That type's name, or null."""
    verdict: str
    """The verdict (see the README's table)."""
    verdict_text: str
    """The verdict in words; resting on an open criterion, it says so ('…, if the care team
    counts the tumour as smaller: the documents give no size')."""
    open: list[OpenDoc]
    """The open criteria the verdict rests on: left to the care team by the documents."""
    as_of: str
    """The date the result is for (YYYY-MM-DD): CRYO_CHECK_TODAY, or today."""
    answers: dict[str, str | None]
    """Each declared question's answer as shown ('3.5 cm'), or null for unknown."""
    measures: dict[str, float | None]
    """Each measure answered, as a number in its question's unit, keyed question_unit
    (size_cm); null when not answered."""
    listed_in: ListedIn | None
    """Where the documents name the type, or null."""
    criteria: list[CriterionResult]
    """The type's criteria, each with its status for these answers."""
    reasons: list[ReasonDoc]
    """Why: the decisions that gave the verdict."""
    missing: list[str]
    """The questions whose answers would decide (for insufficient_information)."""
    what_if: list[WhatIfDoc]
    """Single answers that would change the verdict."""
    notes: list[NoteDoc]
    """Notes: quoted (source and quote set) or cryo-check's own (both null)."""
    care_team_questions: list[CareNoteQuestion | CareGapQuestion]
    """Questions to take to the care team, from fixed neutral templates: each from a
    document's note (text, source, quote) or from an unknown answer or a gap the documents
    leave (text, gap). None is a recommendation."""
    more_information: MoreDoc
    """Where to read more, and the topics every result carries (how it is done, side
    effects), quoted."""
    sources: list[SourceDoc]
    """The documents cited in this result (all of them when none is)."""
    questions: dict[str, QuestionDoc]
    """Each declared question: how it reads and how to answer it."""
    disclaimer: str
    """Always present."""


Report = CheckDocument


class Because(TypedDict):
    """The criterion that answer turns, and its quote, or null."""

    criterion: str
    """The criterion."""
    quote: str
    """Its quote."""
    source: str
    """The quote's source."""


class BatchRow(TypedDict):
    """One row of a batch, in the input's order (a line of --format jsonl; the csv columns
    are the same keys, missing joined with ';', kept and because spread into columns of their
    own). Each question's answer follows kept (the cancer's covered type beside it, a
    measure's number beside it as shown). General information, not medical advice."""

    schema_version: int
    """The version of this document's schema (cryo-check schema NAME); it changes whenever a
    key is added, removed or changes meaning."""
    line: int
    """The case's line in the input file."""
    case: str | None
    """The case's id (its id, name, case or student column), or null."""
    kept: dict[str, str]
    """The input's own columns (a CSV header's names that are no question's), as written."""
    verdict: str | None
    """The verdict; null for a row that could not be read."""
    open: str | None
    """What the verdict rests on that the documents leave to the care team ('if the care
    team counts the tumour as smaller: the documents give no size'), or null: the verdict
    holds only if that is so."""
    missing: list[str]
    """The questions whose answers would decide."""
    prediction: str | None
    """The verdict predicted (an id; as written when it could not be read), or null."""
    correct: bool | None
    """Whether the prediction is what the documents support; null with no prediction
    read."""
    right_if: str | None
    """For a wrong prediction: the one answer that would have made it right ('the tumour
    were under 4 cm'), or null."""
    because: Because | None
    """The criterion that answer turns, and its quote, or null."""
    error: str | None
    """Why the row (or its prediction) could not be read, or null."""
    disclaimer: str
    """Always present."""


class TableDocument(NamedTuple):
    """``rules table``: every combination of a type's answers, with its verdict."""

    cancer: Cancer
    rows: list[Row]


class Selection(NamedTuple):
    """``rules export``: the chosen types of a rule set, for a handout, flowcharts or a page."""

    rules: RuleSet
    cancers: list[Cancer]


class CitedSource(TypedDict):
    """A document."""

    id: str
    """Its id."""
    citation: str
    """Its bibliographic details, in words."""


class CriterionLine(TypedDict):
    """A criterion."""

    id: str
    """Its id."""
    question: str
    """The question it reads."""
    test: str
    """Its test in words."""
    source: str
    """The source its quote is from."""


class ListedCancer(TypedDict):
    """A covered type."""

    id: str
    """Its id."""
    name: str
    """Its name."""
    kind: str
    """Its kind."""
    file: str
    """Its rule file."""
    aliases: list[str]
    """Its other names."""
    criteria: list[CriterionLine]
    """Its criteria."""


class RulesListDocument(TypedDict):
    """Every covered cancer type of the rules in use."""

    schema_version: int
    """The version of this document's schema (cryo-check schema NAME); it changes whenever a
    key is added, removed or changes meaning."""
    folder: str
    """The rule folder."""
    cancers: list[ListedCancer]
    """The covered types, by id."""
    sources: list[CitedSource]
    """The documents the rules quote."""
    disclaimer: str
    """Always present."""


class InfoDocument(TypedDict):
    """What the documents say about cryotherapy, each point quoted."""

    schema_version: int
    """The version of this document's schema (cryo-check schema NAME); it changes whenever a
    key is added, removed or changes meaning."""
    cancer_type: str | None
    """The type asked about, or null for general."""
    cancer_name: str | None
    """Its name, or null."""
    listed_in: Quote | None
    """Where the documents name the type, or null."""
    topics: list[TopicDoc]
    """The topics, in order."""
    sources: list[SourceDoc]
    """The documents the rules quote, as facts, with their age on the day cryo-check ran
    (CRYO_CHECK_TODAY sets it)."""
    disclaimer: str
    """Always present."""
