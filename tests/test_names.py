"""Reading typed cancer names (cryo_check/names.py) against the shipped vocabulary.

The table holds names as patients, students and teachers type them, each with the outcome a
careful reader of the two documents would accept: a covered type and the stage its words
imply; a type not covered and what it names; or a question back, with its choices.
"""

from __future__ import annotations

import json
import string
import subprocess
import sys
from typing import Any, NamedTuple

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cryo_check.core.names import (
    AMBIGUOUS,
    GROWTH,
    NO_TYPE,
    NOT_COVERED,
    NOT_UNDERSTOOD,
    SPREAD_ELSEWHERE,
    SPREAD_TO,
    SPREAD_UNCLEAR,
    STAGE_CONFLICT,
    STAGE_UNCLEAR,
    TWO_TYPES,
    TYPE,
    TYPO,
    NameQuestion,
    NameReading,
    Vocabulary,
    read_name,
    vocabulary,
    vocabulary_problems,
)
from cryo_check.core.suggest import distance_within as _distance_within
from cryo_check.core.suggest import typo_distance
from cryo_check.errors import AnswerError

from .conftest import RULES_DIR

#: Rule files that are not one cancer type each.
NOT_CANCER_FILES = {"questions", "names", "sources", "info", "scenarios"}


def rule_data() -> tuple[dict[str, tuple[str, ...]], dict[str, Any], dict[str, Any]]:
    cancer_names: dict[str, tuple[str, ...]] = {}
    for path in sorted(RULES_DIR.glob("*.yaml")):
        if path.stem in NOT_CANCER_FILES:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        cancer_names[data["id"]] = (data["name"], *data.get("aliases", []))
    names = yaml.safe_load((RULES_DIR / "names.yaml").read_text(encoding="utf-8"))
    questions = yaml.safe_load((RULES_DIR / "questions.yaml").read_text(encoding="utf-8"))
    stage = next(q for q in questions["questions"] if q["id"] == "stage")
    return cancer_names, names, stage


VOCAB: Vocabulary = vocabulary(*rule_data())
STAGES = ("early", "locally-advanced", "spread")


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return vocabulary(*rule_data())


class Ok(NamedTuple):
    cancer: str
    stage: str | None = None


class Nc(NamedTuple):
    site: str
    stage: str | None = None


class Ask(NamedTuple):
    kind: str
    choices: tuple[str, ...] = ()
    says: str = ""  # words the message or fix must contain


def ask(kind: str, *choices: str, says: str = "") -> Ask:
    return Ask(kind, choices, says)


SKIN = ("skin-bcc", "skin-precancer", "skin-scc")
SKIN_CANCER = ("skin-bcc", "skin-scc")
SCC = ("cervical", "skin-scc")
CERVIX = ("cervical", "cervical-precancer")
PRECANCERS = ("cervical-precancer", "skin-precancer")
IN_SITU = ("cervical", "cervical-precancer", "skin-precancer", "skin-scc")

