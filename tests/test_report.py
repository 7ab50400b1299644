"""The check document (core/report.py) on its own: what every format of a result shows."""

from __future__ import annotations

import datetime

from cryo_check import DISCLAIMER, SCHEMA_VERSION
from cryo_check.core.documents import CheckDocument
from cryo_check.core.engine import evaluate
from cryo_check.core.report import build, documents, what_if_words
from cryo_check.core.ruleset import RuleSet

from .conftest import answers_to, case_of

AS_OF = datetime.date(2026, 4, 20)


def document(rules: RuleSet, *args: object, **more: object) -> CheckDocument:
    return build(evaluate(rules, case_of(rules, answers_to(*args, **more))), rules, AS_OF)  # type: ignore[arg-type]


def test_the_document_holds_every_key_the_contract_names(rules: RuleSet) -> None:
    doc = document(rules, "kidney", "early", "3cm", "no")
    assert set(doc) == set(CheckDocument.__annotations__)
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["disclaimer"] == DISCLAIMER
    assert doc["answers"] == {
        "cancer": "kidney",
        "stage": "early",
        "size": "3 cm",
        "fit_for_surgery": "no",
    }
    assert doc["measures"] == {"size_cm": 3}
    assert doc["rules_folder"] is None  # the shipped rules say so by saying nothing


def test_sources_are_those_cited_in_the_order_sources_yaml_lists_them(rules: RuleSet) -> None:
    doc = document(rules, "liver", "early")
    assert [s["id"] for s in doc["sources"]] == ["itc-overview"]
    # Not covered: the only quotes are of how it is done and side effects, from the overview.
    assert [s["id"] for s in document(rules, "lung")["sources"]] == ["itc-overview"]


def test_how_the_name_was_read_and_a_stage_it_implies_are_in_the_notes(rules: RuleSet) -> None:
    doc = document(rules, "my mum's metastatic renal cell carcinoma")
    assert doc["answers"]["stage"] == "spread"
    reading = doc["cancer_reading"]
    assert reading is not None
    assert [(w["word"], w["role"]) for w in reading["words"]] == [
        ("my", "descriptor"),
        ("mum", "descriptor"),
        ("metastatic", "stage"),
        ("renal cell carcinoma", "type"),
    ]
    texts = [n["text"] for n in doc["notes"] if n["quote"] is None]
    assert "The stage, spread, was read from the name." in texts


def test_what_if_sentences_come_from_the_declared_questions(rules: RuleSet) -> None:
    fit = rules.question("fit_for_surgery")
    assert what_if_words(fit, "no", "commonly_considered", answered=True) == (
        "If the person were not fit enough for surgery: cryotherapy is commonly considered."
    )
    size = rules.question("size")
    assert what_if_words(size, "under 4 cm", "commonly_considered", answered=False) == (
        "If the tumour is under 4 cm: cryotherapy is commonly considered."
    )


def test_documents_are_counted_in_words() -> None:
    assert documents(2) == "the two documents"
    assert documents(1) == "the one document"
    assert documents(12) == "the 12 documents"
