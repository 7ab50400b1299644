"""A case: the answers resolved once, at the edge, with where each came from and how it was
read. Every route (options, ``--answer``, prompts, answer files, batch rows, the rules' own
examples) hands ``resolve`` its answers as written, each with its place, so
``engine.evaluate(rules, case)`` is pure and raises nothing.

``resolve`` is the one reader: it knows each question, parses each answer (a measure given as
a number alone is noted, so every result can say how it was read), reads the cancer name and
fills in the answer its words imply (names.yaml ``answered_by_names``: the stage). Its errors
name where the answer was written: an AnswerError (``.question``, ``.where``) for an answer,
a NameQuestion for a name it will not read without asking.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from cryo_check.core.names import NameReading
from cryo_check.core.questions import CANCER, Answers, Question, Value, unitless
from cryo_check.core.ruleset import Cancer, Example, RuleSet, Scenario
from cryo_check.errors import AnswerError


class Given(NamedTuple):
    """An answer as written, and where it was written."""

    question: str
    #: As written: an option's or a prompt's text, a cell, or a value read from a file (35).
    raw: object
    #: ``--size``, ``--answer size``, ``case.yaml:3: size``, ``rows.csv:4``, ``the prompt``.
    where: str


class Case(NamedTuple):
    """The answers to evaluate, and how they were read."""

    #: Every answer, one the name implies included.
    answers: Answers
    #: How the cancer name was read, word by word (None when no name was given).
    name: NameReading | None = None
    #: Questions answered by words of the name ("metastatic kidney cancer": the stage).
    from_name: tuple[str, ...] = ()
    #: Where each given answer came from (``--stage``, ``case.yaml:3: stage``, ``rows.csv:4``).
    sources: Mapping[str, str] = {}
    #: Measures given as a number alone, read in the question's own unit (``35``: 35 cm).
    unitless: frozenset[str] = frozenset()

    def source(self, question: str) -> str | None:
        """Where the answer to ``question`` came from, if it was given."""
        if question in self.from_name:
            return "the cancer name"
        return self.sources.get(question)


#: How one answer is read: its value (None: unknown) and whether it is a measure given as a
#: number alone. ``read_answer``, or a caller's memo of it (a batch reads each cell once).
AnswerReader = Callable[[Question, object], tuple[Value | None, bool]]


def read_answer(question: Question, raw: object) -> tuple[Value | None, bool]:
    """One answer as written, parsed; and whether it is a measure given as a number alone."""
    value = question.parse(raw)
    return value, value is not None and unitless(question, raw)


def read(
    rules: RuleSet,
    given: Iterable[Given | tuple[str, object, str]],
    *,
    read_one: AnswerReader = read_answer,
) -> tuple[Answers, dict[str, str], frozenset[str]]:
    """Each answer parsed: the answers, where each was written, and the measures given as a
    number alone. A question answered twice, an unknown question or an answer that is not one
    is an AnswerError naming where it was written."""
    values: dict[str, Value | None] = {}
    sources: dict[str, str] = {}
    alone: list[str] = []
    questions = rules.questions
    for qid, raw, where in given:  # a batch reads every row here: kept lean
        question = questions.get(qid)
        try:
            if question is None:
                rules.question(qid)  # raises, naming the ids there are
            elif qid in sources:
                raise AnswerError(
                    qid, f"{qid} is answered twice (also by {sources[qid]})", "answer it once"
                )
            else:
                values[qid], number_alone = read_one(question, raw)
        except AnswerError as exc:
            raise exc.located(where) from None
        sources[qid] = where
        if number_alone:
            alone.append(qid)
    return Answers(values), sources, frozenset(alone)


def resolve(
    rules: RuleSet,
    given: Iterable[Given | tuple[str, object, str]],
    *,
    read_name: Callable[[str], NameReading] | None = None,
    read_one: AnswerReader = read_answer,
) -> Case:
    """``given`` read into a Case: each answer parsed (``read``), then the name read and the
    answer its words imply filled in (``with_name``). A caller that remembers readings (a
    batch reads each distinct cell and name once) passes ``read_one`` and ``read_name``."""
    answers, sources, alone = read(rules, given, read_one=read_one)
    return with_name(rules, answers, sources, alone, read_name=read_name)


def with_name(
    rules: RuleSet,
    answers: Answers,
    sources: Mapping[str, str] | None = None,
    unitless: frozenset[str] = frozenset(),
    *,
    read_name: Callable[[str], NameReading] | None = None,
) -> Case:
    """Answers already read, with the cancer name read and the answer its words imply filled
    in: ``resolve``'s second step, and the prompts' (each answer is read as it is typed)."""
    sources = sources if isinstance(sources, dict) else dict(sources or {})
    if answers.cancer is None:
        return Case(answers, None, (), sources, unitless)
    try:
        reading = (read_name or rules.read)(answers.cancer)
        filled = answers if reading.stage is None else with_stage_from(reading, answers, rules)
    except AnswerError as exc:
        where = sources.get(exc.question) or sources.get(CANCER)
        raise (exc.located(where) if where else exc) from None
    from_name = () if filled is answers else tuple(q for q in filled if q not in answers)
    return Case(filled, reading, from_name, sources, unitless)


def given_as(
    rules: RuleSet,
    answers: Mapping[str, Value | None],
    sources: Mapping[str, str],
    default: str = "the prompt",
) -> list[Given]:
    """Answers already read (a rule file's example, answers settled at prompts) written out
    again, each as a person reads it (``3.5 cm``) with where it came from (``sources``, else
    ``default``), so ``resolve`` reads back the same answers and locates what it refuses."""
    return [
        Given(q, None if v is None else rules.question(q).show(v), sources.get(q, default))
        for q, v in answers.items()
    ]


def example_given(cancer: Cancer, example: Example) -> list[Given]:
    """An example's answers as written, each with its file and line; its cancer defaults to
    the file's own."""
    where = f"{cancer.file}:{example.line}" if example.line else cancer.file
    given = [Given(q, raw, f"{where}: {q}") for q, raw in example.answers]
    if all(g.question != CANCER for g in given):
        given.insert(0, Given(CANCER, cancer.id, where))
    return given


def scenario_given(scenario: Scenario) -> list[Given]:
    """A scenario's answers as written (it names its cancer itself, or leaves it unknown)."""
    where = f"{scenario.file}:{scenario.line}" if scenario.line else scenario.file
    return [Given(q, raw, f"{where}: {q}") for q, raw in scenario.answers]


def with_stage_from(reading: NameReading, answers: Answers, rules: RuleSet) -> Answers:
    """``answers`` with the answer the name's words imply (names.yaml ``answered_by_names``:
    the stage), where none was given; an AnswerError about that question if one given
    differs."""
    question = rules.vocabulary.question if rules.vocabulary is not None else None
    if reading.stage is None or question is None or question not in rules.questions:
        return answers
    given = answers.get(question)
    if given is None:
        return answers.with_answer(question, reading.stage)
    if given != reading.stage:
        label = rules.question(question).label
        raise AnswerError(
            question,
            f"the {label} is given as {given!r}, but the cancer name {reading.text!r} says "
            f"{reading.stage!r}",
            f"give one {label}: correct the name or the {label}",
        )
    return answers