TABLE: list[tuple[str, Ok | Nc | Ask]] = [
    # --- kidney: names, capitals, hyphens, extra words
    ("kidney", Ok("kidney")),
    ("Kidney", Ok("kidney")),
    ("KIDNEY CANCER", Ok("kidney")),
    ("kidney-cancer", Ok("kidney")),
    ("Kidney Cancer.", Ok("kidney")),
    ("kidneys", Ok("kidney")),
    ("renal", Ok("kidney")),
    ("Renal cell carcinoma", Ok("kidney")),
    ("renal cell cancer", Ok("kidney")),
    ("RCC", Ok("kidney")),
    ("ccRCC", Ok("kidney")),
    ("clear cell renal cell carcinoma", Ok("kidney")),
    ("clear cell RCC", Ok("kidney")),
    ("cancer of the kidney", Ok("kidney")),
    ("tumour of the kidney", ask(GROWTH, "kidney", says="not a cancer")),
    ("kidney tumor", ask(GROWTH, "kidney")),
    ("kidney tumours", ask(GROWTH, "kidney")),
    ("renal carcinoma", Ok("kidney")),
    ("left kidney cancer", Ok("kidney")),
    ("right kidney cancer", Ok("kidney")),
    ("small kidney cancer", Ok("kidney")),
    ("my mum's kidney cancer", Ok("kidney")),
    ("my mum\u2019s kidney cancer", Ok("kidney")),  # a curly apostrophe
    ("my dad's renal cancer", Ok("kidney")),
    ("kidney cancer in a child", Ok("kidney")),
    ("  kidney   cancer  ", Ok("kidney")),
    # --- kidney with stage words
    ("early kidney cancer", Ok("kidney", "early")),
    ("early-stage kidney cancer", Ok("kidney", "early")),
    ("stage 1 kidney cancer", ask(STAGE_UNCLEAR, *STAGES)),
    ("Stage I renal cancer", ask(STAGE_UNCLEAR, *STAGES)),
    ("stage 1a kidney cancer", ask(STAGE_UNCLEAR, *STAGES)),
    ("stage one kidney cancer", ask(STAGE_UNCLEAR, *STAGES)),
    ("locally advanced kidney cancer", Ok("kidney", "locally-advanced")),
    ("metastatic kidney cancer", Ok("kidney", "spread")),
    ("metastatic renal cell carcinoma", Ok("kidney", "spread")),
    ("metastasized kidney cancer", Ok("kidney", "spread")),
    ("kidney cancer that has spread", Ok("kidney", "spread")),
    ("kidney cancer with mets", Ok("kidney", "spread")),
    ("kidney cancer with secondaries", Ok("kidney", "spread")),
    ("kidney cancer, stage 4", ask(STAGE_UNCLEAR, *STAGES)),
    ("stage IV kidney cancer", ask(STAGE_UNCLEAR, *STAGES)),
    ("stage 4b kidney cancer", ask(STAGE_UNCLEAR, *STAGES)),
    ("kidney cancer spread to the lungs", Ok("kidney", "spread")),
    ("kidney cancer that has spread to the liver", Ok("kidney", "spread")),
    ("kidney cancer metastases", Ok("kidney", "spread")),  # metastases OF a kidney cancer
    ("stage 2 kidney cancer", ask(STAGE_UNCLEAR, *STAGES, says="stage 2")),
    ("stage 3 kidney cancer", ask(STAGE_UNCLEAR, *STAGES, says="stage 3")),
    ("localised kidney cancer", ask(STAGE_UNCLEAR, *STAGES, says="localised")),
    ("advanced kidney cancer", ask(STAGE_UNCLEAR, *STAGES, says="advanced")),
    ("early metastatic kidney cancer", ask(STAGE_CONFLICT, "early", "spread")),
    # --- liver
    ("liver", Ok("liver")),
    ("Liver cancer", Ok("liver")),
    ("liver tumours", ask(GROWTH, "liver")),
    ("hepatocellular carcinoma", Ok("liver")),
    ("hepatocellular cancer", Ok("liver")),
    ("HCC", Ok("liver")),
    ("hepatoma", Ok("liver")),
    ("hepatic", Ok("liver")),
    ("cancer of the liver", Ok("liver")),
    ("primary liver cancer", Ok("liver")),
    ("early liver cancer", Ok("liver", "early")),
    ("stage 4 liver cancer", ask(STAGE_UNCLEAR, *STAGES)),
    ("liver cancer that has spread to the bones", Ok("liver", "spread")),
    # --- spread TO the liver: a cancer that started elsewhere
    ("liver metastases", ask(SPREAD_ELSEWHERE, says="started somewhere else")),
    ("Liver Mets", ask(SPREAD_ELSEWHERE, says="spread to the liver")),
    ("liver secondaries", ask(SPREAD_ELSEWHERE)),
    ("hepatic metastases", ask(SPREAD_ELSEWHERE, says="spread to the liver")),
    ("secondary liver cancer", ask(SPREAD_ELSEWHERE)),
    ("secondary cancer in the liver", ask(SPREAD_ELSEWHERE)),
    ("metastatic cancer in the liver", ask(SPREAD_ELSEWHERE)),
    ("cancer that has spread to the liver", ask(SPREAD_ELSEWHERE)),
    ("cancer spread to liver", ask(SPREAD_ELSEWHERE)),
    ("metastatic liver cancer", ask(SPREAD_UNCLEAR, "liver", says="started in the liver")),
    ("bowel cancer with liver metastases", Nc("bowel cancer", "spread")),
    ("liver metastases from bowel cancer", Nc("bowel cancer", "spread")),
    # --- prostate
    ("prostate", Ok("prostate")),
    ("Prostate Cancer", Ok("prostate")),
    ("cancer of the prostate", Ok("prostate")),
    ("prostatic carcinoma", Ok("prostate")),
    ("prostate adenocarcinoma", Ok("prostate")),
    ("prostate ca", Ok("prostate")),
    ("ca prostate", Ok("prostate")),
    ("early prostate cancer", Ok("prostate", "early")),
    ("stage 4 prostate cancer", ask(STAGE_UNCLEAR, *STAGES)),
    ("metastatic prostate cancer", Ok("prostate", "spread")),
    ("prostate cancer spread to bone", Ok("prostate", "spread")),
    ("prostate cancer with bone mets", Ok("prostate", "spread")),
    ("bone and liver metastases from prostate cancer", Ok("prostate", "spread")),
    ("advanced prostate cancer", ask(STAGE_UNCLEAR, *STAGES, says="advanced")),
    ("secondary prostate cancer", ask(SPREAD_UNCLEAR, "prostate")),
    ("stage 1 metastatic prostate cancer", ask(STAGE_UNCLEAR, *STAGES)),
    # --- bone
    ("bone", Ok("bone")),
    ("bone cancer", Ok("bone")),
    ("bone tumor", ask(GROWTH, "bone")),
    ("tumour of the bone", ask(GROWTH, "bone")),
    ("osteosarcoma", Ok("bone")),
    ("Ewing sarcoma", Ok("bone")),
    ("Ewing's sarcoma", Ok("bone")),
    ("ewings sarcoma", Ok("bone")),
    ("chondrosarcoma", Ok("bone")),
    ("bone sarcoma", Ok("bone")),
    ("primary bone cancer", Ok("bone")),
    ("stage 1 bone cancer", ask(STAGE_UNCLEAR, *STAGES)),
    ("secondary bone cancer", ask(SPREAD_ELSEWHERE, says="spread to the bone")),
    ("bone metastases", ask(SPREAD_ELSEWHERE)),
    ("bone mets", ask(SPREAD_ELSEWHERE)),
    ("cancer that has spread to the bones", ask(SPREAD_ELSEWHERE)),
    ("metastatic bone cancer", ask(SPREAD_UNCLEAR, "bone")),
    ("metastatic bone disease", ask(SPREAD_UNCLEAR, "bone")),
    ("myeloma", Nc("myeloma")),
    ("bone marrow cancer", Nc("blood cancer")),
    # --- cervix
    ("cervical", Ok("cervical")),  # the type's id
    ("cervical cancer", Ok("cervical")),
    ("cancer of the cervix", Ok("cervical")),
    ("cervix cancer", Ok("cervical")),
    ("cervical carcinoma", Ok("cervical")),
    ("adenocarcinoma of the cervix", Ok("cervical")),
    ("cervical squamous cell carcinoma", Ok("cervical")),
    ("squamous cell carcinoma of the cervix", Ok("cervical")),
    ("stage 1 cervical cancer", ask(STAGE_UNCLEAR, *STAGES)),
    ("cervix", ask(AMBIGUOUS, *CERVIX)),
    ("cervical carcinoma in situ", ask(AMBIGUOUS, *CERVIX, says="in situ")),
    # --- precancerous cells in the cervix
    ("CIN", Ok("cervical-precancer")),
    ("CIN3", Ok("cervical-precancer")),
    ("CIN 3", Ok("cervical-precancer")),
    ("cin2", Ok("cervical-precancer")),
    ("CIN1", Ok("cervical-precancer")),
    ("cin iii", Ok("cervical-precancer")),
    ("cervical intraepithelial neoplasia", Ok("cervical-precancer")),
    ("CGIN", Ok("cervical-precancer")),
    ("cervical dysplasia", Ok("cervical-precancer")),
    ("abnormal cervical cells", Ok("cervical-precancer")),
    ("abnormal cells in the cervix", Ok("cervical-precancer")),
    ("precancerous cells in the cervix", Ok("cervical-precancer")),
    ("pre-cancerous cervical cells", Ok("cervical-precancer")),
    # --- marks that join words are read as spaces; others could change the meaning: asked
    ("renal cell carcinoma (RCC)", Ok("kidney")),
    ("kidney/renal cancer", Ok("kidney")),
    ("kidney cancer, early stage", Ok("kidney", "early")),
    ("kidney cancer, early?", ask(NOT_UNDERSTOOD, says="holds '?'")),
    ("kidney cancer (early??)", ask(NOT_UNDERSTOOD, says="holds '?'")),
    ("kidney cancer ~ early", ask(NOT_UNDERSTOOD, says="holds '~'")),
    ("kidney cancer \u2260 metastatic", ask(NOT_UNDERSTOOD, says="holds '\u2260'")),
    ("kidney \U0001f642", ask(NOT_UNDERSTOOD, says="holds '\U0001f642'")),
    ("stage 4+ kidney", ask(NOT_UNDERSTOOD, says="holds '+'")),
    # --- cancer and precancer words must agree with the type: asked, never dropped
    ("abnormal kidney cells", ask(AMBIGUOUS, "kidney", says="name none for this type")),
    ("precancerous liver", ask(AMBIGUOUS, "liver", says="name none for this type")),
    ("premalignant prostate", ask(AMBIGUOUS, "prostate", says="name none for this type")),
    ("kidney dysplasia", ask(AMBIGUOUS, "kidney", says="name none for this type")),
    ("bcc precancer", ask(AMBIGUOUS, "skin-bcc", says="name none for this type")),
    ("precancerous cervical cancer", ask(AMBIGUOUS, *CERVIX, says="different types")),
    ("abnormal cervical cancer", ask(AMBIGUOUS, *CERVIX, says="different types")),
    ("cervical dysplasia cancer", ask(AMBIGUOUS, *CERVIX, says="not a cancer")),
    ("malignant cervical dysplasia", ask(AMBIGUOUS, *CERVIX, says="not a cancer")),
    ("CIN3 cancer", ask(AMBIGUOUS, "cervical-precancer", says="if it is a cancer")),
    # --- skin
    ("basal cell carcinoma", Ok("skin-bcc")),
    ("Basal Cell Carcinoma", Ok("skin-bcc")),
    ("basal cell carcinomas", Ok("skin-bcc")),
    ("BCC", Ok("skin-bcc")),
    ("bcc skin cancer", Ok("skin-bcc")),
    ("rodent ulcer", Ok("skin-bcc")),
    ("early bcc", Ok("skin-bcc", "early")),
    ("squamous cell skin cancer", Ok("skin-scc")),
    ("cutaneous squamous cell carcinoma", Ok("skin-scc")),
    ("cutaneous SCC", Ok("skin-scc")),
    ("skin scc", Ok("skin-scc")),
    ("SCC skin", Ok("skin-scc")),
    ("squamous cell carcinoma of the skin", Ok("skin-scc")),
    ("squamous cell carcinoma", ask(AMBIGUOUS, *SCC, says="not a place")),
    ("scc", ask(AMBIGUOUS, *SCC)),
    ("Squamous cell cancer", ask(AMBIGUOUS, *SCC)),
    ("skin cancer", ask(AMBIGUOUS, *SKIN_CANCER, says="melanoma")),
    ("skin cancers", ask(AMBIGUOUS, *SKIN_CANCER)),
    ("skin", ask(AMBIGUOUS, *SKIN)),
    ("skin cancer on my nose", ask(AMBIGUOUS, *SKIN_CANCER)),
    ("non-melanoma skin cancer", ask(AMBIGUOUS, *SKIN_CANCER)),
    ("actinic keratosis", Ok("skin-precancer")),
    ("solar keratoses", Ok("skin-precancer")),
    ("precancerous skin condition", Ok("skin-precancer")),
    ("pre-cancerous skin", Ok("skin-precancer")),
    ("Bowen's disease", ask(AMBIGUOUS, "skin-precancer", "skin-scc", says="care team")),
    ("carcinoma in situ", ask(AMBIGUOUS, *IN_SITU, says="in situ")),
    ("precancerous", ask(AMBIGUOUS, *PRECANCERS)),
    ("melanoma", Nc("melanoma")),
    ("malignant melanoma", Nc("melanoma")),
    ("skin melanoma", Nc("melanoma")),
    ("melanoma of the eye", Nc("melanoma")),
    ("metastatic melanoma", Nc("melanoma", "spread")),
    ("Merkel cell carcinoma", Nc("Merkel cell carcinoma")),
    # --- retina
    ("retinoblastoma", Ok("retinoblastoma")),
    ("Retinoblastoma (cancer in the retina)", Ok("retinoblastoma")),
    ("retinoblastoma in a child", Ok("retinoblastoma")),
    ("retinoblastoma of the eye", Ok("retinoblastoma")),
    ("cancer in the retina", Ok("retinoblastoma")),
    ("retinal cancer", Ok("retinoblastoma")),
    ("eye cancer", ask(AMBIGUOUS, "retinoblastoma", says="other eye cancers")),
    # --- places and cancers the documents do not cover
    ("bowel cancer", Nc("bowel cancer")),
    ("cancer of the bowel", Nc("bowel cancer")),
    ("colon cancer", Nc("bowel cancer")),
    ("colorectal cancer", Nc("bowel cancer")),
    ("rectal cancer", Nc("rectal cancer")),
    ("anal cancer", Nc("anal cancer")),
    ("adrenal cancer", Nc("adrenal cancer")),
    ("bladder cancer", Nc("bladder cancer")),
    ("breast cancer", Nc("breast cancer")),
    ("lung cancer", Nc("lung cancer")),
    ("stage 4 lung cancer", Nc("lung cancer")),
    ("small cell lung cancer", Nc("lung cancer")),
    ("lung squamous cell carcinoma", Nc("lung cancer")),
    ("pancreatic cancer", Nc("pancreatic cancer")),
    ("stomach cancer", Nc("stomach cancer")),
    ("oesophageal cancer", Nc("oesophageal cancer")),
    ("esophageal cancer", Nc("oesophageal cancer")),
    ("brain tumour", ask(GROWTH, says="benign")),
    ("thyroid cancer", Nc("thyroid cancer")),
    ("ovarian cancer", Nc("ovarian cancer")),
    ("womb cancer", Nc("womb cancer")),
    ("testicular cancer", Nc("testicular cancer")),
    ("leukaemia", Nc("leukaemia")),
    ("leukemia", Nc("leukaemia")),
    ("lymphoma", Nc("lymphoma")),
    ("non-Hodgkin lymphoma", Nc("lymphoma")),
    ("head and neck cancer", Nc("head and neck cancer")),
    ("mouth cancer", Nc("head and neck cancer")),
    ("blood cancer", Nc("blood cancer")),
    # --- spread to an uncovered place, with no place it started
    ("lung metastases", ask(SPREAD_ELSEWHERE, says="spread to the lung")),
    ("brain mets", ask(SPREAD_ELSEWHERE)),
    ("secondary breast cancer", ask(SPREAD_UNCLEAR)),
    # --- two types, or none
    ("kidney and liver", ask(TWO_TYPES, "kidney", "liver")),
    ("kidney and liver cancer", ask(TWO_TYPES, "kidney", "liver")),
    ("prostate and bone", ask(TWO_TYPES, "bone", "prostate")),
    ("kidney and bladder cancer", ask(TWO_TYPES, "kidney", says="bladder cancer")),
    ("liver and bowel cancer", ask(TWO_TYPES, "liver", says="bowel cancer")),
    ("cervical skin cancer", ask(TWO_TYPES, "cervical", "skin-bcc", "skin-scc")),
    ("cancer", ask(NO_TYPE)),
    ("tumour", ask(GROWTH)),
    ("carcinoma", ask(NO_TYPE)),
    ("adenocarcinoma", ask(NO_TYPE)),
    ("sarcoma", ask(NO_TYPE)),
    ("metastatic cancer", ask(NO_TYPE)),
    ("my mum's cancer", ask(NO_TYPE)),
    ("stage 4", ask(NO_TYPE)),
    # --- typos of covered names: asked about, never read
    ("kidny", ask(TYPO, "kidney", says="did you mean 'kidney'?")),
    ("kidnye", ask(TYPO, "kidney")),
    ("kindey cancer", ask(TYPO, "kidney")),
    ("livr", ask(TYPO, "liver")),
    ("prostrate", ask(TYPO, "prostate", says="did you mean 'prostate'?")),
    ("prostrate cancer", ask(TYPO, "prostate")),
    ("cervicle cancer", ask(TYPO, *CERVIX, says="did you mean 'cervical'?")),
    ("retinoblastma", ask(TYPO, "retinoblastoma")),
    ("osteosarcma", ask(TYPO, "bone")),
    # --- words not understood: named, never dropped
    ("bowl cancer", ask(NOT_UNDERSTOOD, says="did you mean 'bowel'?")),
    ("kidney cancr", ask(NOT_UNDERSTOOD, says="did you mean 'cancer'?")),
    ("metastic kidney cancer", ask(NOT_UNDERSTOOD, says="did you mean 'metastatic'?")),
    ("kidney cancer 4cm", ask(NOT_UNDERSTOOD, says="'4cm'")),
    ("grade 2 prostate cancer", ask(NOT_UNDERSTOOD, says="'grade', '2'")),
    ("my mum's kidney cancer, she is 70", ask(NOT_UNDERSTOOD, says="'70'")),
    ("wilms tumour", ask(NOT_UNDERSTOOD, says="'wilms'")),
    ("renal mass", ask(GROWTH, "kidney")),
    ("kidney stone", ask(NOT_UNDERSTOOD, says="'stone'")),
    ("squamous cell carcinoma in the lungs and kidney", ask(TWO_TYPES, "kidney")),
]


