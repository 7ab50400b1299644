"""Decision tables and trees: every path through a cancer's rules, computed from the rules.

Pure and standard library only. The table lists every combination of the answers a cancer's
criteria read (sizes as the bands of its thresholds) with its verdict; the tree asks one
question at a time, skipping a question when no answer to it changes what follows.
"""

# Named tuples with evaluated annotations, not frozen dataclasses: a custom rule folder's
# check builds every decision table on every run, and defining three frozen dataclasses cost
# that run about 2 ms. (Two records of different kinds are never equal either way: a Leaf
# has one field, a Branch two.)
from typing import NamedTuple

from cryo_check.core.engine import combinations, decide
from cryo_check.core.questions import Value
from cryo_check.core.ruleset import Cancer


class Row(NamedTuple):
    cells: tuple[tuple[str, str], ...]  # (question, answer label)
    verdict: str


def decision_table(cancer: Cancer) -> list[Row]:
    """Every combination of answers to the questions the cancer's criteria read."""
    rows = []
    for values in combinations(cancer, cancer.questions):
        verdict, _ = decide(cancer, values)
        cells = tuple((q, _label(cancer, q, values[q])) for q in cancer.questions)
        rows.append(Row(cells, verdict))
    return rows


def _label(cancer: Cancer, question: str, value: Value) -> str:
    return cancer.cases(question)[cancer.case_of(question, value)].label


class Leaf(NamedTuple):
    verdict: str


class Branch(NamedTuple):
    question: str
    children: "tuple[tuple[str, Leaf | Branch], ...]"


Node = Leaf | Branch


def decision_tree(cancer: Cancer) -> Node:
    """The decision as a tree of questions, smallest first-question-first."""
    return _tree(cancer, {}, cancer.questions)


def _tree(cancer: Cancer, fixed: dict[str, Value], remaining: tuple[str, ...]) -> Node:
    verdicts = {decide(cancer, values)[0] for values in combinations(cancer, remaining, fixed)}
    if len(verdicts) == 1:
        return Leaf(verdicts.pop())
    question, rest = remaining[0], remaining[1:]
    children = tuple(
        (c.label, _tree(cancer, {**fixed, question: c.value}, rest)) for c in cancer.cases(question)
    )
    if len({child for _, child in children}) == 1:
        # No answer to this question changes anything below it: ask the next one instead.
        return _tree(cancer, {**fixed, question: cancer.cases(question)[0].value}, rest)
    return Branch(question, children)
