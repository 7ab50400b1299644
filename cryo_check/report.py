"""A result as plain data and plain words: what every output format shows.

The JSON output is this document as it is; the Markdown and text renderers lay it out.
Standard library only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryo_check import DISCLAIMER, __version__
from cryo_check.engine import Result, WhatIf
from cryo_check.loader import default_rules_dir, display_path
from cryo_check.questions import FIT, QUESTIONS, SIZE
from cryo_check.ruleset import INSUFFICIENT, NOT_COVERED, VERDICTS, Evidence, RuleSet

STATUS_WORDS = {
    "met": "met",
    "not_met": "not met",
    "unknown": "unknown",
    "not_applicable": "not needed",
}

Report = dict[str, Any]


def according_to(report: Report) -> str:
    """Whose word the verdict is: the two documents', or a custom rule folder's."""
    if report["rules_folder"]:
        return f"according to the rules in {report['rules_folder']} (not the shipped rules)"
    return "according to the two source documents"


def verdict_words(verdict: str) -> str:
    return VERDICTS[verdict]


def listed_words(listed: dict[str, str | None]) -> str:
    """Where the documents name the type, in their words: “lead-in” … “name” (source)."""
    lead = f"“{listed['context']}” … " if listed.get("context") else ""
    return f"Named in {listed['source']}: {lead}“{listed['quote']}”."


def what_if_words(change: dict[str, Any], answered: bool) -> str:
    """``If the tumour were under 4 cm: cryotherapy is commonly considered.``"""
    question, answer = change["question"], change["answer"]
    verb = "were" if answered else "is"
    if question == SIZE:
        condition = f"If the tumour {verb} {answer}"
    elif question == FIT:
        negation = "" if answer == "yes" else "not "
        condition = f"If the person {verb} {negation}fit enough for surgery"
    else:
        condition = f"If the {question} {verb} {answer}"
    outcome = verdict_words(change["verdict"])
    return f"{condition}: {outcome[0].lower()}{outcome[1:]}."


def build(result: Result, rules: RuleSet) -> Report:
    """The whole result as JSON-ready data."""
    cancer = result.cancer
    cited: list[str] = []

    def evidence(e: Evidence) -> dict[str, str]:
        if e.source not in cited:
            cited.append(e.source)
        return {"source": e.source, "quote": e.quote}

    criteria = [
        {
            "id": r.criterion.id,
            "label": r.criterion.label,
            "question": r.criterion.question,
            "test": r.criterion.test.describe(),
            "answer": r.answer,
            "status": r.status,
            **evidence(r.criterion.evidence),
        }
        for r in result.criteria
    ]
    reasons = [
        {
            "verdict": d.verdict,
            "reason": d.reason,
            "evidence": [evidence(e) for e in d.evidence],
        }
        for d in result.decisions
    ]
    listed_in = {**evidence(cancer.listed_in), "context": cancer.listed_context} if cancer else None
    notes = [{"text": n.text, **evidence(n.evidence)} for n in (cancer.notes if cancer else ())]
    notes += [{"text": text, "source": None, "quote": None} for text in _remarks(result, rules)]
    # Sources in the order sources.yaml lists them; all of them when nothing was cited.
    cited = [sid for sid in rules.sources if sid in cited or not cited]
    return {
        "cryo_check_version": __version__,
        "rules_sha256": rules.digest,
        # A custom rule folder says so: its rules need not be the documents' word.
        "rules_folder": None if _shipped(rules) else display_path(Path(rules.folder)),
        "cancer_input": result.answers.cancer,
        "cancer_type": cancer.id if cancer else None,
        "cancer_name": cancer.name if cancer else None,
        "verdict": result.verdict,
        "verdict_text": verdict_words(result.verdict),
        "answers": result.answers.as_dict(),
        "listed_in": listed_in,
        "criteria": criteria,
        "reasons": reasons,
        "missing": list(result.missing),
        "what_if": [_what_if(w) for w in result.what_if],
        "notes": notes,
        "sources": [_source(rules, sid) for sid in cited],
        "disclaimer": DISCLAIMER,
    }


def _shipped(rules: RuleSet) -> bool:
    return Path(rules.folder).resolve() == default_rules_dir().resolve()


def _what_if(w: WhatIf) -> dict[str, Any]:
    change: dict[str, Any] = {"question": w.question, "answer": w.answer, "verdict": w.verdict}
    if w.size_range is not None:
        low, high, low_inclusive, high_inclusive = w.size_range
        change["range_cm"] = {
            "min": low,
            "max": high,
            "min_inclusive": low_inclusive,
            "max_inclusive": high_inclusive,
        }
    return change


def _source(rules: RuleSet, source_id: str) -> dict[str, Any]:
    s = rules.sources[source_id]
    return {
        "id": s.id,
        "title": s.title,
        "untitled": s.untitled,
        "publisher": s.publisher,
        "author": s.author,
        "reviewed_by": s.reviewed_by,
        "date": s.date,
        "last_reviewed": s.last_reviewed,
        "citation": s.citation(),
    }


def _remarks(result: Result, rules: RuleSet) -> list[str]:
    """Notes the engine's outcome calls for, in cryo-check's own words."""
    remarks = []
    if result.verdict == NOT_COVERED:
        covered = ", ".join(sorted(rules.cancers))
        remarks.append(
            f"'{result.answers.cancer}' is not one of the types these rules cover, so cryo-check "
            f"says nothing about it. They cover: {covered}."
        )
    elif result.verdict == INSUFFICIENT:
        options = ", ".join(QUESTIONS[q].option for q in result.missing)
        remarks.append(f"To get a verdict, answer: {options}.")
    shown = result.answers.as_dict()
    for question in result.unused:
        whose = result.cancer.name if result.cancer else "a type the documents do not cover"
        remarks.append(
            f"Your answer to {question} ({shown[question]}) was not used: "
            f"no criterion for {whose} reads it."
        )
    return remarks


def answered(report: Report, question: str) -> bool:
    return report["answers"].get(question) is not None