def outcome(text: str, vocab: Vocabulary) -> Ok | Nc | Ask:
    try:
        reading = read_name(text, vocab)
    except NameQuestion as question:
        return Ask(question.kind, question.choices)
    if reading.cancer is not None:
        return Ok(reading.cancer, reading.stage)
    assert reading.site is not None
    return Nc(reading.site, reading.stage)


def reading_or_question(text: str) -> NameReading | NameQuestion:
    try:
        return read_name(text, VOCAB)
    except NameQuestion as question:
        return question


def test_the_table_is_large_and_has_no_repeats() -> None:
    typed = [text for text, _ in TABLE]
    assert len(typed) >= 150
    assert len(set(typed)) == len(typed)


@pytest.mark.parametrize(("typed", "expected"), TABLE, ids=[t for t, _ in TABLE])
def test_names_people_type(vocab: Vocabulary, typed: str, expected: Ok | Nc | Ask) -> None:
    if isinstance(expected, Ask):
        with pytest.raises(NameQuestion) as caught:
            read_name(typed, vocab)
        question = caught.value
        assert (question.kind, question.choices) == (expected.kind, expected.choices)
        assert question.question == "cancer"
        assert expected.says in f"{question.message} ({question.fix})"
    else:
        assert outcome(typed, vocab) == expected


