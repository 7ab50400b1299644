"""Laws that hold for every answer set, checked with hypothesis on the shipped rules.

* Kleene: a verdict given while some answers are unknown is the verdict of every concrete
  answer to them; ``insufficient_information`` is given only when two answers disagree.
* ``missing`` names exactly the unknown questions whose answer can change the verdict.
* What-if: applying a listed change gives the listed verdict, and no single change that
  flips the verdict is left out.
"""

from __future__ import annotations

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from cryo_check.engine import evaluate, evaluate_cancer
from cryo_check.loader import load_rules
from cryo_check.questions import FIT, SIZE, STAGE, Answers
from cryo_check.ruleset import INSUFFICIENT, Cancer, RuleSet

RULES: RuleSet = load_rules()
CANCERS = sorted(RULES.cancers)

sizes = st.floats(min_value=0.01, max_value=99.99, allow_nan=False)
concrete: dict[str, st.SearchStrategy[str | float]] = {
    STAGE: st.sampled_from(["early", "locally-advanced", "spread"]),
    SIZE: st.one_of(sizes, st.sampled_from([3.99, 4.0, 4.01])),
    FIT: st.sampled_from(["yes", "no"]),
}


@st.composite
def cases(draw: st.DrawFn) -> tuple[Cancer, Answers]:
    cancer = RULES.cancers[draw(st.sampled_from(CANCERS))]
    answers = Answers(cancer.id)
    for question, values in concrete.items():
        if draw(st.booleans()):
            answers = answers.with_answer(question, draw(values))
    return cancer, answers


def complete(data: st.DataObject, cancer: Cancer, answers: Answers) -> Answers:
    for question in cancer.questions:
        if answers.get(question) is None:
            answers = answers.with_answer(question, data.draw(concrete[question]))
    return answers


def in_range(low: float, high: float, low_in: bool, high_in: bool) -> st.SearchStrategy[float]:
    if high == low:
        return st.just(low)
    return sizes.filter(
        lambda s: (s >= low if low_in else s > low) and (s <= high if high_in else s < high)
    )


@settings(max_examples=300, deadline=None)
@given(case=cases(), data=st.data())
def test_a_verdict_given_with_unknowns_holds_for_every_answer(
    case: tuple[Cancer, Answers], data: st.DataObject
) -> None:
    cancer, answers = case
    verdict = evaluate(RULES, answers).verdict
    if verdict != INSUFFICIENT:
        for _ in range(5):
            filled = complete(data, cancer, answers)
            assert evaluate(RULES, filled).verdict == verdict


@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_insufficient_information_means_answers_disagree(case: tuple[Cancer, Answers]) -> None:
    cancer, answers = case
    result = evaluate(RULES, answers)
    if result.verdict != INSUFFICIENT:
        assert result.missing == ()
        return
    assert result.missing
    for question in result.missing:
        # Each missing question changes the verdict for some concrete answers to the others.
        others = [q for q in cancer.questions if q != question and answers.get(q) is None]
        assert any(
            len(
                {
                    evaluate_cancer(cancer, _with(fixed, question, v), explain=False).verdict
                    for v in cancer.domain(question)
                }
            )
            > 1
            for fixed in _fillings(cancer, answers, others)
        ), question


def _fillings(cancer: Cancer, answers: Answers, questions: list[str]) -> list[Answers]:
    filled = []
    for combo in product(*(cancer.domain(q) for q in questions)):
        a = answers
        for question, value in zip(questions, combo, strict=True):
            a = a.with_answer(question, value)
        filled.append(a)
    return filled


def _with(answers: Answers, question: str, value: str | float) -> Answers:
    return answers.with_answer(question, value)


@settings(max_examples=300, deadline=None)
@given(case=cases(), data=st.data())
def test_what_if_changes_are_exactly_the_flips(
    case: tuple[Cancer, Answers], data: st.DataObject
) -> None:
    cancer, answers = case
    result = evaluate(RULES, answers)
    listed = {(w.question, w.answer): w for w in result.what_if}
    # Sound: each listed change, applied with a concrete answer in its range, gives its verdict.
    for w in result.what_if:
        if w.size_range is not None:
            value: str | float = data.draw(in_range(*w.size_range))
        else:
            value = w.answer
        changed = evaluate(RULES, answers.with_answer(w.question, value))
        assert changed.verdict == w.verdict, (w, value)
    # Complete: any single concrete change that flips the verdict is listed.
    for question in cancer.questions:
        value = data.draw(concrete[question])
        changed = evaluate(RULES, answers.with_answer(question, value))
        if changed.verdict != result.verdict:
            label = (
                next(
                    (b.describe() for b in cancer.size_bands() if b.contains(float(value))),
                    "",
                )
                if question == SIZE
                else str(value)
            )
            assert (question, label) in listed, (question, value)
            assert listed[(question, label)].verdict == changed.verdict
