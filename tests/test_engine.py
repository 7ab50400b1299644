"""The engine on the shipped rules: a table of cases for every covered type and verdict."""

from __future__ import annotations

import pytest

from cryo_check.core.engine import evaluate
from cryo_check.core.names import NameQuestion
from cryo_check.core.ruleset import (
    COMMONLY,
    INSUFFICIENT,
    MAY,
    NOT_COVERED,
    NOT_TYPICALLY,
    RuleSet,
)
from cryo_check.errors import AnswerError

from .conftest import answers_to, case_of

LISTED = ["liver", "prostate", "bone", "cervical", "retinoblastoma", "skin-bcc", "skin-scc"]
PRECANCER = ["cervical-precancer", "skin-precancer"]

CASES = [
    # kidney: the kidney cancer page's "small, early stage ... less than 4cm", "not fit enough"
    ("kidney", "early", 3.0, "no", COMMONLY, ()),
    ("kidney", "early", 0.5, "no", COMMONLY, ()),
    ("kidney", "early", 3.99, "no", COMMONLY, ()),
    ("kidney", "early", 3.0, "yes", MAY, ()),
    ("kidney", "early", 4.0, "no", NOT_TYPICALLY, ()),  # "less than 4cm" is strict
    ("kidney", "early", 4.0, "yes", NOT_TYPICALLY, ()),
    ("kidney", "early", 7.5, "no", NOT_TYPICALLY, ()),
    ("kidney", "locally-advanced", 2.0, "no", NOT_TYPICALLY, ()),
    ("kidney", "spread", 2.0, "no", NOT_TYPICALLY, ()),
    ("kidney", "spread", None, None, NOT_TYPICALLY, ()),  # spread decides, size unknown
    ("kidney", None, 5.0, None, NOT_TYPICALLY, ()),  # too big decides, stage unknown
    ("kidney", "early", 3.0, None, INSUFFICIENT, ("fit_for_surgery",)),
    ("kidney", "early", None, "no", INSUFFICIENT, ("size",)),
    ("kidney", None, 3.0, "no", INSUFFICIENT, ("stage",)),
    ("kidney", None, None, None, INSUFFICIENT, ("stage", "size", "fit_for_surgery")),
    ("kidney", None, 3.0, None, INSUFFICIENT, ("stage", "fit_for_surgery")),
    *[(c, "early", None, None, MAY, ()) for c in LISTED],
    *[(c, "early", 9.0, "yes", MAY, ()) for c in LISTED],
    *[(c, "locally-advanced", None, None, NOT_TYPICALLY, ()) for c in LISTED],
    *[(c, "spread", 1.0, "no", NOT_TYPICALLY, ()) for c in LISTED],
    *[(c, None, 1.0, "no", INSUFFICIENT, ("stage",)) for c in LISTED],
    *[(c, None, None, None, MAY, ()) for c in PRECANCER],
    *[(c, "spread", 5.0, "yes", MAY, ()) for c in PRECANCER],
    ("lung", "early", 2.0, "no", NOT_COVERED, ()),
    ("melanoma", None, None, None, NOT_COVERED, ()),
]


@pytest.mark.parametrize(("cancer", "stage", "size", "fit", "verdict", "missing"), CASES)
def test_verdict(
    rules: RuleSet,
    cancer: str,
    stage: str | None,
    size: float | None,
    fit: str | None,
    verdict: str,
    missing: tuple[str, ...],
) -> None:
    result = evaluate(rules, case_of(rules, answers_to(cancer, stage, size, fit)))
    assert (result.verdict, result.missing) == (verdict, missing)


def test_every_covered_type_is_in_the_table(rules: RuleSet) -> None:
    assert {c[0] for c in CASES} >= set(rules.cancers)


def test_no_cancer_type_means_the_type_is_missing(rules: RuleSet) -> None:
    result = evaluate(rules, case_of(rules, answers_to(None, "early", 3.0, "no")))
    assert (result.verdict, result.missing) == (INSUFFICIENT, ("cancer",))


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Kidney", "kidney"),
        ("RENAL", "kidney"),
        ("renal cell carcinoma", "kidney"),
        ("kidney cancer tumor", "kidney"),  # US spelling of "tumour"
        ("kidney_cancer", "kidney"),
        ("Basal Cell Carcinoma", "skin-bcc"),
        ("cutaneous squamous cell carcinoma", "skin-scc"),
        ("skin squamous cell carcinoma", "skin-scc"),
        ("skin bcc", "skin-bcc"),
        ("cervical cancer", "cervical"),
        ("precancerous cells in the cervix", "cervical-precancer"),
        ("cancer in the retina", "retinoblastoma"),
        ("liver cancer", "liver"),
        ("malignant bone tumor", "bone"),
        ("cancer of the kidney", "kidney"),
        ("Cancer of the prostate", "prostate"),
        ("cancer in the cervix", "cervical"),
        ("cancer of the retina", "retinoblastoma"),
        ("pre-cancerous skin condition", "skin-precancer"),
        ("pre-cancerous cells in the cervix", "cervical-precancer"),
        # A name with generic words or qualifiers added.
        ("early kidney cancer", "kidney"),
        ("metastatic kidney cancer", "kidney"),
        ("kidney carcinoma", "kidney"),
        ("renal carcinoma", "kidney"),
        ("retina", "retinoblastoma"),  # "Cancer in the retina (retinoblastoma)"
        ("hepatoma", "liver"),
        ("CIN3", "cervical-precancer"),
        ("left kidney cancer", "kidney"),
        ("bcc skin cancer", "skin-bcc"),
    ],
)
def test_names_people_type(rules: RuleSet, typed: str, canonical: str) -> None:
    cancer = rules.resolve(typed)
    assert cancer is not None
    assert cancer.id == canonical


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("kidny", "did you mean 'kidney'?"),
        ("prostrate", "did you mean 'prostate'?"),
        ("retinoblastma", "did you mean 'retinoblastoma'?"),
        ("kidnye", "did you mean 'kidney'?"),  # two letters swapped
        ("cancer", "give the type, e.g. kidney"),
        ("tumor", "give the type, e.g. kidney"),
    ],
)
def test_near_misses_are_asked_about_not_corrected(
    rules: RuleSet, typed: str, message: str
) -> None:
    with pytest.raises(AnswerError) as caught:
        rules.resolve(typed)
    assert message in str(caught.value.fix)