# --- what a reading says about itself


def test_every_word_is_shown_with_its_role(vocab: Vocabulary) -> None:
    reading = read_name("My mum's left metastatic renal cell carcinoma", vocab)
    assert reading == NameReading(
        text="My mum's left metastatic renal cell carcinoma",
        cancer="kidney",
        stage="spread",
        site=None,
        words=(
            ("my", "descriptor"),
            ("mum", "descriptor"),
            ("left", "descriptor"),
            ("metastatic", "stage"),
            ("renal cell carcinoma", TYPE),
        ),
        note="read as Kidney cancer",
    )


def test_a_place_it_spread_to_is_shown_as_such(vocab: Vocabulary) -> None:
    reading = read_name("prostate cancer with bone mets", vocab)
    assert ("bone", SPREAD_TO) in reading.words
    assert reading.note is not None
    assert "spread to the bone" in reading.note


def test_melanoma_is_said_to_be_unnamed_by_the_overview(vocab: Vocabulary) -> None:
    reading = read_name("melanoma skin cancer", vocab)
    assert (reading.cancer, reading.site) == (None, "melanoma")
    assert ("melanoma", NOT_COVERED) in reading.words
    assert reading.note is not None
    assert "including basal cell carcinoma and squamous cell carcinoma" in reading.note


