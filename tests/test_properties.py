"""Laws that hold for every answer set, checked with hypothesis on the shipped rules.

* Kleene: a verdict given while some answers are unknown is the verdict of every concrete
  answer to them; ``insufficient_information`` is given only when two answers disagree.
* ``missing`` names exactly the unknown questions whose answer can change the verdict.
* What-if: applying a listed change gives the listed verdict, and no single change that
  flips the verdict is left out.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from cryo_check.core.engine import evaluate, evaluate_cancer
from cryo_check.core.questions import Answers, Value
from cryo_check.core.ruleset import INSUFFICIENT, VERDICTS, Band, Cancer, RuleSet
from cryo_check.rulebook.loader import load_rules

from .conftest import case_of
from .strategies import concrete, partial_answers

RULES: RuleSet = load_rules()


def cases() -> st.SearchStrategy[tuple[Cancer, Answers]]:
    return partial_answers(RULES)


def complete(data: st.DataObject, cancer: Cancer, answers: Answers) -> Answers:
    for question in cancer.asks:
        if answers.get(question.id) is None:
            answers = answers.with_answer(question.id, data.draw(concrete(question, cancer)))
    return answers


def in_band(band: Band) -> st.SearchStrategy[Decimal]:
    if band.high == band.low:
        return st.just(band.low)
    return st.decimals(
        min_value=band.low, max_value=band.high, places=4, allow_nan=False, allow_infinity=False
    ).filter(lambda value: band.contains(value))


@settings(max_examples=300, deadline=None)
@given(case=cases(), data=st.data())
def test_a_verdict_given_with_unknowns_holds_for_every_answer(
    case: tuple[Cancer, Answers], data: st.DataObject
) -> None:
    cancer, answers = case
    verdict = evaluate(RULES, case_of(RULES, answers)).verdict
    if verdict != INSUFFICIENT:
        for _ in range(5):
            filled = complete(data, cancer, answers)
            assert evaluate(RULES, case_of(RULES, filled)).verdict == verdict


@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_insufficient_information_means_answers_disagree(case: tuple[Cancer, Answers]) -> None:
    cancer, answers = case
    result = evaluate(RULES, case_of(RULES, answers))
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


def _with(answers: Answers, question: str, value: Value) -> Answers:
    return answers.with_answer(question, value)


@settings(max_examples=300, deadline=None)
@given(case=cases(), data=st.data())
def test_what_if_changes_are_exactly_the_flips(
    case: tuple[Cancer, Answers], data: st.DataObject
) -> None:
    cancer, answers = case
    result = evaluate(RULES, case_of(RULES, answers))
    listed = {(w.question, w.answer): w for w in result.what_if}
    # Sound: each listed change, applied with a concrete answer in its range, gives its verdict.
    for w in result.what_if:
        value: Value = w.answer if w.band is None else data.draw(in_band(w.band))
        changed = evaluate(RULES, case_of(RULES, answers.with_answer(w.question, value)))
        assert changed.verdict == w.verdict, (w, value)
    # Complete: any single concrete change that flips the verdict is listed.
    for question in cancer.asks:
        value = data.draw(concrete(question, cancer))
        changed = evaluate(RULES, case_of(RULES, answers.with_answer(question.id, value)))
        if changed.verdict != result.verdict:
            label = cancer.cases(question.id)[cancer.case_of(question.id, value)].label
            key = (question.id, label)
            assert key in listed, (question.id, value)
            assert listed[key].verdict == changed.verdict


@settings(max_examples=300, deadline=None)
@given(
    name=st.one_of(
        st.sampled_from(sorted({a for c in RULES.cancers.values() for a in (c.id, *c.aliases)})),
        st.text(max_size=40),
    ),
    stage=st.sampled_from([None, "early", "locally-advanced", "spread"]),
    data=st.data(),
)
def test_evaluate_raises_nothing_for_any_resolved_case(
    name: str, stage: str | None, data: st.DataObject
) -> None:
    """Input errors are raised where answers are resolved, never by the engine: whatever
    a case holds (a name read or not, a stage from the name or given), evaluate is total."""
    from cryo_check.core.case import Case
    from cryo_check.errors import AnswerError

    answers = Answers({"cancer": name, "stage": stage})
    try:
        case = case_of(RULES, answers)
    except AnswerError:
        case = Case(answers)  # a name the reader asks about: the engine still answers
    result = evaluate(RULES, case)
    assert result.verdict in {*VERDICTS, INSUFFICIENT}
