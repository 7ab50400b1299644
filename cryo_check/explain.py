"""Decision tables and trees: every path through a cancer's rules, computed from the rules.

Pure and standard library only. The table lists every combination of the answers a cancer's
criteria read (sizes as the bands of its thresholds) with its verdict; the tree asks one
question at a time, skipping a question when no answer to it changes what follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from cryo_check.engine import decide
from cryo_check.questions import SIZE
from cryo_check.ruleset import Cancer

Value = str | float


@dataclass(frozen=True)
class Choice:
    """One case of a question: an answer, or a band of sizes."""

    value: Value
    label: str


def choices(cancer: Cancer, question: str) -> tuple[Choice, ...]:
    if question == SIZE:
        return tuple(Choice(b.representative, b.describe()) for b in cancer.size_bands())
    return tuple(Choice(v, str(v)) for v in cancer.domain(question))


@dataclass(frozen=True)
class Row:
    cells: tuple[tuple[str, str], ...]  # (question, answer label)
    verdict: str


def decision_table(cancer: Cancer) -> list[Row]:
    """Every combination of answers to the questions the cancer's criteria read."""
    rows = []
    per_question = [choices(cancer, q) for q in cancer.questions]
    for combo in product(*per_question):
        values = {q: c.value for q, c in zip(cancer.questions, combo, strict=True)}
        verdict, _ = decide(cancer, values)
        rows.append(
            Row(tuple((q, c.label) for q, c in zip(cancer.questions, combo, strict=True)), verdict)
        )
    return rows


@dataclass(frozen=True)
class Leaf:
    verdict: str


@dataclass(frozen=True)
class Branch:
    question: str
    children: tuple[tuple[str, Leaf | Branch], ...]


Node = Leaf | Branch


def decision_tree(cancer: Cancer) -> Node:
    """The decision as a tree of questions, smallest first-question-first."""
    return _tree(cancer, {}, cancer.questions)


def _tree(cancer: Cancer, fixed: dict[str, Value], remaining: tuple[str, ...]) -> Node:
    verdicts = {
        decide(cancer, {**fixed, **dict(zip(remaining, combo, strict=True))})[0]
        for combo in product(*(cancer.domain(q) for q in remaining))
    }
    if len(verdicts) == 1:
        return Leaf(verdicts.pop())
    question, rest = remaining[0], remaining[1:]
    children = tuple(
        (c.label, _tree(cancer, {**fixed, question: c.value}, rest))
        for c in choices(cancer, question)
    )
    if len({child for _, child in children}) == 1:
        # No answer to this question changes anything below it: ask the next one instead.
        return _tree(cancer, {**fixed, question: choices(cancer, question)[0].value}, rest)
    return Branch(question, children)


def paths(node: Node, prefix: tuple[tuple[str, str], ...] = ()) -> list[Row]:
    """The tree's leaves, each with the answers on its path."""
    if isinstance(node, Leaf):
        return [Row(prefix, node.verdict)]
    return [
        row
        for label, child in node.children
        for row in paths(child, (*prefix, (node.question, label)))
    ]