def test_a_name_as_the_rule_file_writes_it_needs_no_note(vocab: Vocabulary) -> None:
    assert read_name("Renal cell carcinoma", vocab).note is None
    assert read_name("kidney", vocab).words == (("kidney", TYPE),)


def test_an_unclear_stage_keeps_the_type_read(vocab: Vocabulary) -> None:
    with pytest.raises(NameQuestion) as caught:
        read_name("stage 2 kidney cancer", vocab)
    assert caught.value.cancer == "kidney"
    assert "give no numbered stages" in caught.value.message


def test_words_not_understood_are_carried(vocab: Vocabulary) -> None:
    with pytest.raises(NameQuestion) as caught:
        read_name("kidney cancer in my tummy", vocab)
    assert caught.value.words == ("tummy",)
    assert "did not understand 'tummy'" in caught.value.message


@pytest.mark.parametrize("text", ["", "   ", "1234", "kidney\x1b[31m", "k" * 101])
def test_text_that_is_no_name_is_a_question(vocab: Vocabulary, text: str) -> None:
    with pytest.raises(NameQuestion):
        read_name(text, vocab)


def test_a_name_question_is_an_answer_error(vocab: Vocabulary) -> None:
    with pytest.raises(AnswerError):
        read_name("scc", vocab)


# --- laws for every input

