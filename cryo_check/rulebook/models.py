"""Pydantic models of the rule files: the schema authors write against.

Every model forbids unknown keys. ``cryo-check rules export --format json-schema`` publishes
these as a JSON Schema for editors. Loading any of this is kept off the fast path: the loader
imports it only when rule files have to be validated.
"""

import datetime
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from cryo_check.core import numbers
from cryo_check.core.questions import CANCER_KIND, MEASURE, Question
from cryo_check.errors import AnswerError, shown

Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=1, max_length=64)
]


#: Text in a rule file. Characters that could hide text or drive a terminal are refused in
#: every value and key of a rule file when it is read (``validation``), before any model.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: A question id: declared in questions.yaml (checked against it when the folder is read).
QuestionId = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", min_length=1, max_length=64)
]
AnswerKey = QuestionId
RuleVerdict = Literal["commonly_considered", "may_be_considered", "not_typically_considered"]
Verdict = Literal[
    "commonly_considered",
    "may_be_considered",
    "not_typically_considered",
    "not_covered",
    "insufficient_information",
]
SizeValue = str | float | int

MEASURE_OPS = ("less_than", "at_most", "greater_than", "at_least")
CHOICE_OPS = ("equals", "one_of")


def _no_bool(value: Any) -> Any:
    # `less_than: true` is not a threshold (bool is an int to Python, and to pydantic's number).
    if isinstance(value, bool):
        raise ValueError(f"a threshold is a number with a unit, e.g. 4cm, got {value!r}")
    return value


def _read_number(value: Any) -> Any:
    """A number of a rule file (a unit's factor, a range's end) read by the one number
    reader, as written: a quoted ``"1e30"`` or ``"100.00000000000000000001"`` is refused here
    with its place, never turned into a double by pydantic first."""
    _no_bool(value)
    literal = value if isinstance(value, str) else numbers.literal_of(value)
    if literal is None:
        return value  # not a number at all: pydantic says so
    try:
        number = numbers.read(literal)
    except numbers.NumberError as exc:  # a ValueError to pydantic: a located problem
        raise ValueError(f"the number {shown(literal)} {exc.detail}") from None
    return int(number) if number == number.to_integral_value() else float(number)


def _list() -> list[Any]:
    return []


def _dict() -> dict[str, Any]:
    return {}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class EvidenceModel(_Model):
    source: Slug = Field(description="The id of a source in sources.yaml.")
    quote: Text = Field(description="Copied verbatim from that source.")


class SourceModel(_Model):
    """A document the rules quote: bibliographic details only, never its text."""

    id: Slug
    title: Text | None = Field(None, description="The document's own title.")
    untitled: Text | None = Field(
        None, description="For a document with no title: what it is, cited in place of one."
    )
    description: Text = Field(description="What the document is, in a sentence.")
    publisher: Text | None = Field(None, description="Omit when the document does not name one.")
    author: Text | None = None
    reviewed_by: Text | None = None
    date: datetime.date | None = Field(None, description="The date the document carries.")
    last_reviewed: datetime.date | None = None
    references: list[Text] = Field(default_factory=_list)
    provenance: Text | None = Field(
        None,
        description="Who published it and what it rests on: facts about the document, shown "
        "with every citation.",
    )
    own_words: list[EvidenceModel] = Field(
        default_factory=_list,
        description="What the document says of itself (who wrote it, what it calls the "
        "treatment, what it rests on), quoted from it: its own id as the source.",
    )
    document: Text | None = Field(
        None, description="File name of the full text among the project's reference sources."
    )
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = Field(
        None, description="SHA-256 of that text, so quotes are checked against this version."
    )

    @model_validator(mode="after")
    def _cited(self) -> Self:
        if self.date is None and self.last_reviewed is None:
            raise ValueError("give 'date' or 'last_reviewed': a source must be dated")
        if (self.title is None) == (self.untitled is None):
            raise ValueError("give exactly one of 'title' and 'untitled'")
        for quoted in self.own_words:
            if quoted.source != self.id:
                raise ValueError(f"own_words quote this source: write 'source: {self.id}'")
        return self


class SourcesFile(_Model):
    sources: list[SourceModel] = Field(min_length=1)


class ListedInModel(EvidenceModel):
    """The documents' own words naming this type, and (``context``) the words they follow."""

    context: Text | None = Field(
        None, description="Verbatim lead-in, e.g. the sentence that introduces a list."
    )


