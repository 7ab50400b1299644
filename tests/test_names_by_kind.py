"""Names misread by kind, each closed by a general rule of the name reader: a table of
phrasings per kind, read through the real vocabulary and through the real CLI
(``check --cancer ... --no-input``: exit 0 and a reading, or exit 2 and a question back).

The kinds: a cancer named in a place where it does not start; two cancers joined; "in situ"
in every phrasing; "cervical" meaning the neck, and lay names; near-name suggestions for a
word built on a covered organ's root; words that can name a benign growth; one reader of
numbered stages for every route.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cryo_check.core.names import (
    AMBIGUOUS,
    GROWTH,
    NOT_CANCER,
    OTHER_SENSE,
    SPREAD_ELSEWHERE,
    STAGE_UNCLEAR,
    TWO_TYPES,
    TYPO,
    NameQuestion,
    NameReading,
    read_name,
)
from cryo_check.core.questions import Unclear, fold_numbered
from cryo_check.errors import AnswerError
from cryo_check.rulebook.loader import shipped_rules

from .conftest import invoke
from .test_names import VOCAB

CERVIX = ("cervical", "cervical-precancer")
SKIN_IN_SITU = ("skin-precancer", "skin-scc")
STAGES = ("early", "locally-advanced", "spread")


def read(text: str) -> NameReading | NameQuestion:
    try:
        return read_name(text, VOCAB)
    except NameQuestion as question:
        return question


def asked(text: str) -> NameQuestion:
    found = read(text)
    assert isinstance(found, NameQuestion), f"{text!r} was read: {found}"
    return found


def reading(text: str) -> NameReading:
    found = read(text)
    assert isinstance(found, NameReading), f"{text!r} was asked about: {found}"
    return found


def cli(text: str, *more: str) -> tuple[int, str, str]:
    result = invoke("check", "--cancer", text, *more, "--no-input")
    return result.exit_code, result.stdout, result.stderr


def both_spellings(texts: list[str]) -> list[str]:
    """Each phrasing, and the same with "tumor" for "tumour" where it has one."""
    out = list(texts)
    out += [t.replace("tumour", "tumor") for t in texts if "tumour" in t]
    return list(dict.fromkeys(out))


# --- 1. a cancer named in a place where it does not start ---------------------------------

#: (typed, covered type or None, the name shown when not covered) -> stage spread, never the
#: place it went to.
SPREAD_THERE = [
    ("breast cancer in the liver", None, "breast cancer"),
    ("breast cancer that is in the liver", None, "breast cancer"),
    ("breast cancer now in his liver", None, "breast cancer"),
    ("breast cancer found in the liver and bones", None, "breast cancer"),
    ("lung cancer in the bones", None, "lung cancer"),
    ("lung cancer that spread to the bones", None, "lung cancer"),
    ("lung cancer in the brain", None, "lung cancer"),
    ("liver metastases from bowel cancer", None, "bowel cancer"),
    ("liver mets from colon cancer", None, "bowel cancer"),
    ("liver cancer from breast cancer", None, "breast cancer"),
    ("liver cancer secondary to breast cancer", None, "breast cancer"),
    ("liver tumour secondary to breast cancer", None, "breast cancer"),
    ("cancer in the liver that started in the breast", None, "breast cancer"),
    ("liver tumours that started in the bowel", None, "bowel cancer"),
    ("bone cancer that started in the lung", None, "lung cancer"),
    ("kidney cancer in the lung", "kidney", None),
    ("kidney cancer in the lungs", "kidney", None),
    ("kidney cancer in the liver", "kidney", None),
    ("renal cell carcinoma in the lungs", "kidney", None),
    ("kidney tumour in the lungs", "kidney", None),
    ("prostate cancer in the bones", "prostate", None),
    ("prostate cancer in the bone", "prostate", None),
    ("prostate tumour in the bone", "prostate", None),
    ("my dad's prostate cancer, now in his bones", "prostate", None),
    ("bone cancer in the lung", "bone", None),
    ("cervical cancer in the lungs", "cervical", None),
    ("liver cancer in the lung", "liver", None),
    ("liver cancer that started in the kidney", "kidney", None),
]


@pytest.mark.parametrize(("typed", "cancer", "site"), SPREAD_THERE)
def test_a_cancer_named_in_another_place_has_spread_there(
    typed: str, cancer: str | None, site: str | None
) -> None:
    read_as = reading(typed)
    assert (read_as.cancer, read_as.site, read_as.stage) == (cancer, site, "spread")
    assert read_as.note is not None
    assert "its type is where it started" in read_as.note


#: A cancer named for where it started, found in a place cancers also grow into: whether that
#: is "locally advanced" or "spread" the documents do not say, so the stage is asked, the
#: type kept.
FOUND_THERE = [
    ("kidney cancer in the lymph nodes", "kidney"),
    ("kidney cancer in the adrenal gland", "kidney"),
    ("prostate cancer in the bladder", "prostate"),
    ("prostate cancer in the rectum", "prostate"),
    ("cervical cancer in the bladder", "cervical"),
    ("cervical cancer in the vagina", "cervical"),
    ("liver cancer in the bile duct", "liver"),
]


@pytest.mark.parametrize(("typed", "cancer"), FOUND_THERE)
def test_a_cancer_found_in_a_neighbouring_place_asks_the_stage(typed: str, cancer: str) -> None:
    question = asked(typed)
    assert (question.kind, question.cancer, question.choices) == (STAGE_UNCLEAR, cancer, STAGES)
    assert "found in the" in question.message


@pytest.mark.parametrize(
    ("typed", "stage"),
    [
        ("locally advanced prostate cancer in the bladder", "locally-advanced"),
        ("prostate cancer in the bladder that has spread", "spread"),
    ],
)
def test_a_cancer_found_nearby_with_its_stage_said_is_read(typed: str, stage: str) -> None:
    assert (reading(typed).cancer, reading(typed).stage) == ("prostate", stage)


def test_a_cancer_found_nearby_said_to_be_early_is_asked() -> None:
    question = asked("early prostate cancer in the bladder")
    assert (question.kind, question.cancer) == (STAGE_UNCLEAR, "prostate")
    assert "nor as 'early'" in question.message


@pytest.mark.parametrize(
    "typed",
    ["early kidney cancer in the liver", "early stage prostate cancer in the bones"],
)
def test_an_early_cancer_said_to_be_in_another_place_is_asked(typed: str) -> None:
    question = asked(typed)
    assert (question.kind, question.choices) == ("stage-conflict", ("early", "spread"))
    assert "(where it spread to)" in question.message


@pytest.mark.parametrize(
    ("typed", "site"),
    [
        ("breast cancer in the kidney", "breast cancer"),
        ("bowel cancer in the prostate", "bowel cancer"),
        ("lung cancer in the skin", "lung cancer"),
        ("breast cancer in the cervix", "breast cancer"),
    ],
)
def test_an_uncovered_cancer_in_a_covered_place_is_not_that_place(typed: str, site: str) -> None:
    read_as = reading(typed)
    assert (read_as.cancer, read_as.site) == (None, site)
    assert read_as.note is not None
    assert "its type is where it started" in read_as.note


@pytest.mark.parametrize(
    ("typed", "cancer"),
    [
        ("kidney cancer in the left kidney", "kidney"),
        ("kidney cancer in both kidneys", "kidney"),
        ("retinal cancer in the eye", "retinoblastoma"),
        ("cervical cancer in the cervix", "cervical"),
        ("kidney cancer in a child", "kidney"),
        ("bone cancer in the leg", "bone"),
        ("skin cancer bcc on my neck", "skin-bcc"),
    ],
)
def test_a_place_within_the_same_organ_or_body_is_no_spread(typed: str, cancer: str) -> None:
    read_as = reading(typed)
    assert (read_as.cancer, read_as.stage) == (cancer, None)


@pytest.mark.parametrize(
    ("typed", "site"),
    [
        ("squamous cell carcinoma of the lung", "lung cancer"),  # a kind, started there
        ("squamous cell carcinoma in the lung", "lung cancer"),
        ("melanoma of the eye", "melanoma"),
        ("lymphoma in the bone", "lymphoma"),
    ],
)
def test_a_kind_of_cancer_in_a_place_started_there(typed: str, site: str) -> None:
    read_as = reading(typed)
    assert (read_as.cancer, read_as.site, read_as.stage) == (None, site, None)


@pytest.mark.parametrize(("typed", "cancer", "site"), SPREAD_THERE[:6] + SPREAD_THERE[15:20])
def test_the_cli_reads_a_cancer_that_spread_there(
    typed: str, cancer: str | None, site: str | None
) -> None:
    code, out, err = cli(typed, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["answers"]["stage"] == "spread"
    assert data["cancer_type"] == cancer
    if cancer is None:
        assert data["verdict"] == "not_covered"
    else:
        assert data["verdict"] == "not_typically_considered"


@pytest.mark.parametrize(("typed", "cancer"), FOUND_THERE[:4])
def test_the_cli_asks_the_stage_of_a_cancer_found_nearby(typed: str, cancer: str) -> None:
    code, out, err = cli(typed)
    assert (code, out) == (2, "")
    assert "found in the" in err
    assert "locally advanced or spread" in err


# --- 2. two cancers joined ------------------------------------------------------------------

JOINERS = ["and", "&", "plus", "with", "or", "as well as", ","]
PAIRS = [
    ("bcc", "scc"),
    ("scc", "bcc"),
    ("kidney cancer", "melanoma"),
    ("melanoma", "kidney cancer"),
    ("kidney cancer", "lung cancer"),
    ("lung cancer", "kidney cancer"),
    ("prostate cancer", "bcc"),
    ("liver cancer", "kidney cancer"),
    ("basal cell carcinoma", "squamous cell carcinoma"),
    ("hepatoma", "lymphoma"),
    ("cervical cancer", "breast cancer"),
]


@pytest.mark.parametrize(
    ("first", "joiner", "second"),
    [(a, j, b) for (a, b) in PAIRS for j in JOINERS],
)
def test_two_cancers_joined_are_asked_about(first: str, joiner: str, second: str) -> None:
    text = f"{first}, {second}" if joiner == "," else f"{first} {joiner} {second}"
    question = asked(text)
    assert question.kind == TWO_TYPES
    assert "more than one" in question.message


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (a, b)
        for a, b in itertools.permutations(
            ["kidney cancer", "liver cancer", "prostate cancer", "bone cancer", "bcc", "skin scc"],
            2,
        )
    ],
)
def test_no_two_covered_types_joined_read_as_one(one: str, other: str) -> None:
    for joiner in ("and", "with", "plus", "&"):
        assert asked(f"{one} {joiner} {other}").kind == TWO_TYPES


@pytest.mark.parametrize(
    "typed",
    ["kidney squamous cell carcinoma", "squamous cell carcinoma of the kidney", "liver bcc"],
)
def test_a_kind_the_documents_do_not_put_in_that_place_is_asked(typed: str) -> None:
    assert asked(typed).kind == TWO_TYPES


@pytest.mark.parametrize(
    ("typed", "site"),
    [
        ("bowel cancer and melanoma", "bowel cancer and melanoma"),
        ("bowel cancer with melanoma", "bowel cancer and melanoma"),
        ("lymphoma and melanoma", "lymphoma and melanoma"),
        ("breast and lung cancer", "breast cancer and lung cancer"),
    ],
)
def test_two_uncovered_cancers_are_both_named(typed: str, site: str) -> None:
    assert reading(typed).site == site


@pytest.mark.parametrize(
    ("typed", "cancer"),
    [
        ("skin cancer and bcc", "skin-bcc"),  # the same cancer named twice
        ("kidney and renal cancer", "kidney"),
        ("prostate cancer with bone mets", "prostate"),  # one cancer that spread
    ],
)
def test_one_cancer_said_twice_is_read(typed: str, cancer: str) -> None:
    assert reading(typed).cancer == cancer


@pytest.mark.parametrize(
    "typed", ["bcc and scc", "kidney cancer with melanoma", "kidney cancer plus lung cancer"]
)
def test_the_cli_asks_which_of_two_cancers(typed: str) -> None:
    code, out, err = cli(typed, "--stage", "early")
    assert (code, out) == (2, "")
    assert "more than one" in err


# --- 3. "in situ", in every phrasing --------------------------------------------------------

IN_SITU_CERVIX = both_spellings(
    [
        "carcinoma in situ of the cervix",
        "cervical carcinoma in situ",
        "cervical cancer in situ",
        "cancer of the cervix in situ",
        "in situ cervical cancer",
        "cervical CIS",
        "CIS of the cervix",
        "stage 0 cervical cancer",
        "cervical cancer stage 0",
        "cervical cancer, stage zero",
        "non-invasive cervical cancer",
        "pre-invasive cervical cancer",
        "cervical intraepithelial carcinoma",
        "in situ tumour of the cervix",
        # the glandular precancer: never cervical cancer
        "adenocarcinoma in situ",
        "AIS",
        "cervical AIS",
        "AIS of the cervix",
        "adenocarcinoma in situ of the cervix",
        "cervical adenocarcinoma in situ",
    ]
)


@pytest.mark.parametrize("typed", IN_SITU_CERVIX)
def test_in_situ_of_the_cervix_always_asks_cancer_or_precancer(typed: str) -> None:
    question = asked(typed)
    assert (question.kind, question.choices) == (AMBIGUOUS, CERVIX)


@pytest.mark.parametrize(
    "typed",
    [
        "skin scc in situ",
        "squamous cell carcinoma in situ of the skin",
        "in situ skin cancer",
        "skin cancer in situ",
        "skin cancer stage 0",
        "bowen's disease",
        "Bowen disease skin cancer",
        "non invasive skin cancer",
    ],
)
def test_in_situ_of_the_skin_always_asks_cancer_or_precancer(typed: str) -> None:
    question = asked(typed)
    assert (question.kind, question.choices) == (AMBIGUOUS, SKIN_IN_SITU)


@pytest.mark.parametrize(
    ("typed", "choices"),
    [
        ("stage 0 kidney cancer", ("kidney",)),
        ("kidney carcinoma in situ", ("kidney",)),
        ("carcinoma in situ", ("cervical", "cervical-precancer", "skin-precancer", "skin-scc")),
        ("stage 0", ("cervical", "cervical-precancer", "skin-precancer", "skin-scc")),
    ],
)
def test_in_situ_elsewhere_is_asked_never_read(typed: str, choices: tuple[str, ...]) -> None:
    question = asked(typed)
    assert (question.kind, question.choices) == (AMBIGUOUS, choices)


@pytest.mark.parametrize(
    ("typed", "cancer", "site"),
    [
        ("CGIN", "cervical-precancer", None),
        ("cervical glandular intraepithelial neoplasia", "cervical-precancer", None),
        ("CIN3", "cervical-precancer", None),
        ("DCIS", None, "ductal carcinoma in situ (breast)"),
        ("ductal carcinoma in situ", None, "ductal carcinoma in situ (breast)"),
        ("non invasive bladder cancer", None, "bladder cancer"),
    ],
)
def test_named_in_situ_conditions_are_read(
    typed: str, cancer: str | None, site: str | None
) -> None:
    read_as = reading(typed)
    assert (read_as.cancer, read_as.site) == (cancer, site)


@pytest.mark.parametrize("typed", [*IN_SITU_CERVIX[:6], "AIS", "cervical cancer stage 0"])
def test_the_cli_never_reads_in_situ_as_cervical_cancer(typed: str) -> None:
    code, out, err = cli(typed, "--stage", "early")
    assert (code, out) == (2, "")
    assert "may be a cancer or a precancerous condition" in err


# --- 4. "cervical" meaning the neck; lay names ----------------------------------------------

NECK = both_spellings(
    [
        "cervical lymph nodes",
        "cervical lymph node cancer",
        "cancer in the cervical lymph nodes",
        "cervical lymph glands",
        "cervical nodes",
        "cervical spine",
        "cervical spine tumour",
        "cancer of the cervical spine",
        "tumour in the cervical vertebrae",
        "cervical vertebra cancer",
        "cervical spinal cord tumour",
        "cervical disc",
        "cervical rib",
    ]
)


@pytest.mark.parametrize("typed", NECK)
def test_cervical_before_a_part_of_the_neck_is_the_neck(typed: str) -> None:
    question = asked(typed)
    assert (question.kind, question.choices) == (OTHER_SENSE, ())
    assert "means the neck, not the cervix" in question.message


@pytest.mark.parametrize(
    "typed",
    [
        "prostate cancer spread to the cervical spine",
        "kidney cancer that has spread to the cervical lymph nodes",
        "kidney cancer with cervical lymph node mets",
    ],
)
def test_the_neck_can_be_where_a_cancer_spread_to(typed: str) -> None:
    read_as = reading(typed)
    assert read_as.stage == "spread"
    assert read_as.cancer in ("prostate", "kidney")


@pytest.mark.parametrize(
    "typed", ["cervical spine metastases", "cervical lymph node mets", "neck cancer"]
)
def test_the_neck_alone_is_never_the_cervix(typed: str) -> None:
    question = asked(typed)
    assert not set(question.choices) & set(CERVIX)
    assert question.kind in (SPREAD_ELSEWHERE, OTHER_SENSE, "no-type")


@pytest.mark.parametrize(
    ("typed", "cancer"),
    [
        ("cancer of the neck of the womb", "cervical"),
        ("neck of the womb cancer", "cervical"),
        ("neck of womb cancer", "cervical"),
        ("womb neck cancer", "cervical"),
        ("precancerous cells in the neck of the womb", "cervical-precancer"),
        ("abnormal cells on the neck of the womb", "cervical-precancer"),
        ("prostate gland cancer", "prostate"),
        ("cancer of the prostate gland", "prostate"),
        ("skin cancer bcc on my neck", "skin-bcc"),
    ],
)
def test_lay_names_of_the_listed_organs_are_read(typed: str, cancer: str) -> None:
    assert reading(typed).cancer == cancer


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("back passage cancer", "not-understood"),  # the rectum or anus: not a listed organ
        ("cancer in my neck", "no-type"),
        ("lump in the neck", GROWTH),
    ],
)
def test_lay_words_that_are_not_a_listed_organ_are_not_guessed(typed: str, kind: str) -> None:
    question = asked(typed)
    assert question.kind == kind
    assert not set(question.choices) & set(CERVIX)


@pytest.mark.parametrize("typed", ["cervical lymph nodes", "cervical spine tumor", "neck cancer"])
def test_the_cli_never_reads_the_neck_as_the_cervix(typed: str) -> None:
    code, out, err = cli(typed, "--stage", "early")
    assert (code, out) == (2, "")
    assert "Cervical cancer" not in err


# --- 5. near-name suggestions ---------------------------------------------------------------

ROOTED = [
    ("nephroblastoma", "kidney", "nephr"),
    ("Nephroblastoma", "kidney", "nephr"),
    ("hypernephroma", "kidney", "nephr"),
    ("nephroma", "kidney", "nephr"),
    ("hepatoblastoma", "liver", "hepat"),
    ("hepatocarcinoma", "liver", "hepat"),
    ("osteoblastoma", "bone", "osteo"),
    ("osteochondroma", "bone", "osteo"),
    ("retinocytoma", "retinoblastoma", "retin"),
    ("prostatoma", "prostate", "prostat"),
]


@pytest.mark.parametrize(("typed", "cancer", "root"), ROOTED)
def test_a_word_built_on_a_covered_organ_is_never_steered_elsewhere(
    typed: str, cancer: str, root: str
) -> None:
    question = asked(typed)
    assert (question.kind, question.choices) == (TYPO, (cancer,))
    assert f"'{root}-'" in str(question.fix)
    for elsewhere in ("neuroblastoma", "lymphoma", "melanoma", "myeloma"):
        assert elsewhere not in str(question.fix)


@pytest.mark.parametrize(
    ("typed", "hint"),
    [("retinoblastma", "retinoblastoma"), ("hepatocelular", "hepatocellular")],
)
def test_a_typo_of_the_organs_own_name_is_still_suggested(typed: str, hint: str) -> None:
    assert f"did you mean '{hint}'?" in str(asked(typed).fix)


@pytest.mark.parametrize(("typed", "cancer", "root"), ROOTED[:5])
def test_the_cli_never_suggests_an_uncovered_cancer_for_a_covered_organ(
    typed: str, cancer: str, root: str
) -> None:
    code, out, err = cli(typed)
    assert (code, out) == (2, "")
    assert f"'{root}-'" in err
    assert "neuroblastoma" not in err


# --- 6. words that can name a benign growth -------------------------------------------------

PLACES = {
    "kidney": ("kidney",),
    "renal": ("kidney",),
    "liver": ("liver",),
    "hepatic": ("liver",),
    "bone": ("bone",),
    "prostate": ("prostate",),
    "retina": ("retinoblastoma",),
    "cervix": CERVIX,
}
GROWTHS = ["tumour", "tumor", "tumours", "mass", "masses", "lesion", "lesions", "growth"]
GROWTHS += ["neoplasm", "nodule", "nodules", "cyst", "lump", "swelling"]
FORMS = ["{p} {g}", "{g} of the {p}", "{g} in the {p}", "my mum's {p} {g}", "small {p} {g}"]


@pytest.mark.parametrize(
    ("typed", "choices"),
    [
        (form.format(p=place, g=growth), ids)
        for place, ids in PLACES.items()
        for growth in GROWTHS
        for form in FORMS
    ],
)
def test_a_growth_word_alone_asks_whether_it_is_a_cancer(
    typed: str, choices: tuple[str, ...]
) -> None:
    question = asked(typed)
    assert (question.kind, question.choices) == (GROWTH, choices)
    assert "does not say whether it is a cancer" in question.message


@pytest.mark.parametrize(
    "typed",
    both_spellings(
        ["breast lump", "lung nodule", "brain tumour", "tumour", "a mass", "bowel growth"]
    ),
)
def test_a_growth_in_an_uncovered_place_is_asked_too(typed: str) -> None:
    assert asked(typed).kind == GROWTH


@pytest.mark.parametrize(
    ("typed", "cancer", "stage"),
    [
        (text, cancer, stage)
        for text, cancer, stage in [
            ("malignant kidney tumour", "kidney", None),
            ("cancerous kidney tumour", "kidney", None),
            ("kidney cancer tumour", "kidney", None),
            ("metastatic kidney tumour", "kidney", "spread"),
            ("kidney tumour that has spread to the lung", "kidney", "spread"),
            ("renal cell carcinoma mass", "kidney", None),
            ("hepatoma lesion", "liver", None),
            ("malignant liver lesion", "liver", None),
            ("osteosarcoma tumour", "bone", None),
            ("retinoblastoma tumour", "retinoblastoma", None),
            ("bcc lesion", "skin-bcc", None),
            ("precancerous skin lesion", "skin-precancer", None),
            ("CIN3 lesion", "cervical-precancer", None),
            ("neuroendocrine tumour", None, None),
        ]
    ]
    + [
        ("malignant kidney tumor", "kidney", None),
        ("osteosarcoma tumor", "bone", None),
    ],
)
def test_a_growth_with_a_word_for_cancer_is_read(
    typed: str, cancer: str | None, stage: str | None
) -> None:
    read_as = reading(typed)
    assert (read_as.cancer, read_as.stage) == (cancer, stage)


@pytest.mark.parametrize(
    "typed",
    both_spellings(
        [
            "benign kidney tumour",
            "non-cancerous liver mass",
            "noncancerous bone tumour",
            "benign prostate growth",
            "kidney tumour, not cancer",
            "non-malignant skin lesion",
        ]
    ),
)
def test_a_growth_said_to_be_benign_is_not_read(typed: str) -> None:
    question = asked(typed)
    assert (question.kind, question.choices) == (NOT_CANCER, ())


@pytest.mark.parametrize("typed", both_spellings(["kidney tumour", "renal mass", "kidney lesion"]))
def test_the_cli_never_gives_a_verdict_for_a_kidney_tumour(typed: str) -> None:
    code, out, err = cli(typed, "--stage", "early", "--size", "3cm", "--fit-for-surgery", "no")
    assert (code, out) == (2, "")
    assert "does not say whether it is a cancer" in err
    code, out, err = cli(
        typed.replace("kidney", "malignant kidney").replace("renal", "renal cancer"),
        "--stage",
        "early",
        "--size",
        "3cm",
        "--fit-for-surgery",
        "no",
    )
    assert code == 0, err
    assert "commonly considered" in out


# --- 7. one reader of numbered stages -------------------------------------------------------

NUMBERED_ALONE = ["1", "I", "2", "II", "3", "III", "4", "IV", "4b", "IVb", "IIIa", "1a"]
NUMBERED = ["stage 1", "Stage I", "stage one", "stage 1a", "Stage IA", "stage1", "STAGE 2"]
NUMBERED += ["stage IIb", "stage three", "stage 3c", "stage 4", "Stage IV", "stage IVb", "stage4"]
NUMBERED += ["stage four", "stage-4"]
WHY = "the documents give no numbered stages"


@pytest.mark.parametrize("raw", NUMBERED + NUMBERED_ALONE)
def test_stage_option_refuses_a_numbered_stage_with_why(raw: str) -> None:
    result = invoke("check", "-c", "kidney", "--stage", raw, "--no-input")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("cryo-check: error: --stage: ")
    assert WHY in result.stderr


@pytest.mark.parametrize("raw", NUMBERED)
@pytest.mark.parametrize("form", ["{s} kidney cancer", "kidney cancer, {s}", "kidney cancer {s}"])
def test_a_numbered_stage_in_a_name_is_asked_with_the_same_why(raw: str, form: str) -> None:
    question = asked(form.format(s=raw))
    assert (question.kind, question.cancer, question.choices) == (STAGE_UNCLEAR, "kidney", STAGES)
    assert WHY in question.message
    code, out, err = cli(form.format(s=raw))
    assert (code, out) == (2, "")
    assert WHY in err


@pytest.mark.parametrize("raw", ["IV", "stage 4", "Stage IIIa", "1"])
def test_an_answer_file_refuses_a_numbered_stage(tmp_path: Path, raw: str) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(f"cancer: kidney\nstage: '{raw}'\n", encoding="utf-8")
    result = invoke("check", "--answers", str(path), "--no-input")
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"{path}:2: stage: " in result.stderr
    assert WHY in result.stderr


@pytest.mark.parametrize("raw", ["IV", "stage 4", "Stage IIIa", "1"])
def test_a_batch_cell_refuses_a_numbered_stage(tmp_path: Path, raw: str) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(f"cancer,stage\nkidney,{raw}\nkidney,early\n", encoding="utf-8")
    result = invoke("batch", str(path))
    assert f"{path}:2: stage: " in result.stderr
    assert WHY in result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    # Every row kept, in order: the refused one with its reason, never a verdict.
    assert [(row["stage"], row["verdict"]) for row in rows] == [
        (raw, None),
        ("early", "insufficient_information"),
    ]
    assert WHY in rows[0]["error"]


@pytest.mark.parametrize("raw", ["0", "stage 0", "Stage zero"])
def test_stage_0_is_refused_as_carcinoma_in_situ(raw: str) -> None:
    result = invoke("check", "-c", "kidney", "--stage", raw, "--no-input")
    assert result.exit_code == 2
    assert "carcinoma in situ" in result.stderr


def stage_phrases() -> list[str]:
    data = yaml.safe_load(
        (Path(__file__).resolve().parent.parent / "rules" / "questions.yaml").read_text()
    )
    stage = next(q for q in data["questions"] if q["id"] == "stage")
    phrases = [a for c in stage["choices"] for a in (c["value"], *c.get("aliases", []))]
    return phrases + [a for u in stage["unclear"] for a in u["answers"]]


@pytest.mark.parametrize("phrase", stage_phrases())
def test_every_stage_word_reads_the_same_as_an_option_and_in_a_name(phrase: str) -> None:
    """The law: --stage (and so answer files and batch cells) and a name agree."""
    question = shipped_rules().question("stage")
    try:
        as_option: str | Unclear | None = str(question.parse(phrase))
    except AnswerError:
        as_option = None  # refused, with why
    in_name = read(f"kidney cancer {phrase}")
    if as_option is None:
        assert isinstance(in_name, NameQuestion)
        assert in_name.kind in (STAGE_UNCLEAR, AMBIGUOUS)  # stage 0: carcinoma in situ
    else:
        assert isinstance(in_name, NameReading)
        assert in_name.stage == as_option


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("stage ivb", "stage iv"),
        ("stage4", "stage 4"),
        ("stage 3c", "stage 3"),
        ("stage ia2", "stage i"),
        ("stage iii", "stage iii"),
        ("stages", "stages"),
    ],
)
def test_one_fold_of_numbered_stages(text: str, folded: str) -> None:
    assert fold_numbered(text, "stage") == folded


def doc_examples() -> list[tuple[str, str, bool]]:
    """(document, typed, asked?) for each name in the example tables of docs/names.md and the
    user guide's "How names and stage words are read"."""
    root = Path(__file__).resolve().parent.parent
    tables = [
        ("docs/names.md", "## Examples", None),
        ("docs/user-guide.md", "## How names and stage words are read", "## Answer files"),
    ]
    found = []
    for name, start, end in tables:
        text = (root / name).read_text(encoding="utf-8").split(start, 1)[1]
        text = text.split(end, 1)[0] if end else text
        rows = [line.split(" | ") for line in text.splitlines() if line.startswith("| `")]
        found += [
            (name, typed, outcome.startswith("asked"))
            for cell, outcome, *_ in rows
            for typed in re.findall(r"`([^`]+)`", cell)
        ]
    return found


