"""A student's prediction scored against what the documents support.

Pure and standard library only. A prediction is a verdict in words or by id, in any case
(``commonly considered``, ``Not covered``, ``may_be_considered``); one that is right is
right, and for a wrong one the what-if engine finds the single answer that would have made
it right, with the criterion that answer turns and its quote: the teaching moment.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from cryo_check.core.engine import Result, WhatIf, evaluate_cancer, open_text
from cryo_check.core.questions import Answers, answer_key
from cryo_check.core.report import condition_words
from cryo_check.core.ruleset import (
    COMMONLY,
    INSUFFICIENT,
    MAY,
    NOT_COVERED,
    NOT_TYPICALLY,
    VERDICTS,
    Cancer,
    Criterion,
    RuleSet,
)
from cryo_check.errors import AnswerError

#: Each verdict in the few words a class uses for it (counts, predictions, the quiz).
VERDICT_WORDS: dict[str, str] = {
    COMMONLY: "commonly considered",
    MAY: "may be considered",
    NOT_TYPICALLY: "not typically considered",
    NOT_COVERED: "not covered",
    INSUFFICIENT: "not enough information",
}


def supported_words(result: Result) -> str:
    """What the documents support for a case, in a key's words: the verdict, qualified by
    what it rests on that they leave open ('may be considered, if the care team counts the
    tumour as smaller: the documents give no size'), never plainer than that."""
    rests_on = open_text(result)
    words = VERDICT_WORDS[result.verdict]
    return f"{words}, {rests_on}" if rests_on else words


#: Other ways a class writes a verdict (the sentence, the id, and these) are read too.
_OTHER_WORDS: dict[str, tuple[str, ...]] = {
    COMMONLY: ("commonly",),
    MAY: ("may", "may be"),
    NOT_TYPICALLY: ("not typically", "not typically considered"),
    NOT_COVERED: ("not covered by the source documents", "not covered by the documents"),
    INSUFFICIENT: ("insufficient", "insufficient information", "not enough information to say"),
}
#: The column (or key) a prediction is written in.
PREDICTION = "prediction"


@functools.cache
def _prediction_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for verdict, sentence in VERDICTS.items():
        written = (verdict, sentence, VERDICT_WORDS[verdict], *_OTHER_WORDS[verdict])
        keys.update((answer_key(w), verdict) for w in written)
        keys[answer_key(sentence.removeprefix("Cryotherapy is "))] = verdict
    return keys


def read_prediction(text: str) -> str:
    """The verdict a prediction names; an AnswerError listing the words to use."""
    found = _prediction_keys().get(answer_key(text))
    if found is None:
        raise AnswerError(
            PREDICTION,
            f"{text.strip()[:60]!r} is not a verdict",
            "write one of: " + ", ".join(VERDICT_WORDS.values()),
        )
    return found


class Score(NamedTuple):
    """A prediction against the verdict the documents support."""

    prediction: str
    verdict: str
    #: For a wrong prediction: the one answer that would have made it right, if there is one.
    change: WhatIf | None = None
    #: The criterion that answer turns (its quote is the reason), if any.
    criterion: Criterion | None = None
    #: ``the tumour were under 4 cm``: the change in words.
    right_if: str | None = None

    @property
    def correct(self) -> bool:
        return self.prediction == self.verdict


def score(rules: RuleSet, cancer: Cancer | None, answers: Answers, prediction: str) -> Score:
    """Score ``prediction`` for the case ``answers`` of ``cancer`` (None: not covered)."""
    if cancer is None:
        return Score(prediction, NOT_COVERED)
    result = evaluate_cancer(cancer, answers)
    if prediction == result.verdict:
        return Score(prediction, result.verdict)
    change = next((w for w in result.what_if if w.verdict == prediction), None)
    if change is None:
        return Score(prediction, result.verdict)
    question = rules.question(change.question)
    answered = answers.get(change.question) is not None
    return Score(
        prediction,
        result.verdict,
        change,
        turned_criterion(cancer, answers, change),
        condition_words(question, change.answer, answered),
    )


def turned_criterion(cancer: Cancer, answers: Answers, change: WhatIf) -> Criterion | None:
    """The criterion whose status the change turns (the first reading its question when
    the question was unanswered)."""
    reading = [c for c in cancer.criteria if c.question == change.question]
    current = answers.get(change.question)
    new = cancer.cases(change.question)[_case_index(cancer, change)].value
    for criterion in reading:
        if current is None or criterion.test.holds(current) != criterion.test.holds(new):
            return criterion
    return reading[0] if reading else None


def _case_index(cancer: Cancer, change: WhatIf) -> int:
    for index, case in enumerate(cancer.cases(change.question)):
        if case.label == change.answer:
            return index
    return 0


@dataclass
class Tally:
    """What a batch counted: each verdict, the rows not read, and the predictions scored."""

    counts: Counter[str]
    bad: int = 0
    predicted: int = 0
    right: int = 0
    unread_predictions: int = 0
    #: Wrong predictions by the criterion one answer would have turned ("" for none).
    misses: Counter[str] = field(default_factory=Counter)
    #: Rows that gave a measure as a number alone, by question, and the first few lines.
    unitless: Counter[str] = field(default_factory=Counter)
    unitless_lines: dict[str, list[int]] = field(default_factory=dict)

    def alone(self, line: int, questions: Iterable[str]) -> None:
        """Count a row that gave each of ``questions`` as a number alone (first 5 lines kept)."""
        for question in questions:
            self.unitless[question] += 1
            lines = self.unitless_lines.setdefault(question, [])
            if len(lines) < 5:
                lines.append(line)

    def add(self, scored: Score | None, written: str | None) -> None:
        """Count a judged row's prediction: ``scored``, or ``written`` and not read."""
        if scored is not None:
            self.predicted += 1
            self.right += scored.correct
            if not scored.correct:
                criterion = scored.criterion
                self.misses[criterion.label if criterion else ""] += 1
        elif written:
            self.unread_predictions += 1
