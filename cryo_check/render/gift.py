"""Moodle GIFT: a question bank from the rules, for a learning platform to import.

One multiple-choice question per combination of answers in each type's decision table; its
one key is the verdict cryo-check's engine gives for that combination, never written by
hand. Each answer's feedback says what the documents support and quotes the criteria that
decided it; the question's general feedback is the disclaimer. Text is ``[plain]`` (a
platform shows it as typed, never as HTML), and GIFT's own marks (``~ = # { } :`` and the
backslash) are escaped wherever text is written, by one function.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from cryo_check import DISCLAIMER, SHORT_DISCLAIMER, __version__
from cryo_check.core.engine import Result, combinations, evaluate_cancer
from cryo_check.core.questions import CANCER, Answers
from cryo_check.core.report import documents
from cryo_check.core.ruleset import Cancer, RuleSet
from cryo_check.core.scoring import VERDICT_WORDS, supported_words

if TYPE_CHECKING:
    from cryo_check.core.documents import Selection

#: The characters GIFT gives a meaning to; each is written with a backslash before it.
_SPECIAL = "\\~=#{}:"


def gift_text(text: str) -> str:
    """``text`` as GIFT text: its marks escaped, on one line."""
    escaped = "".join(f"\\{ch}" if ch in _SPECIAL else ch for ch in text)
    return " ".join(escaped.split())


def write_export(document: Selection, out: TextIO) -> None:
    rules = document.rules
    out.write(
        f"// Questions from cryo-check {__version__}: what {documents(len(rules.sources))} "
        "support, for every combination of answers their rules read.\n"
        f"// {SHORT_DISCLAIMER}\n\n"
    )
    for cancer in document.cancers:
        out.write(f"$CATEGORY: cryo-check/{gift_text(cancer.name)}\n\n")
        for number, (shown, result) in enumerate(cases(rules, cancer), start=1):
            out.write(question(f"{cancer.id}-{number:02d}", cancer, shown, result, rules))
            out.write("\n")


def cases(rules: RuleSet, cancer: Cancer) -> Iterator[tuple[list[str], Result]]:
    """Each combination of the type's answers, as its question shows it, with its result."""
    for values in combinations(cancer, cancer.questions):
        shown = [
            f"{rules.question(q).label}: {cancer.cases(q)[cancer.case_of(q, v)].label}"
            for q, v in values.items()
        ]
        yield shown, evaluate_cancer(cancer, Answers({CANCER: cancer.id, **values}))


def question(title: str, cancer: Cancer, shown: list[str], result: Result, rules: RuleSet) -> str:
    about = "; ".join(shown) if shown else "nothing else is known"
    stem = (
        f"{cancer.name}. {about[:1].upper()}{about[1:]}. "
        f"What do {documents(len(rules.sources))} support for cryotherapy?"
    )
    supported = supported_words(result)
    why = deciding(result)
    lines = [f"::{gift_text(title)}::[plain]{gift_text(stem)} {{"]
    for verdict, words in VERDICT_WORDS.items():
        if verdict == result.verdict:
            feedback = f"Yes: the documents support '{supported}'. {why} {SHORT_DISCLAIMER}"
            lines.append(f"\t={gift_text(words)}#{gift_text(feedback)}")
        else:
            feedback = f"The documents support '{supported}'. {why} {SHORT_DISCLAIMER}"
            lines.append(f"\t~{gift_text(words)}#{gift_text(feedback)}")
    lines.append(f"\t####{gift_text(DISCLAIMER)}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def deciding(result: Result) -> str:
    """The criteria that decided a result, each with its quote, in one paragraph."""
    statuses = {r.criterion.id: r for r in result.criteria}
    parts = []
    for decision in result.decisions:
        if not decision.when:
            parts.append(f"The type alone decides it: {decision.reason}")
        for cid, met in decision.when:
            c = statuses[cid].criterion
            state = "met" if met else "not met"
            parts.append(f"{c.label}: {state}, “{c.evidence.quote}” ({c.evidence.source}).")
    return " ".join(parts)