@pytest.mark.parametrize(("doc", "typed", "is_asked"), doc_examples())
def test_the_docs_examples_are_real(doc: str, typed: str, is_asked: bool) -> None:
    assert isinstance(read(typed), NameQuestion) == is_asked, doc


# --- laws -----------------------------------------------------------------------------------

#: Every name a rule file gives a covered type, with its type.
ALIASES = sorted(VOCAB.exact.items())


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(ALIASES),
    st.sampled_from(["and", "&", "plus", "with", "or", "as well as"]),
    st.sampled_from(ALIASES),
)
def test_two_covered_names_joined_never_read_as_one_of_two_types(
    first: tuple[str, str], joiner: str, second: tuple[str, str]
) -> None:
    found = read(f"{first[0]} {joiner} {second[0]}")
    if isinstance(found, NameReading):
        assert found.cancer == first[1] == second[1]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ALIASES), st.sampled_from(sorted(VOCAB.growth_words)))
def test_a_growth_word_never_makes_a_verdict_more_certain(
    alias: tuple[str, str], growth: str
) -> None:
    """Adding a growth word to a name reads as the name did, or asks: it never reads a type
    the name alone did not."""
    alone, grown = read(alias[0]), read(f"{alias[0]} {growth}")
    if isinstance(grown, NameReading):
        assert isinstance(alone, NameReading)
        assert grown.cancer == alone.cancer