PUNCTUATION = " -'\u2019.,()\u00e9\u00df\u00a0"
names_text = st.text(
    alphabet=st.sampled_from(string.ascii_letters + string.digits + PUNCTUATION),
    max_size=100,
)
vocab_words = st.sampled_from(sorted(VOCAB.known))
phrases = st.lists(vocab_words, min_size=1, max_size=8).map(" ".join)
SPREAD_WORDS = sorted(p for p, v in VOCAB.stages.items() if v == "spread")
UNCOVERED = sorted({*VOCAB.sites, *VOCAB.cancers})


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=100), names_text, phrases))
def test_reading_never_fails_but_with_a_question(text: str) -> None:
    try:
        reading = read_name(text, VOCAB)
    except NameQuestion:
        return
    assert (reading.cancer is None) != (reading.site is None)
    assert reading.stage in (None, *STAGES)
    assert all(
        role in {TYPE, "descriptor", "stage", NOT_COVERED, SPREAD_TO} for _, role in reading.words
    )


@settings(max_examples=300, deadline=None)
@given(phrases, st.sampled_from(SPREAD_WORDS), phrases)
def test_a_spread_word_never_reads_as_another_stage(before: str, spread: str, after: str) -> None:
    text = f"{before} {spread} {after}"
    if len(text) > 100:
        return
    read = reading_or_question(text)
    if isinstance(read, NameQuestion):
        assert read.stage in (None, "spread")
    else:
        assert read.stage == "spread"


