"""The classroom page's data: every answer a student can pick, and what cryo-check says to it.

For each chosen cancer type: the questions its criteria read, each with its cases (sizes as
the bands of the type's thresholds) and "unknown"; and for every combination of those, the
result of cryo-check's own engine, keyed by the combination. The page only looks answers up
in this document; it holds no rule logic of its own.

Everything the engine says reaches this module through one function, ``_result_document``,
which returns the check document exactly as ``check --format json`` prints it. Standard
library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import product
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from cryo_check import DISCLAIMER, __version__
from cryo_check.core.explain import Branch, Leaf, Node, decision_table, decision_tree
from cryo_check.core.questions import CANCER, Value
from cryo_check.core.report import STATUS_WORDS, topic_doc
from cryo_check.core.ruleset import VERDICTS, Cancer, RuleSet, Scenario
from cryo_check.paths import display_path
from cryo_check.rulebook.examples import scenario_answers

if TYPE_CHECKING:
    from cryo_check.core.documents import (
        CheckDocument,
        CriterionDoc,
        ListedIn,
        NoteDoc,
        Quote,
        TopicDoc,
        WhatIfDoc,
    )


#: The value of the "unknown" choice of every question, in a combination's key.
UNKNOWN_KEY = "u"
#: What separates the chosen cases of a combination's key (case keys never contain it).
KEY_SEPARATOR = "/"


class CaseDoc(TypedDict):
    key: str  # the case's index, or UNKNOWN_KEY
    label: str  # as a person reads it: "early", "under 4 cm", "unknown"


class AskedDoc(TypedDict):
    """A question as the page asks it: the cases a student picks from (not the check
    document's QuestionDoc, which says how to answer it on the command line)."""

    id: str
    prompt: str
    label: str  # short, for table headings and diagrams: "Tumour size?"
    cases: list[CaseDoc]


class ReasonDoc(TypedDict):
    """A check document's reason without its verdict (the result beside it says that)."""

    reason: str
    evidence: list[Quote]


class ResultDoc(TypedDict):
    verdict: str
    verdict_text: str
    #: Per criterion of the type, in order: the answer shown (a case label) and its status.
    criteria: list[dict[str, str | None]]
    missing: list[str]
    what_if: list[WhatIfDoc]
    #: Indexes into the type's ``reasons``.
    reasons: list[int]


class TableDoc(TypedDict):
    columns: list[str]
    rows: list[dict[str, Any]]


class TypeDoc(TypedDict):
    id: str
    name: str
    listed_in: ListedIn | None
    questions: list[AskedDoc]
    criteria: list[CriterionDoc]
    reasons: list[ReasonDoc]
    notes: list[NoteDoc]
    #: Combination key (one case key per question, joined by KEY_SEPARATOR) -> result.
    results: dict[str, ResultDoc]
    table: TableDoc
    tree: dict[str, Any]
    #: What the documents say about it (how it is done, side effects…), as `info ID` shows.
    about: list[TopicDoc]


class ScenarioDoc(TypedDict):
    id: str
    title: str
    story: str
    answers: list[dict[str, str]]
    cancer_type: str | None
    teaching_point: str
    result: ResultDoc
    reasons: list[ReasonDoc]


class ExplorerDoc(TypedDict):
    kind: str
    key_separator: str
    unknown_key: str
    cryo_check_version: str
    rules_sha256: str
    rules_folder: str | None
    questions: dict[str, str]
    verdicts: dict[str, str]
    status_words: dict[str, str]
    types: list[TypeDoc]
    scenarios: list[ScenarioDoc]
    sources: list[dict[str, Any]]
    disclaimer: str


def _result_document(rules: RuleSet, answers: Mapping[str, Value | None]) -> CheckDocument:
    """The check document for ``answers`` (question id -> value, None for unknown).

    The one place this module asks the engine: what ``check --format json`` would print.
    """
    from cryo_check.core.case import given_as, resolve
    from cryo_check.core.engine import evaluate
    from cryo_check.core.report import build
    from cryo_check.environment import today

    case = resolve(rules, given_as(rules, answers, {}, "the page's choices"))
    return build(evaluate(rules, case), rules, today())


def build_explorer(rules: RuleSet, cancers: list[Cancer]) -> ExplorerDoc:
    """The page's data for ``cancers``; scenarios about other types are left out."""
    chosen = {c.id for c in cancers}
    every_type = chosen == set(rules.cancers)
    scenarios = []
    for scenario in rules.scenarios:
        document = _result_document(rules, _scenario_values(rules, scenario))
        if document["cancer_type"] in chosen or (every_type and document["cancer_type"] is None):
            scenarios.append(_scenario_doc(rules, scenario, document))
    return {
        "kind": "cryo-check explorer",
        "key_separator": KEY_SEPARATOR,
        "unknown_key": UNKNOWN_KEY,
        "cryo_check_version": __version__,
        "rules_sha256": rules.digest,
        "rules_folder": None if rules.shipped else display_path(Path(rules.folder)),
        "questions": {q.id: q.prompt for q in rules.questions.values()},
        "verdicts": dict(VERDICTS),
        "status_words": dict(STATUS_WORDS),
        "types": [_type_doc(rules, cancer) for cancer in cancers],
        "scenarios": scenarios,
        "sources": [
            {"id": s.id, "citation": s.described(), "references": list(s.references)}
            for s in rules.sources.values()
        ],
        "disclaimer": DISCLAIMER,
    }


def combination_key(keys: list[str] | tuple[str, ...]) -> str:
    """``["0", "u", "1"]`` -> ``"0/u/1"``: how the page finds a combination's result."""
    return KEY_SEPARATOR.join(keys)


def _type_doc(rules: RuleSet, cancer: Cancer) -> TypeDoc:
    questions = [_question_doc(cancer, q) for q in cancer.questions]
    choices: list[list[tuple[str, str, Value | None]]] = [
        [(str(i), c.label, c.value) for i, c in enumerate(cancer.cases(q))]
        + [(UNKNOWN_KEY, "unknown", None)]
        for q in cancer.questions
    ]
    reasons: list[ReasonDoc] = []
    results: dict[str, ResultDoc] = {}
    first: CheckDocument | None = None
    for combo in product(*choices):
        values: dict[str, Value | None] = {CANCER: cancer.id}
        values.update({q: value for q, (_, _, value) in zip(cancer.questions, combo, strict=True)})
        document = _result_document(rules, values)
        first = first or document
        labels = {
            q: (None if value is None else label)
            for q, (_, label, value) in zip(cancer.questions, combo, strict=True)
        }
        key = combination_key([k for k, _, _ in combo])
        results[key] = _result_doc(document, reasons, labels)
    assert first is not None  # product() of no questions still yields one combination
    return {
        "id": cancer.id,
        "name": cancer.name,
        "listed_in": first["listed_in"],
        "questions": questions,
        "criteria": [
            {
                "id": c["id"],
                "label": c["label"],
                "question": c["question"],
                "test": c["test"],
                "source": c["source"],
                "quote": c["quote"],
            }
            for c in first["criteria"]
        ],
        "reasons": reasons,
        # The documents' notes on the type; the engine's remarks on one answer set are left
        # out (the page shows missing answers itself, in its own words).
        "notes": [n for n in first["notes"] if n["quote"] is not None],
        "results": results,
        "table": _table_doc(cancer),
        "tree": _tree_doc(cancer, decision_tree(cancer)),
        "about": [topic_doc(topic) for topic in rules.topics_for(cancer)],
    }


def _question_doc(cancer: Cancer, question: str) -> AskedDoc:
    cases: list[CaseDoc] = [
        {"key": str(i), "label": c.label} for i, c in enumerate(cancer.cases(question))
    ]
    cases.append({"key": UNKNOWN_KEY, "label": "unknown"})
    return {
        "id": question,
        "prompt": cancer.question(question).prompt,
        "label": _label(cancer, question),
        "cases": cases,
    }


def _label(cancer: Cancer, question: str) -> str:
    """A question's short heading, for tables and diagrams: "Tumour size?"."""
    return f"{cancer.question(question).label.capitalize()}?"


def _result_doc(
    document: Mapping[str, Any],
    reasons: list[ReasonDoc],
    labels: Mapping[str, str | None] | None = None,
) -> ResultDoc:
    """The parts of a check document the page shows; reasons are shared through ``reasons``.

    With ``labels``, each criterion shows the case the student picked ("under 4 cm") rather
    than the size that stands for it.
    """
    indexes = []
    for reason in document["reasons"]:
        entry: ReasonDoc = {"reason": reason["reason"], "evidence": list(reason["evidence"])}
        if entry not in reasons:
            reasons.append(entry)
        indexes.append(reasons.index(entry))
    return {
        "verdict": document["verdict"],
        "verdict_text": document["verdict_text"],
        "criteria": [
            {
                "answer": labels.get(c["question"], c["answer"])
                if labels is not None
                else c["answer"],
                "status": c["status"],
            }
            for c in document["criteria"]
        ],
        "missing": list(document["missing"]),
        "what_if": [
            {
                "question": w["question"],
                "answer": w["answer"],
                "verdict": w["verdict"],
                "text": w["text"],
            }
            for w in document["what_if"]
        ],
        "reasons": indexes,
    }


def _table_doc(cancer: Cancer) -> TableDoc:
    return {
        "columns": [_label(cancer, q) for q in cancer.questions],
        "rows": [
            {"cells": [label for _, label in row.cells], "verdict": row.verdict}
            for row in decision_table(cancer)
        ],
    }


def _tree_doc(cancer: Cancer, node: Node) -> dict[str, Any]:
    """A decision tree as data: ``{question, label, branches: [{answer, then}]}`` or
    ``{verdict}`` at a leaf."""
    if isinstance(node, Leaf):
        return {"verdict": node.verdict}
    assert isinstance(node, Branch)
    return {
        "question": node.question,
        "label": _label(cancer, node.question),
        "branches": [
            {"answer": label, "then": _tree_doc(cancer, child)} for label, child in node.children
        ],
    }


def _scenario_values(rules: RuleSet, scenario: Scenario) -> dict[str, Value | None]:
    """A scenario's answers, parsed as options and answer files are."""
    return dict(scenario_answers(rules, scenario))


def _scenario_doc(rules: RuleSet, scenario: Scenario, document: Mapping[str, Any]) -> ScenarioDoc:
    reasons: list[ReasonDoc] = []
    return {
        "id": scenario.id,
        "title": scenario.title,
        "story": scenario.story,
        "answers": [
            # As `cryo-check demo` shows them: "fit enough for surgery: no".
            {"question": q, "label": rules.question(q).label, "answer": _as_written(raw)}
            for q, raw in scenario.answers
        ],
        "cancer_type": document["cancer_type"],
        "teaching_point": scenario.teaching_point,
        "result": _result_doc(document, reasons),
        "reasons": reasons,
    }


def _as_written(raw: object) -> str:
    """A scenario's answer as its file gives it (YAML may have read ``no`` as false)."""
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    return "unknown" if raw is None else str(raw)