class TestModel(_Model):
    """Exactly one key: a choice test for stage or fitness, a size comparison for size."""

    equals: Text | None = None
    one_of: list[Text] | None = Field(None, min_length=1)
    less_than: SizeValue | None = None
    at_most: SizeValue | None = None
    greater_than: SizeValue | None = None
    at_least: SizeValue | None = None

    # An unquoted yes/no is refused before this (validation: YAML 1.1 reads it as a boolean,
    # YAML 1.2 editors as text), so a boolean here is one: not a choice.
    _refuse_bool = field_validator(*MEASURE_OPS, mode="before")(_no_bool)

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [name for name in (*CHOICE_OPS, *MEASURE_OPS) if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                "a test takes exactly one of: "
                + ", ".join((*CHOICE_OPS, *MEASURE_OPS))
                + (f" (got {', '.join(given)})" if given else "")
            )
        return self

    @property
    def op(self) -> str:
        return next(n for n in (*CHOICE_OPS, *MEASURE_OPS) if getattr(self, n) is not None)


class CriterionModel(_Model):
    """One condition the documents state, read from one question's answer (its test is
    checked against the question's declaration, given as the validation context)."""

    id: Slug
    question: QuestionId
    label: Text = Field(description="The condition in plain words.")
    test: TestModel | None = Field(
        None, description="How the answer is tested; omitted for an open criterion."
    )
    open: Text | None = Field(
        None,
        description="For a criterion the documents leave to the care team (no test): why it "
        "is open, e.g. 'the documents give no size'. Its status is always 'open'.",
    )
    condition: Text | None = Field(
        None,
        description="An open criterion's condition as the verdict line says it, after 'if': "
        "'the care team counts the tumour as smaller'.",
    )
    source: Slug
    quote: Text

    @model_validator(mode="after")
    def _fits_its_question(self, info: ValidationInfo) -> Self:
        if (self.test is None) == (self.open is None):
            raise ValueError("give exactly one of 'test' and 'open' (open: left to the care team)")
        if (self.open is None) != (self.condition is None):
            raise ValueError("an open criterion takes 'open' and 'condition' together")
        questions: dict[str, Question] | None = (info.context or {}).get("questions")
        if questions:
            problem = criterion_problem(self, questions)
            if problem is not None:
                raise ValueError(problem)
        return self


def criterion_problem(c: CriterionModel, questions: dict[str, Question]) -> str | None:
    """What is wrong with a criterion's question or test (as ``field: message (fix)``)."""
    question = questions.get(c.question)
    readable = ", ".join(q.id for q in questions.values() if q.kind != CANCER_KIND)
    if question is None:
        return f"question: unknown question '{c.question}' (use one of: {readable})"
    if question.kind == CANCER_KIND:
        return f"question: a criterion cannot read the cancer type (use one of: {readable})"
    if c.test is None:
        return None  # an open criterion: its answer is shown, never tested
    op = c.test.op
    if question.kind == MEASURE:
        if op not in MEASURE_OPS:
            return f"test: a {c.question} criterion compares numbers: use {', '.join(MEASURE_OPS)}"
        values = [getattr(c.test, op)]
    elif op not in CHOICE_OPS:
        return f"test: a {c.question} criterion tests choices: use equals or one_of"
    else:
        values = [c.test.equals] if c.test.equals is not None else list(c.test.one_of or [])
    for value in values:
        try:
            answer = question.parse(value)
        except AnswerError as exc:
            return f"test.{op}: {exc.message} ({exc.fix})"
        if answer is None:
            return f"test.{op}: 'unknown' is not an answer a criterion can test"
        if question.kind != MEASURE and answer != value:
            # One spelling in rule files (the one the schema offers editors), not every way
            # a person may type the answer.
            return f"test.{op}: {value!r} is another way to write '{answer}' (write '{answer}')"
    return None


class DecisionModel(_Model):
    """A verdict, and the criterion statuses that all have to hold for it."""

    when: dict[Slug, Literal["met", "not_met", "open"]] = Field(
        default_factory=_dict,
        description="Criterion id -> met or not_met; 'open' names an open criterion the "
        "verdict rests on (its verdict line says so).",
    )
    verdict: RuleVerdict
    reason: Text = Field(description="Why, in plain words, resting on the evidence.")
    evidence: list[EvidenceModel] = Field(default_factory=_list)


