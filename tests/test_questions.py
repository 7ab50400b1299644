"""Questions as data: how answers to the shipped questions are read, exactly."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cryo_check.core.questions import Answers, check_cancer_text, format_number, normalize_name
from cryo_check.errors import AnswerError
from cryo_check.rulebook.loader import shipped_rules

QUESTIONS = shipped_rules().questions
SIZE_FIX = "give a number with cm, mm or in (a bare number is cm), e.g. 3.5cm or 35mm"


def parse_size(raw: object) -> object:
    return QUESTIONS["size"].parse(raw)


@pytest.mark.parametrize(
    ("raw", "cm"),
    [
        ("3", "3"),
        ("3cm", "3"),
        ("3 cm", "3"),
        ("3.5CM", "3.5"),
        (".5cm", "0.5"),
        ("35mm", "3.5"),
        ("35 millimetres", "3.5"),
        ("1in", "2.54"),
        ("1.5 inches", "3.81"),
        ('2"', "5.08"),
        ("4 centimeters", "4"),
        (" 2.5 cm ", "2.5"),
        ("3.9999999999", "3.9999999999"),
        ("39.9999999999mm", "3.99999999999"),
        (3, "3"),
        (2.5, "2.5"),
        (3.9999999999, "3.9999999999"),
        ("unknown", None),
        ("Unknown", None),
        ("not known", None),
        ("", None),
    ],
)
def test_sizes_are_read_exactly(raw: str | float, cm: str | None) -> None:
    assert parse_size(raw) == (None if cm is None else Decimal(cm))


@given(
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal("99.99"), places=11),
    st.sampled_from(["cm", "mm", "in"]),
)
def test_a_size_as_a_json_number_never_contradicts_its_status(size: Decimal, unit: str) -> None:
    """Every size accepted converts to a cm value that a double (JSON's number, for most
    readers) holds digit for digit: `size_cm` can never read as 4 for a size under 4 cm."""
    digits = len(size.normalize().as_tuple().digits)
    factor = {"cm": Decimal(1), "mm": Decimal("0.1"), "in": Decimal("2.54")}[unit]
    if digits > 12 or size * factor >= 100:
        with pytest.raises(AnswerError, match=r"significant digits|plausible"):
            parse_size(f"{size}{unit}")
        return
    value = parse_size(f"{size}{unit}")
    assert isinstance(value, Decimal)
    assert Decimal(repr(float(value))) == value


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("-3cm", "tumour size must be greater than 0, got '-3cm'"),
        ("0", "tumour size must be greater than 0, got '0'"),
        ("0mm", "tumour size must be greater than 0, got '0mm'"),
        ("nan", "'nan' is not a tumour size"),
        ("inf", "'inf' is not a tumour size"),
        ("1e400", "'1e400' is not a tumour size"),
        ("100cm", "'100cm' (100 cm) is not a plausible tumour size"),
        ("2000mm", "'2000mm' (200 cm) is not a plausible tumour size"),
        ("50in", "'50in' (127 cm) is not a plausible tumour size"),
        ("big", "'big' is not a tumour size"),
        ("3 km", "'km' is not a unit I know, in '3 km'"),
        ("3,5cm", "'3,5cm' is not a tumour size"),
        (float("nan"), "'nan' is not a finite number"),
        (float("inf"), "'inf' is not a finite number"),
        pytest.param(
            10**400, "a number of about 401 digits is not a plausible tumour size", id="400 digits"
        ),
        pytest.param(
            10**5000,
            "a number of about 5,001 digits is not a plausible tumour size",
            id="5000 digits",
        ),
        (1e300, "'1e+300' (over 100 cm) is not a plausible tumour size"),
        (True, "True is not a tumour size"),
        ([3], "[3] is not a tumour size"),
        ("3" + " " * 50_000 + "x", "the answer is too long (50,002 characters; at most 100)"),
        ("3" + " " * 50 + "cm", "'3" + " " * 50 + "cm' is too long to be a number"),
        (
            "3.99999999999999999999cm",
            "'3.99999999999999999999cm' has 21 significant digits: more than a tumour size is "
            "measured to (at most 12)",
        ),
        (
            Decimal("39.99999999999"),
            "'39.99999999999' has 13 significant digits: more than a tumour size is measured "
            "to (at most 12)",
        ),
    ],
)
def test_bad_sizes_are_refused_with_a_bounded_message(raw: object, message: str) -> None:
    with pytest.raises(AnswerError) as caught:
        parse_size(raw)
    assert caught.value.message == message
    assert caught.value.fix


@pytest.mark.parametrize(
    ("raw", "fix"),
    [
        ("3,5cm", "use a decimal point, e.g. 3.5"),
        ("3cm,", "give a number with cm"),
        ("3 cm, maybe 4", "give a number with cm"),
    ],
)
def test_a_comma_is_taken_for_a_decimal_comma_only_between_digits(raw: str, fix: str) -> None:
    with pytest.raises(AnswerError) as caught:
        parse_size(raw)
    assert caught.value.fix is not None
    assert caught.value.fix.startswith(fix)


def test_a_comma_decimal_gets_a_specific_fix() -> None:
    with pytest.raises(AnswerError) as caught:
        parse_size("3,5cm")
    assert caught.value.fix == "use a decimal point, e.g. 3.5"


@given(st.text(max_size=200))
def test_any_text_is_a_size_or_a_clear_refusal_in_bounded_time(text: str) -> None:
    started = time.perf_counter()
    outcome: object
    try:
        outcome = parse_size(text)
    except AnswerError as exc:
        outcome = exc
    if isinstance(outcome, AnswerError):
        assert 0 < len(outcome.message) < 200
    else:
        assert outcome is None or Decimal(0) < outcome < Decimal(100)  # type: ignore[operator]
    assert time.perf_counter() - started < 0.5


def test_a_size_is_shown_with_every_digit_it_was_given() -> None:
    size = QUESTIONS["size"]
    assert size.show(Decimal("3.9999999999")) == "3.9999999999 cm"
    assert size.show(Decimal("40")) == "40 cm"
    assert size.show(Decimal("2.50")) == "2.5 cm"
    assert format_number(Decimal("1E+1")) == "10"


@pytest.mark.parametrize(
    ("raw", "stage"),
    [
        ("early", "early"),
        ("EARLY", "early"),
        ("early stage", "early"),
        ("Early-Stage", "early"),
        ("locally-advanced", "locally-advanced"),
        ("Locally Advanced", "locally-advanced"),
        ("locally_advanced", "locally-advanced"),
        ("spread", "spread"),
        ("has spread", "spread"),
        ("metastatic", "spread"),
        ("Metastases", "spread"),
        ("mets", "spread"),
        ("secondary", "spread"),
        ("unknown", None),
        ("don\u2019t know", None),
    ],
)
def test_stages(raw: str, stage: str | None) -> None:
    assert QUESTIONS["stage"].parse(raw) == stage


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("stage 2", "the documents give no numbered stages"),
        ("Stage III", "the documents give no numbered stages"),
        ("localised", 'the documents do not define "early stage"'),
        ("advanced", "it could mean locally advanced or spread"),
    ],
)
def test_stage_words_the_documents_do_not_define_are_asked_not_guessed(raw: str, why: str) -> None:
    with pytest.raises(AnswerError) as caught:
        QUESTIONS["stage"].parse(raw)
    assert caught.value.message.startswith(f"{raw!r} is unclear: ")
    assert why in caught.value.message
    assert caught.value.fix == "choose one of: early, locally-advanced, spread, unknown"


@pytest.mark.parametrize(
    ("raw", "fit"),
    [("yes", "yes"), ("Y", "yes"), ("no", "no"), ("NO", "no"), (False, "no"), ("unknown", None)],
)
def test_fitness(raw: str | bool, fit: str | None) -> None:
    assert QUESTIONS["fit_for_surgery"].parse(raw) == fit


def test_an_unknown_stage_suggests_the_nearest() -> None:
    with pytest.raises(AnswerError) as caught:
        QUESTIONS["stage"].parse("erly")
    assert caught.value.message == "'erly' is not a valid answer"
    assert caught.value.fix == (
        "did you mean 'early'? choose one of: early, locally-advanced, spread, unknown"
    )


def test_answers_are_a_mapping_keyed_by_question_id() -> None:
    answers = Answers({"cancer": "kidney", "stage": "early", "size": None})
    assert dict(answers) == {"cancer": "kidney", "stage": "early"}
    assert answers.cancer == "kidney"
    assert answers.with_answer("stage", None) == Answers({"cancer": "kidney"})
    assert hash(answers) == hash(Answers({"stage": "early", "cancer": "kidney"}))
    assert "size" not in answers


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
