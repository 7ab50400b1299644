"""Questions to take to the care team, from fixed neutral templates.

Each is filled only with what a result already holds: an answer that is still unknown, a gap
the rules record in the documents (a question's ``unclear`` or ``unread`` text), or a note the
documents make about the type (quoted). None recommends anything: each asks. Each carries where
it comes from, so a reader can trace it: ``{text, source, quote}`` for a document's note,
``{text, gap}`` for an unknown answer or a gap. Standard library only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cryo_check.core.engine import open_criteria
from cryo_check.core.questions import CHOICE, MEASURE, Question

if TYPE_CHECKING:
    from cryo_check.core.documents import CareQuestionDoc
    from cryo_check.core.engine import Result
    from cryo_check.core.ruleset import RuleSet

#: The templates, each filled by plain replacement (never str.format on rule text).
UNKNOWN = "{prompt} (cryo-check cannot say more without this answer.)"
UNKNOWN_GAP = "the answer to '{label}' is not known"
UNDEFINED = "Does the care team describe this cancer as {answer}, and what do they mean by it?"
UNDEFINED_GAP = "the documents do not define '{answer}' ({label})"
UNREAD = "What does a {label} of {answer} mean for cryotherapy in this case?"
#: A note's question: the quote, then the question (``sections`` shows the quote as a quote).
#: A criterion the documents leave to the care team (its declared ``condition``).
OPEN = "Ask whether {condition} ({label}: {answer})."
NOTE_LEAD = "The documents say: "
NOTE_ASK = "What does it mean in this case?"


def care_team_questions(result: Result, rules: RuleSet) -> list[CareQuestionDoc]:
    """The questions for the care team a result calls for, in a fixed order: unknown answers,
    then the documents' gaps for the answers given, then the documents' notes on the type."""
    cancer = result.cancer
    if cancer is None:
        return []
    found: list[CareQuestionDoc] = []
    for qid in result.missing:
        question = rules.question(qid)
        found.append(
            {
                "text": UNKNOWN.replace("{prompt}", question.prompt),
                "gap": UNKNOWN_GAP.replace("{label}", question.label),
            }
        )
    # The open criteria the verdict rests on (the engine's one list of them).
    for criterion in open_criteria(result):
        if criterion.condition:
            question = rules.question(criterion.question)
            value = result.answers.get(criterion.question)
            answer = "not known" if value is None else question.show(value)
            found.append(
                {
                    "text": OPEN.replace("{condition}", criterion.condition)
                    .replace("{label}", question.label)
                    .replace("{answer}", answer),
                    "gap": criterion.open or "the documents leave this to the care team",
                }
            )
    for qid in cancer.questions:
        value = result.answers.get(qid)
        question = rules.question(qid)
        if value is not None and qid not in result.missing:
            found.extend(_gaps(question, question.show(value), False, cancer.name))
    for qid in result.unused:
        question = rules.question(qid)
        if question.kind == MEASURE and question.unread:
            found.extend(_gaps(question, question.show(result.answers[qid]), True, cancer.name))
    for note in cancer.notes:
        found.append(
            {
                "text": f"{NOTE_LEAD}“{note.evidence.quote}” ({note.evidence.source}) {NOTE_ASK}",
                "source": note.evidence.source,
                "quote": note.evidence.quote,
            }
        )
    return found


def _gaps(question: Question, answer: str, unread: bool, cancer: str) -> list[CareQuestionDoc]:
    """The gap an answer falls into: a choice whose words the documents use without defining
    them (the question declares answers that are ``unclear``), or a measure no criterion of
    the type reads (the question says why, its ``unread`` text)."""
    if question.kind == CHOICE and question.unclear and not unread:
        choice = question.choice(answer)
        words = choice.label if choice else answer
        return [
            {
                "text": UNDEFINED.replace("{answer}", words),
                "gap": UNDEFINED_GAP.replace("{label}", question.label).replace("{answer}", words),
            }
        ]
    if question.kind == MEASURE and unread and question.unread:
        gap = question.unread.replace("{cancer}", cancer).replace("{answer}", answer)
        return [
            {
                "text": UNREAD.replace("{label}", question.label).replace("{answer}", answer),
                "gap": gap,
            }
        ]
    return []