class NoteModel(_Model):
    text: Text | None = Field(None, description="Optional words of ours introducing the quote.")
    source: Slug
    quote: Text


class ExampleModel(_Model):
    """An answer set and the verdict the rules must give for it."""

    name: Text | None = None
    answers: dict[AnswerKey, SizeValue | bool | None] = Field(default_factory=_dict)
    expect: Verdict
    expect_missing: list[AnswerKey] | None = None


class CancerFile(_Model):
    """One covered cancer type: its names, criteria, decisions, notes and examples."""

    id: Slug
    name: Text
    kind: Literal["cancer", "precancer"]
    aliases: list[Text] = Field(default_factory=_list, max_length=50)
    listed_in: ListedInModel = Field(description="Where the documents name this type.")
    # Bounded so that no rule file, however written, makes a check slow.
    criteria: list[CriterionModel] = Field(default_factory=_list, max_length=12)
    decisions: list[DecisionModel] = Field(min_length=1, max_length=50)
    notes: list[NoteModel] = Field(default_factory=_list, max_length=50)
    examples: list[ExampleModel] = Field(min_length=1, max_length=200)


class ScenarioModel(_Model):
    """A teaching vignette: a story, its answers, the verdict they must give, and why."""

    id: Slug
    title: Text
    story: Text
    answers: dict[AnswerKey, SizeValue | bool | None]
    expect: Verdict
    expect_missing: list[AnswerKey] | None = None
    teaching_point: Text


class ScenariosFile(_Model):
    """scenarios.yaml: the vignettes `cryo-check demo` walks through."""

    scenarios: list[ScenarioModel] = Field(min_length=1)


class InfoPoint(_Model):
    """One thing a document says, quoted; ``applies_to`` limits it to some cancer types."""

    text: Text | None = Field(None, description="Optional words of ours introducing the quote.")
    source: Slug
    quote: Text
    applies_to: list[Slug] = Field(
        default_factory=_list, description="Cancer ids it is about; empty: cryotherapy in general."
    )


class InfoTopic(_Model):
    id: Slug
    title: Text
    points: list[InfoPoint] = Field(min_length=1)
    in_results: bool = Field(
        False, description="Carried by every check result (the Markdown handout quotes it)."
    )


class InfoFile(_Model):
    """info.yaml: what the documents say about cryotherapy, for `cryo-check info`."""

    topics: list[InfoTopic] = Field(min_length=1)
    not_covered: EvidenceModel | None = Field(
        None, description="What a result for a type the documents do not name quotes."
    )


class ChoiceModel(_Model):
    value: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
    label: Text
    aliases: list[Text] = Field(default_factory=_list, max_length=100)
    condition: Text | None = Field(
        None, description="How the answer reads in 'what would change the verdict'."
    )


class UnclearModel(_Model):
    answers: list[Text] = Field(min_length=1, max_length=100)
    why: Text = Field(description="Why these answers do not say which choice is meant.")


class UnitModel(_Model):
    factor: float | int = Field(gt=0, description="How many of the question's unit one is.")
    aliases: list[Text] = Field(default_factory=_list, max_length=20)

    _read_factor = field_validator("factor", mode="before")(_read_number)


class RangeModel(_Model):
    greater_than: float | int
    less_than: float | int

    _read_ends = field_validator("greater_than", "less_than", mode="before")(_read_number)


class QuestionModel(_Model):
    """One question: how it is asked, and what answers it takes."""

    id: QuestionId
    kind: Literal["cancer", "choice", "measure"]
    label: Text = Field(description="A few words naming it, e.g. 'tumour size'.")
    prompt: Text
    help: Text = Field(description="The answers it takes, in words.")
    option: (
        Annotated[str, StringConstraints(pattern=r"^--[a-z][a-z0-9-]*$", max_length=40)] | None
    ) = Field(None, description="Its command-line option (shipped questions only).")
    short: Annotated[str, StringConstraints(pattern=r"^-[a-z]$")] | None = None
    metavar: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z_]*$")] | None = None
    condition: Text | None = Field(
        None, description="An answer in 'what would change the verdict': 'the stage {is} {answer}'"
    )
    choices: list[ChoiceModel] = Field(default_factory=_list, max_length=20)
    unclear: list[UnclearModel] = Field(default_factory=_list, max_length=20)
    unknown: list[Text] = Field(default_factory=_list, max_length=20)
    unit: Annotated[str, StringConstraints(pattern=r"^[a-z]+$", max_length=10)] | None = None
    units: dict[
        Annotated[str, StringConstraints(pattern=r"^[a-z]+$", max_length=10)], UnitModel
    ] = Field(default_factory=_dict, max_length=10)
    range: RangeModel | None = None
    unread: Text | None = Field(
        None,
        description="What a result says of an answer no criterion of the type reads "
        "({cancer}: the type's name, {answer}: the answer).",
    )

    @model_validator(mode="after")
    def _fits_kind(self) -> Self:
        if self.kind == "choice" and len(self.choices) < 2:
            raise ValueError("choices: a choice question needs at least two choices")
        if self.kind != "choice" and (self.choices or self.unclear):
            raise ValueError(f"choices: only a choice question has choices, not a {self.kind}")
        if self.kind == "measure":
            if self.unit is None or self.unit not in self.units:
                raise ValueError("unit: a measure names its unit, one of its 'units'")
            if self.range is None:
                raise ValueError("range: a measure gives the range of plausible answers")
        elif self.unit or self.units or self.range:
            raise ValueError(f"unit: only a measure has units, not a {self.kind}")
        return self