@pytest.mark.parametrize(
    ("typed", "choices"),
    [
        ("skin", ("skin-bcc", "skin-precancer", "skin-scc")),
        ("skin cancer", ("skin-bcc", "skin-scc")),
        ("precancerous", ("cervical-precancer", "skin-precancer")),
        ("skin tumour", ("skin-bcc", "skin-precancer", "skin-scc")),  # is it a cancer?
        ("cervix", ("cervical", "cervical-precancer")),
        ("squamous cell carcinoma", ("cervical", "skin-scc")),
        ("scc", ("cervical", "skin-scc")),
        ("kidney and liver", ("kidney", "liver")),
        ("stage 2 liver cancer", ("early", "locally-advanced", "spread")),
        ("liver metastases", ()),  # spread TO the liver: its type is where it started
    ],
)
def test_names_that_fit_several_answers_are_asked_about_with_the_choices(
    rules: RuleSet, typed: str, choices: tuple[str, ...]
) -> None:
    with pytest.raises(NameQuestion) as caught:
        rules.resolve(typed)
    assert tuple(sorted(caught.value.choices)) == choices


@pytest.mark.parametrize(
    "typed",
    # Real cancers the documents do not list; "skin tumour" must not be taken for a typo of
    # "kidney tumour", nor "retina" (an organ) for retinoblastoma.
    [
        "lung",
        "breast",
        "melanoma",
        "pancreatic cancer",
        "leukaemia",
        "brain",
        "lung squamous cell carcinoma",  # squamous, but not of the skin
        "small cell lung cancer",
        "bone marrow",
        "bowel cancer",  # never "did you mean 'bone'?"
        "rectal cancer",  # never "did you mean 'kidney'?"
        "adrenal cancer",
    ],
)
def test_real_cancers_the_documents_do_not_cover(rules: RuleSet, typed: str) -> None:
    assert rules.resolve(typed) is None


def test_statuses_say_which_criteria_mattered(rules: RuleSet) -> None:
    result = evaluate(rules, case_of(rules, answers_to("kidney", "spread", None, None)))
    statuses = {r.criterion.id: r.status for r in result.criteria}
    assert statuses == {
        "early-stage": "not_met",
        "under-4cm": "not_applicable",
        "not-fit-for-surgery": "not_applicable",
    }
    result = evaluate(rules, case_of(rules, answers_to("kidney", "early", None, None)))
    statuses = {r.criterion.id: r.status for r in result.criteria}
    assert statuses == {
        "early-stage": "met",
        "under-4cm": "unknown",
        "not-fit-for-surgery": "unknown",
    }


def test_reasons_are_the_decisions_that_decided(rules: RuleSet) -> None:
    result = evaluate(rules, case_of(rules, answers_to("kidney", "spread", None, None)))
    assert [d.when for d in result.decisions] == [(("early-stage", False),)]
    result = evaluate(rules, case_of(rules, answers_to("kidney", "spread", 6.0, None)))
    assert len(result.decisions) == 2  # both the stage and the size rule it out


def test_answers_no_criterion_reads_are_reported_unused(rules: RuleSet) -> None:
    result = evaluate(rules, case_of(rules, answers_to("liver", "early", 3.0, "no")))
    # The size is read by the open "smaller tumours" criterion: shown, never weighed.
    assert result.unused == ("fit_for_surgery",)
    assert [r.status for r in result.criteria] == ["met", "open"]
    assert evaluate(rules, case_of(rules, answers_to("kidney", "early", 3.0, "no"))).unused == ()


def test_what_if_for_a_large_kidney_tumour(rules: RuleSet) -> None:
    result = evaluate(rules, case_of(rules, answers_to("kidney", "early", 5.0, "no")))
    assert [(w.question, w.answer, w.verdict) for w in result.what_if] == [
        ("size", "under 4 cm", COMMONLY)
    ]


def test_what_if_lists_every_answer_to_a_missing_question(rules: RuleSet) -> None:
    result = evaluate(rules, case_of(rules, answers_to("kidney", "early", 3.0, None)))
    assert [(w.question, w.answer, w.verdict) for w in result.what_if] == [
        ("stage", "locally-advanced", NOT_TYPICALLY),
        ("stage", "spread", NOT_TYPICALLY),
        ("size", "4 cm or more", NOT_TYPICALLY),
        ("fit_for_surgery", "yes", MAY),
        ("fit_for_surgery", "no", COMMONLY),
    ]
