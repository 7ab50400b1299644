"""Hypothesis strategies for answers, derived from the declared questions (not restated)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from cryo_check.core.questions import CANCER, MEASURE, Answers, Question, Value
from cryo_check.core.ruleset import Cancer, RuleSet


def concrete(question: Question, cancer: Cancer | None = None) -> st.SearchStrategy[Value]:
    """Any answer a person could give to ``question`` (measures: near the thresholds too)."""
    if question.kind != MEASURE:
        return st.sampled_from(question.values)
    low = question.above if question.above is not None else Decimal(0)
    high = question.below if question.below is not None else Decimal(1000)
    anywhere = st.decimals(
        min_value=low, max_value=high, places=3, allow_nan=False, allow_infinity=False
    ).filter(lambda d: low < d < high)
    if cancer is None:
        return anywhere
    edges = [
        c.test.threshold + step
        for c in cancer.criteria
        if c.question == question.id
        for step in (Decimal("-0.001"), Decimal(0), Decimal("0.001"))
    ]
    return st.one_of(anywhere, st.sampled_from(edges)) if edges else anywhere


@st.composite
def partial_answers(draw: st.DrawFn, rules: RuleSet) -> tuple[Cancer, Answers]:
    """A covered type and some of the answers its questions (and others) could have."""
    cancer = rules.cancers[draw(st.sampled_from(sorted(rules.cancers)))]
    answers = Answers({CANCER: cancer.id})
    for question in rules.questions.values():
        if question.id != CANCER and draw(st.booleans()):
            answers = answers.with_answer(question.id, draw(concrete(question, cancer)))
    return cancer, answers
