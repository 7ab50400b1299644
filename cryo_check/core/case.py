"""A case: the answers resolved once, at the edge, with where each came from and how the
cancer name was read. Every route (options, ``--answer``, prompts, answer files, batch rows)
ends here, so ``engine.evaluate(rules, case)`` is pure and raises nothing.

``resolve`` is where a name is read and the stage its words imply is filled in; a name that
cannot be read without asking is a NameQuestion, and a stage in the name that contradicts
the stage given is an AnswerError about the stage, each located by the caller through
``Case.sources`` / the ``sources`` it was given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from cryo_check.core.names import STAGE_QUESTION, NameReading
from cryo_check.core.questions import Answers
from cryo_check.core.ruleset import RuleSet
from cryo_check.errors import AnswerError


class Case(NamedTuple):
    """The answers to evaluate, and how they were read."""

    #: Every answer, a stage the name implies included.
    answers: Answers
    #: How the cancer name was read, word by word (None when no name was given).
    name: NameReading | None = None
    #: Questions answered by words of the name ("metastatic kidney cancer": the stage).
    from_name: tuple[str, ...] = ()
    #: Where each given answer came from (``--stage``, ``case.yaml:3``, ``rows.csv:4``).
    sources: Mapping[str, str] = {}
    #: Measures given as a number alone, read in the question's own unit (``35``: 35 cm).
    unitless: frozenset[str] = frozenset()

    def source(self, question: str) -> str | None:
        """Where the answer to ``question`` came from, if it was given."""
        if question in self.from_name:
            return "the cancer name"
        return self.sources.get(question)


def resolve(
    rules: RuleSet,
    answers: Answers,
    sources: Mapping[str, str] | None = None,
    *,
    name: NameReading | None = None,
    unitless: frozenset[str] = frozenset(),
) -> Case:
    """``answers`` resolved into a Case: the name read (``name`` when the caller has read it
    already, as a batch does once per distinct name) and the stage it implies filled in."""
    sources = dict(sources or {})
    if answers.cancer is None:
        return Case(answers, None, (), sources, unitless)
    reading = name if name is not None else rules.read(answers.cancer)
    read = with_stage_from(reading, answers, rules)
    from_name = tuple(q for q in read if q not in answers)
    return Case(read, reading, from_name, sources, unitless)


def with_stage_from(reading: NameReading, answers: Answers, rules: RuleSet) -> Answers:
    """``answers`` with the stage the name's words imply, where no stage was given."""
    if reading.stage is None or STAGE_QUESTION not in rules.questions:
        return answers
    given = answers.get(STAGE_QUESTION)
    if given is None:
        return answers.with_answer(STAGE_QUESTION, reading.stage)
    if given != reading.stage:
        raise AnswerError(
            STAGE_QUESTION,
            f"the stage is given as {given!r}, but the cancer name {reading.text!r} says "
            f"{reading.stage!r}",
            "give one stage: correct the name or the stage",
        )
    return answers
