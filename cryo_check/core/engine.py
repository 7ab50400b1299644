"""Pure evaluation: answers + rules -> verdict, with reasons, missing answers and what-ifs.

No I/O, no printing. Unknown answers follow Kleene's strong three-valued logic, computed
exactly: the possible answers to each unknown question (sizes: one per band of the cancer's
thresholds) are enumerated, and a verdict is given only when every one of them leads to it.
Otherwise the verdict is ``insufficient_information`` and ``missing`` lists the unknown
questions whose answer could change it.
"""

from collections.abc import Iterator, Mapping
from itertools import product
from typing import NamedTuple

from cryo_check.core.case import Case
from cryo_check.core.names import NameReading
from cryo_check.core.questions import CANCER, Answers, Value
from cryo_check.core.ruleset import (
    INSUFFICIENT,
    NOT_COVERED,
    OPEN,
    Band,
    Cancer,
    Criterion,
    Decision,
    RuleSet,
)


class UndecidedError(ValueError):
    """A combination of answers that the rules decide no verdict (or two) for.

    The loader refuses such rule sets, so evaluation never meets one.
    """


class CriterionResult(NamedTuple):
    criterion: Criterion
    answer: Value | None
    status: str


class WhatIf(NamedTuple):
    """If ``question`` were answered ``answer``, the verdict would be ``verdict``."""

    question: str
    answer: str
    verdict: str
    #: For a measure: the band of values the answer stands for.
    band: Band | None = None


class Result(NamedTuple):
    answers: Answers
    cancer: Cancer | None
    verdict: str
    criteria: tuple[CriterionResult, ...] = ()
    decisions: tuple[Decision, ...] = ()
    missing: tuple[str, ...] = ()
    #: Questions answered that no criterion of this cancer reads.
    unused: tuple[str, ...] = ()
    what_if: tuple[WhatIf, ...] = ()
    #: How the cancer name was read, word by word (None when no name was given).
    reading: NameReading | None = None
    #: The question answered by words of the cancer name ("metastatic": the stage), if any.
    from_name: tuple[str, ...] = ()
    #: Measures given as a number alone, read in the question's own unit.
    unitless: frozenset[str] = frozenset()


def evaluate(rules: RuleSet, case: Case) -> Result:
    """The verdict for a resolved case (``core.case.resolve``); pure and total: whatever the
    answers, it raises nothing."""
    answers = case.answers
    if answers.cancer is None:
        return Result(answers, None, INSUFFICIENT, missing=(CANCER,))
    reading = case.name
    if reading is None or reading.cancer is None or reading.cancer not in rules.cancers:
        result = Result(answers, None, NOT_COVERED, unused=_answered(answers, ()))
    else:
        result = evaluate_cancer(rules.cancers[reading.cancer], answers)
    return result._replace(reading=reading, from_name=case.from_name, unitless=case.unitless)


def evaluate_cancer(cancer: Cancer, answers: Answers, *, explain: bool = True) -> Result:
    unknown = tuple(q for q in cancer.questions if answers.get(q) is None)
    outcomes = _outcomes(cancer, answers, unknown)
    verdicts = {verdict for verdict, _ in outcomes.values()}
    if len(verdicts) == 1:
        verdict = verdicts.pop()
        missing: tuple[str, ...] = ()
        decisions = _deciding(cancer, answers, verdict, outcomes)
    else:
        verdict = INSUFFICIENT
        missing = _relevant(unknown, outcomes)
        decisions = ()
    result = Result(
        answers,
        cancer,
        verdict,
        tuple(_criterion_result(c, answers, missing) for c in cancer.criteria),
        decisions,
        missing,
        _answered(answers, cancer.reads),
    )
    if not explain:
        return result
    return result._replace(what_if=what_if(cancer, answers, verdict, missing))


def open_criteria(result: Result) -> tuple[Criterion, ...]:
    """The open criteria (left by the documents to the care team) that the deciding
    decisions rest on, in the order the rules list them: the verdict holds only if they do."""
    resting = {cid for d in result.decisions for cid in d.rests_on}
    return tuple(
        r.criterion
        for r in result.criteria
        if r.criterion.id in resting and r.criterion.open and r.criterion.condition
    )


def open_text(result: Result) -> str | None:
    """What the verdict rests on that the documents leave open, in words ('if the care team
    counts the tumour as smaller: the documents give no size'), or None."""
    found = open_criteria(result)
    if not found or found[0].condition is None or found[0].open is None:
        return None
    return open_condition(found[0].condition, found[0].open)


def open_condition(condition: str, why: str, answer: str | None = None) -> str:
    """An open criterion as a condition, the one way every output says it: ``if the care
    team counts the tumour (20 cm) as smaller: the documents give no size`` (the answer, when
    shown beside it, goes with the thing it is about)."""
    if answer:
        head, sep, tail = condition.partition(" as ")
        condition = f"{head} ({answer}) as {tail}" if sep else f"{condition} ({answer})"
    return f"if {condition}: {why}"


