"""Quiz cases: the teaching scenarios first, then cases drawn from the decision tables.

Pure and standard library only. Every case's answer is computed by the engine (a scenario's
from its answers, a table case from its combination), never written by hand.
"""

from __future__ import annotations

import random
from typing import NamedTuple

from cryo_check.core.case import resolve, scenario_given
from cryo_check.core.engine import Result, combinations, evaluate, evaluate_cancer
from cryo_check.core.questions import CANCER, Answers, Value
from cryo_check.core.ruleset import Cancer, RuleSet


class QuizCase(NamedTuple):
    title: str
    #: A scenario's story; None for a case from a table (its answers tell it).
    story: str | None
    #: Each answer as the case gives it: (question label, answer as shown).
    shown: tuple[tuple[str, str], ...]
    #: What the documents support for it, with what decided it.
    result: Result


def quiz_cases(
    rules: RuleSet, count: int, seed: int | None, cancer: Cancer | None = None
) -> list[QuizCase]:
    """``count`` cases: the scenarios (of ``cancer``'s type, with one chosen) in their
    order, then cases from the decision tables drawn at random (``seed`` repeats a draw)."""
    cases = [c for c in scenario_cases(rules) if cancer is None or _of(c, cancer)]
    if len(cases) >= count:
        return cases[:count]
    drawn = table_cases(rules, cancer)
    random.Random(seed).shuffle(drawn)
    return (cases + drawn)[:count]


def _of(case: QuizCase, cancer: Cancer) -> bool:
    return case.result.cancer is not None and case.result.cancer.id == cancer.id


def scenario_cases(rules: RuleSet) -> list[QuizCase]:
    cases = []
    for scenario in rules.scenarios:
        case = resolve(rules, scenario_given(scenario))
        # The answers the scenario gives (not one its cancer name implies), as shown.
        shown = tuple(
            (rules.question(q).label, rules.question(q).show(v))
            for q, v in case.answers.items()
            if q not in case.from_name
        )
        result = evaluate(rules, case)
        cases.append(QuizCase(scenario.title, scenario.story, shown, result))
    return cases


def table_cases(rules: RuleSet, cancer: Cancer | None = None) -> list[QuizCase]:
    """Every combination of answers of each type's decision table (or ``cancer``'s), as a case."""
    cases = []
    for each in [cancer] if cancer is not None else list(rules.cancers.values()):
        for values in combinations(each, each.questions):
            answers = Answers({CANCER: each.id, **values})
            shown = (
                (rules.question(CANCER).label, each.name),
                *((rules.question(q).label, _label(each, q, values)) for q in each.questions),
            )
            cases.append(QuizCase(each.name, None, shown, evaluate_cancer(each, answers)))
    return cases


def _label(cancer: Cancer, question: str, values: dict[str, Value]) -> str:
    """A table answer as its case reads ('under 4 cm'), not the value standing for it."""
    return cancer.cases(question)[cancer.case_of(question, values[question])].label
