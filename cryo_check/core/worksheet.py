"""A worksheet of cases without their verdicts, and its answer key, as sections.

The cases are the chosen types' teaching scenarios, then every combination of answers in
their decision tables, numbered the same way in both: case 7 of the worksheet is case 7 of
the key. The key's verdicts and reasons are the engine's; nothing is written by hand.
Markdown and HTML lay out these same sections (``render.worksheet``).
Standard library only: a pure function of the rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cryo_check import DISCLAIMER as DISCLAIMER_TEXT
from cryo_check.core.quiz import QuizCase, scenario_cases, table_cases
from cryo_check.core.report import documents
from cryo_check.core.scoring import VERDICT_WORDS, supported_words
from cryo_check.core.sections import (
    DISCLAIMER,
    HEAD,
    Blank,
    Block,
    Bullets,
    Paragraph,
    Quote,
    Section,
    Words,
    words,
)

if TYPE_CHECKING:
    from cryo_check.core.documents import Selection

#: How long the line to write the deciding criterion on is.
BLANK = 30


def worksheet_cases(document: Selection) -> list[QuizCase]:
    """The chosen types' scenarios, then each type's every combination, in that order."""
    chosen = {c.id for c in document.cancers}
    every = chosen == set(document.rules.cancers)  # then a type not covered belongs too
    scenarios = [
        c
        for c in scenario_cases(document.rules)
        if (c.result.cancer.id in chosen if c.result.cancer else every)
    ]
    drawn = [case for cancer in document.cancers for case in table_cases(document.rules, cancer)]
    return scenarios + drawn


def worksheet_sections(document: Selection) -> list[Section]:
    """The worksheet: each case's story and answers, the verdicts to tick, a line to name
    the deciding criterion on; no verdict."""
    ask = f"what {documents(len(document.rules.sources))} support for cryotherapy"
    intro = f"For each case, tick {ask}, and name the criterion that decides it."
    head = Section(HEAD, "Cryotherapy: a worksheet", (Paragraph(words(intro)),))
    cases = [
        Section(case_id(number), f"Case {number}", tuple(_worksheet_case(case)))
        for number, case in enumerate(worksheet_cases(document), start=1)
    ]
    return [head, *cases, _disclaimer()]


def _worksheet_case(case: QuizCase) -> list[Block]:
    story = [Paragraph(words(case.story))] if case.story else []
    answers = Bullets(tuple(words(f"{label}: {answer}") for label, answer in case.shown))
    boxes = Bullets(tuple(words(f"☐ {verdict}") for verdict in VERDICT_WORDS.values()))
    criterion = Paragraph((Words("Deciding criterion: "), Blank(BLANK)))
    return [*story, answers, boxes, criterion]


def answer_key_sections(document: Selection) -> list[Section]:
    """The key: each case's verdict as ``check`` says it, and the criteria that decide it,
    each with its quote."""
    said = f"What {documents(len(document.rules.sources))} support for each case, and why."
    head = Section(HEAD, "Cryotherapy: the worksheet's answer key", (Paragraph(words(said)),))
    cases = [
        Section(
            case_id(number),
            f"Case {number}: {supported_words(case.result)}",
            (_why(case),),
            short=f"Case {number}",
        )
        for number, case in enumerate(worksheet_cases(document), start=1)
    ]
    return [head, *cases, _disclaimer()]


def case_id(number: int) -> str:
    return f"case-{number}"


def _why(case: QuizCase) -> Block:
    """The criteria that decided a case, each met or not and quoted; or why none did."""
    result = case.result
    statuses = {r.criterion.id: r.criterion for r in result.criteria}
    items = []
    for decision in result.decisions:
        for cid, met in decision.when:
            c = statuses[cid]
            state = "met" if met else "not met"
            items.append(
                (Words(f"{c.label} ({state}): "), Quote(c.evidence.quote, c.evidence.source))
            )
    if items:
        return Bullets(tuple(items))
    if result.cancer is not None and result.missing:
        asked = [f"“{result.cancer.question(q).prompt}”" for q in result.missing]
        answers = "the answer to" if len(asked) == 1 else "the answers to"
        said = f"No criterion decides it yet: it depends on {answers} {' and '.join(asked)}"
        return Paragraph(words(said))
    if result.cancer is None:
        return Paragraph(words("The documents do not discuss this type."))
    reasons = " ".join(d.reason for d in result.decisions)
    return Paragraph(words(f"The type alone decides it: {reasons}"))


def _disclaimer() -> Section:
    return Section(DISCLAIMER, "Disclaimer", (Paragraph(words(DISCLAIMER_TEXT)),))