#: The most combinations of answers (unknown included) one type's criteria may read between
#: them. Every one is checked by `rules validate` and shown by tables and the classroom page,
#: so a rule folder past this is refused (the shipped types read 36 at most).
MAX_COMBINATIONS = 1_000


def combination_count(cancer: Cancer) -> int:
    """How many combinations of answers, unknown included, the type's criteria read."""
    count = 1
    for question in cancer.questions:
        count *= len(cancer.domain(question)) + 1
        if count > MAX_COMBINATIONS:
            break  # enough to refuse: never a huge number
    return count


def combinations(
    cancer: Cancer, questions: tuple[str, ...], fixed: Mapping[str, Value] | None = None
) -> Iterator[dict[str, Value]]:
    """Every combination of one answer per case of ``questions`` (measures: one per band of
    the type's thresholds), with the ``fixed`` answers: the one enumeration of answers that
    evaluation, tables, trees and rule checks all use."""
    base = dict(fixed or {})
    for combo in product(*(cancer.domain(q) for q in questions)):
        yield {**base, **dict(zip(questions, combo, strict=True))}


def fired(cancer: Cancer, values: Mapping[str, Value]) -> tuple[Decision, ...]:
    """The decisions whose every condition holds for a complete set of answers."""
    met = {c.id: c.test.holds(values[c.question]) for c in cancer.criteria if not c.is_open}
    return tuple(d for d in cancer.decisions if all(met[cid] == want for cid, want in d.when))


def decide(cancer: Cancer, values: Mapping[str, Value]) -> tuple[str, tuple[Decision, ...]]:
    """The verdict for one complete set of concrete answers, and the decisions that gave it."""
    decisions = fired(cancer, values)
    verdicts = {d.verdict for d in decisions}
    if len(verdicts) != 1:
        raise UndecidedError(f"{cancer.id}: {values} leads to {sorted(verdicts) or 'no verdict'}")
    return decisions[0].verdict, decisions


def what_if(
    cancer: Cancer, answers: Answers, verdict: str, missing: tuple[str, ...] = ()
) -> tuple[WhatIf, ...]:
    """Every single-answer change that leads to another verdict than ``verdict``.

    For each ``missing`` question every answer is listed, whatever it leads to.
    """
    changes: list[WhatIf] = []
    for question in cancer.questions:
        current = answers.get(question)
        for case in cancer.cases(question):
            if current is not None and cancer.case_of(question, current) == cancer.case_of(
                question, case.value
            ):
                continue
            changed = evaluate_cancer(
                cancer, answers.with_answer(question, case.value), explain=False
            )
            if changed.verdict != verdict or question in missing:
                changes.append(WhatIf(question, case.label, changed.verdict, case.band))
    return tuple(changes)


Outcomes = dict[tuple[Value, ...], tuple[str, tuple[Decision, ...]]]


def _outcomes(cancer: Cancer, answers: Answers, unknown: tuple[str, ...]) -> Outcomes:
    fixed: dict[str, Value] = {}
    for q in cancer.questions:
        value = answers.get(q)
        if value is not None:
            fixed[q] = value
    return {
        tuple(values[q] for q in unknown): decide(cancer, values)
        for values in combinations(cancer, unknown, fixed)
    }


def _relevant(unknown: tuple[str, ...], outcomes: Outcomes) -> tuple[str, ...]:
    """The unknown questions whose answer changes the verdict for some answers to the rest."""
    relevant = []
    for index, question in enumerate(unknown):
        seen: dict[tuple[Value, ...], str] = {}
        for combo, (verdict, _) in outcomes.items():
            rest = combo[:index] + combo[index + 1 :]
            if seen.setdefault(rest, verdict) != verdict:
                relevant.append(question)
                break
    return tuple(relevant)


def _deciding(
    cancer: Cancer, answers: Answers, verdict: str, outcomes: Outcomes
) -> tuple[Decision, ...]:
    """The decisions that give ``verdict`` from the known answers alone, else all that fired."""
    known = {
        c.id: c.test.holds(value)
        for c in cancer.criteria
        if not c.is_open and (value := answers.get(c.question)) is not None
    }
    sure = tuple(
        d
        for d in cancer.decisions
        if d.verdict == verdict and all(known.get(cid) is want for cid, want in d.when)
    )
    if sure:
        return sure
    fired = {d for _, decisions in outcomes.values() for d in decisions}
    return tuple(d for d in cancer.decisions if d in fired)


def _criterion_result(
    criterion: Criterion, answers: Answers, missing: tuple[str, ...]
) -> CriterionResult:
    value = answers.get(criterion.question)
    if criterion.is_open:
        return CriterionResult(criterion, value, OPEN)  # given a size or not: the care team's
    if value is None:
        status = "unknown" if criterion.question in missing else "not_applicable"
        return CriterionResult(criterion, None, status)
    return CriterionResult(criterion, value, "met" if criterion.test.holds(value) else "not_met")


def _answered(answers: Answers, read: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(q for q in answers if q != CANCER and q not in read)
