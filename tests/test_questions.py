"""Answer parsing: the vocabulary every flag, prompt and file uses."""

from __future__ import annotations

import pytest

from cryo_check.errors import AnswerError
from cryo_check.questions import (
    check_cancer_text,
    normalize_name,
    parse_fitness,
    parse_size,
    parse_stage,
)


@pytest.mark.parametrize(
    ("raw", "cm"),
    [
        ("3", 3.0),
        ("3cm", 3.0),
        ("3 cm", 3.0),
        ("3.5CM", 3.5),
        (".5cm", 0.5),
        ("35mm", 3.5),
        ("35 millimetres", 3.5),
        ("1in", 2.54),
        ("1.5 inches", 3.81),
        ('2"', 5.08),
        ("4 centimeters", 4.0),
        (" 2.5 cm ", 2.5),
        (3, 3.0),
        (2.5, 2.5),
        ("unknown", None),
        ("Unknown", None),
    ],
)
def test_sizes(raw: str | float, cm: float | None) -> None:
    parsed = parse_size(raw)
    assert parsed == pytest.approx(cm) if cm is not None else parsed is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("-3cm", "size must be greater than zero, got '-3cm'"),
        ("0", "size must be greater than zero, got '0'"),
        ("0mm", "size must be greater than zero, got '0mm'"),
        ("nan", "'nan' is not a size"),
        ("inf", "'inf' is not a size"),
        ("1e400", "'1e400' is not a finite number"),
        ("100cm", "'100cm' (100 cm) is not a plausible tumour size"),
        ("2000mm", "'2000mm' (200 cm) is not a plausible tumour size"),
        ("50in", "'50in' (127 cm) is not a plausible tumour size"),
        ("big", "'big' is not a size"),
        ("3 km", "'3 km' is not a size"),
        ("3,5cm", "'3,5cm' is not a size"),
        ("", "'' is not a size"),
        (float("nan"), "'nan' is not a finite number"),
        (True, "True is not a size"),
    ],
)
def test_bad_sizes(raw: str | float, message: str) -> None:
    with pytest.raises(AnswerError) as caught:
        parse_size(raw)
    assert caught.value.message == message
    assert caught.value.fix


def test_a_comma_decimal_gets_a_specific_fix() -> None:
    with pytest.raises(AnswerError) as caught:
        parse_size("3,5cm")
    assert caught.value.fix == "use a decimal point, e.g. 3.5cm"


@pytest.mark.parametrize(
    ("raw", "stage"),
    [
        ("early", "early"),
        ("EARLY", "early"),
        ("early stage", "early"),
        ("locally-advanced", "locally-advanced"),
        ("Locally Advanced", "locally-advanced"),
        ("locally_advanced", "locally-advanced"),
        ("spread", "spread"),
        ("metastatic", "spread"),
        ("unknown", None),
    ],
)
def test_stages(raw: str, stage: str | None) -> None:
    assert parse_stage(raw) == stage


@pytest.mark.parametrize(
    ("raw", "fit"),
    [("yes", "yes"), ("Y", "yes"), ("no", "no"), ("NO", "no"), (False, "no"), ("unknown", None)],
)
def test_fitness(raw: str | bool, fit: str | None) -> None:
    assert parse_fitness(raw) == fit


def test_an_unknown_stage_suggests_the_nearest() -> None:
    with pytest.raises(AnswerError) as caught:
        parse_stage("erly")
    assert caught.value.message == "'erly' is not a valid answer"
    assert caught.value.fix == (
        "did you mean 'early'? choose one of: early, locally-advanced, spread, unknown"
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "the cancer type is empty"),
        ("   ", "the cancer type is empty"),
        ("kid\x00ney", "the cancer type contains control characters"),
        ("kidney\x1b[31m", "the cancer type contains control characters"),
        ("x" * 101, "the cancer type is too long (over 100 characters)"),
    ],
)
def test_bad_cancer_text(raw: str, message: str) -> None:
    with pytest.raises(AnswerError) as caught:
        check_cancer_text(raw)
    assert caught.value.message == message


def test_names_fold_case_spacing_hyphens_and_spelling() -> None:
    assert normalize_name("  Kidney_Tumor ") == normalize_name("kidney-tumour") == "kidney tumour"