class QuestionsFile(_Model):
    """questions.yaml: the questions cryo-check asks, in the order it asks them."""

    questions: list[QuestionModel] = Field(min_length=1, max_length=20)


Words = list[Text]


class SharedNameModel(_Model):
    """Words that name more than one covered type: asked about, never guessed."""

    names: Words = Field(min_length=1, max_length=50)
    types: list[Slug] = Field(min_length=1, max_length=50)
    says_where: bool = Field(False, description="The words name a part of the body.")
    always_ask: bool = Field(False, description="Asked about unless other words pin one type.")
    why: Text = Field(description="Shown when cryo-check asks which type is meant.")


class NotCoveredModel(_Model):
    """Places and cancers the documents do not cover: name shown -> the words for it."""

    sites: dict[Text, Words] = Field(default_factory=_dict, max_length=200)
    cancers: dict[Text, Words] = Field(default_factory=_dict, max_length=200)
    notes: dict[Text, Text] = Field(
        default_factory=_dict, description="Name shown -> what a result must say about it."
    )


class SpreadToModel(_Model):
    """How a cancer that spread TO a place is written ("liver metastases")."""

    after_place: Words = Field(default_factory=_list)
    before_place: Words = Field(default_factory=_list)
    ambiguous_before: Words = Field(default_factory=_list)
    movers: Words = Field(default_factory=_list)
    toward: Words = Field(default_factory=_list)
    origin: Words = Field(default_factory=_list)
    places: dict[Text, Text] = Field(default_factory=_dict)
    destination_places: Words = Field(default_factory=_list)


class OtherSenseModel(_Model):
    """A word of a covered name that means something else before certain words."""

    word: Text = Field(description="The word, e.g. 'cervical'.")
    means: Text = Field(description="What it means before those words, e.g. 'the neck'.")
    before: Words = Field(min_length=1, description="The words it means that before.")


class NameAnswersModel(_Model):
    """The question a cancer name's words may answer ("metastatic kidney cancer": the stage)."""

    question: Slug = Field(
        description="The question's id in questions.yaml: its choices, aliases and unclear "
        "answers are the words of a name read as an answer to it ('stage 4', 'metastatic')."
    )
    spread: Slug = Field(
        description="Its choice the spread_to words mean (a cancer that has spread)."
    )


class NamesFile(_Model):
    """names.yaml: the words cancer names are read with, besides each type's own aliases."""

    answered_by_names: NameAnswersModel = Field(
        description="The question a name's words may answer, and its choice for spread."
    )
    shared: list[SharedNameModel] = Field(default_factory=_list, max_length=100)
    descriptors: dict[Slug, Words] = Field(
        min_length=1, description="Words that describe without naming a type, by group."
    )
    conjunctions: Words = Field(default_factory=_list)
    joiners: Words = Field(
        default_factory=_list, description="Words adding a second cancer ('with')."
    )
    other_senses: list[OtherSenseModel] = Field(default_factory=_list, max_length=20)
    roots: dict[Text, Text] = Field(
        default_factory=_dict,
        max_length=50,
        description="Word root -> the covered place it names ('nephr': 'kidney').",
    )
    not_covered: NotCoveredModel = Field(default_factory=NotCoveredModel)
    spread_to: SpreadToModel = Field(default_factory=SpreadToModel)