@pytest.mark.parametrize("site", UNCOVERED)
@pytest.mark.parametrize("form", ["{}", "{} cancer", "cancer of the {}", "early {} cancer"])
def test_no_uncovered_word_gets_a_covered_suggestion(site: str, form: str) -> None:
    read = reading_or_question(form.format(site))
    if isinstance(read, NameQuestion):
        assert read.kind != TYPO
        assert "did you mean" not in str(read.fix)
    else:
        assert read.cancer is None


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="abcd", max_size=9),
    st.text(alphabet="abcd", max_size=9),
    st.sampled_from([1, 2]),
)
def test_the_banded_typo_distance_is_the_typo_distance(a: str, b: str, limit: int) -> None:
    distance = typo_distance(a, b)
    assert _distance_within(a, b, limit) == (distance if distance <= limit else None)


@pytest.mark.parametrize("name", ["scc", "squamous cell carcinoma", "skin", "cervix", "eye"])
def test_shared_names_are_not_any_one_types_alias(name: str) -> None:
    cancer_names, _, _ = rule_data()
    assert not any(name in aliases for aliases in cancer_names.values())


# --- the vocabulary itself


def test_the_shipped_vocabulary_is_consistent() -> None:
    assert vocabulary_problems(*rule_data()) == []


def test_no_covered_name_is_also_uncovered_or_a_descriptor() -> None:
    covered = set(VOCAB.types)
    assert not covered & set(VOCAB.sites)
    assert not covered & set(VOCAB.cancers)
    assert not covered & set(VOCAB.descriptors)
    assert not covered & (set(VOCAB.stages) | set(VOCAB.unclear))


@pytest.mark.parametrize(
    ("where", "add", "problem"),
    [
        ("alias", "bowel", "'bowel' is both a name of 'kidney' and not covered"),
        ("alias", "cancer", "'cancer' is both a name of 'kidney' and a descriptor"),
        ("alias", "metastatic", "'metastatic' is both a name of 'kidney' and a stage word"),
        ("alias", "skin", "'skin' is both a name of 'kidney' and shared[0]"),
        ("site", "prostate", "'prostate' is both a name of 'prostate' and not covered"),
        ("site", "carcinoma", "'carcinoma' is both a descriptor and not covered"),
    ],
)
def test_a_word_in_two_homes_is_refused(where: str, add: str, problem: str) -> None:
    cancer_names, names, stage = rule_data()
    if where == "alias":
        cancer_names["kidney"] = (*cancer_names["kidney"], add)
    else:
        names["not_covered"]["sites"]["extra cancer"] = [add]
    assert problem in vocabulary_problems(cancer_names, names, stage)
    with pytest.raises(ValueError, match="is both"):
        vocabulary(cancer_names, names, stage)


def test_a_spread_to_word_must_be_a_spread_stage_word() -> None:
    cancer_names, names, stage = rule_data()
    names["spread_to"]["after_place"].append("early")
    assert "spread_to.after_place: 'early' is not a word of 'stage' for 'spread'" in (
        vocabulary_problems(cancer_names, names, stage)
    )


def test_the_vocabulary_survives_json(vocab: Vocabulary) -> None:
    again = Vocabulary.from_json(json.loads(json.dumps(vocab.to_json())))
    assert again == vocab
    assert read_name("metastatic renal cell carcinoma", again).stage == "spread"


def test_the_stage_words_come_from_the_stage_question(vocab: Vocabulary) -> None:
    questions = yaml.safe_load((RULES_DIR / "questions.yaml").read_text(encoding="utf-8"))
    stage = next(q for q in questions["questions"] if q["id"] == "stage")
    assert vocab.stage_values == tuple(c["value"] for c in stage["choices"])
    assert vocab.stages["metastatic"] == "spread"
    assert {"stage 1", "stage 2", "stage iv"} <= vocab.unclear.keys()
    assert not {"stage 1", "stage iv", "stage four"} & vocab.stages.keys()


def test_reading_names_imports_nothing_heavy() -> None:
    probe = "import cryo_check.core.names, sys, json; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stdout))
    assert not loaded & {"yaml", "pydantic", "rich", "typer"}
