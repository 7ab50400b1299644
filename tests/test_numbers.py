"""One number reader for every route a number takes in (issue: hostile input, round three).

The law, for every route (a size option, an answer file in YAML and in JSON, a batch cell of
CSV, JSON Lines and YAML, a rule file's threshold): the number read equals the literal as
written, exactly, or the answer is refused. Never rounded, never a double, never a crash.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cryo_check.commands.answerfile import read_answers
from cryo_check.commands.batch import run_batch
from cryo_check.core import numbers
from cryo_check.core.case import read
from cryo_check.core.ruleset import RuleSet
from cryo_check.errors import AnswerError, InputError
from cryo_check.rulebook.loader import shipped_rules
from cryo_check.rulebook.validation import check_rules

from .conftest import RULES_DIR, SIZE_FIX, invoke


@st.composite
def literals(draw: st.DrawFn) -> str:
    """Decimal literals of every shape: signs, leading and trailing zeros, long runs of
    digits (past 12 and past 28), points at either end, exponents large and small."""
    sign = draw(st.sampled_from(["", "", "-", "+"]))
    digits = st.text("0123456789", max_size=32)
    whole = draw(st.one_of(digits, st.sampled_from(["3", "39", "0", "00", "4"])))
    fraction = draw(st.one_of(st.none(), digits, st.just("9" * 30)))
    text = sign + whole + ("" if fraction is None else "." + fraction)
    if not any(c.isdigit() for c in text):
        text += "0"  # no digit at all is no answer (unknown), on every route
    if draw(st.booleans()):
        text += draw(st.sampled_from(["e", "E"])) + str(draw(st.integers(-420, 420)))
    return text


def exact(literal: str) -> Decimal | None:
    """What ``literal`` means, by Python's own exact reading; None if it is not a number."""
    try:
        return Decimal(literal)
    except ArithmeticError:
        return None


# --- the reader itself ---------------------------------------------------------------------


def in_bounds(value: Decimal) -> bool:
    """Whether ``value`` is within the documented precision and range (by its digits)."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    significant = "".join(map(str, digits)).lstrip("0")
    stripped = significant.rstrip("0")
    exponent += len(significant) - len(stripped)
    return not stripped or (
        len(stripped) <= numbers.MAX_SIGNIFICANT_DIGITS
        and len(stripped) + exponent <= numbers.MAX_PLACES
        and -exponent <= numbers.MAX_PLACES
    )


@settings(max_examples=1000, deadline=None)
@given(literal=literals())
def test_the_reader_reads_the_literal_exactly_or_refuses_it(literal: str) -> None:
    meant = exact(literal)
    try:
        read = numbers.read(literal)
    except numbers.NumberError:
        assert meant is None or len(literal) > numbers.MAX_CHARS or not in_bounds(meant)
        return
    assert meant is not None
    assert read == meant
    assert in_bounds(read)
    # Whole numbers are kept whole (40, never 4E+1).
    assert read != read.to_integral_value() or read.as_tuple().exponent == 0


@pytest.mark.parametrize(
    ("literal", "kind"),
    [
        ("3.99999999999999999999999999999", numbers.DIGITS),  # 30 digits: past Decimal's 28
        ("39.99999999999", numbers.DIGITS),
        ("1e400", numbers.LARGE),
        ("1e-400", numbers.SMALL),
        ("0.0000000000001", numbers.SMALL),
        ("1e99999", numbers.FORM),  # an exponent of five digits is not read at all
        ("NaN", numbers.NOT_FINITE),
        ("-Infinity", numbers.NOT_FINITE),
        (".inf", numbers.NOT_FINITE),
        ("0x4", numbers.FORM),
        ("1_000", numbers.FORM),
        ("\u0663", numbers.FORM),  # ARABIC-INDIC DIGIT THREE: Decimal() reads it, we do not
        ("1" * 41, numbers.LONG),
    ],
)
def test_refused_literals_say_why(literal: str, kind: str) -> None:
    with pytest.raises(numbers.NumberError) as caught:
        numbers.read(literal)
    assert caught.value.kind == kind


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        ("3.5", "3.5"),
        ("35e-1", "3.5"),
        ("0.35E1", "3.5"),
        ("40", "40"),
        ("4e1", "40"),
        ("-0", "0"),
        ("0e999", "0"),
        ("000003.500000", "3.5"),
        ("3.", "3"),
        (".5", "0.5"),
        ("99.9999999999", "99.9999999999"),
    ],
)
def test_accepted_literals_are_read_exactly(literal: str, value: str) -> None:
    assert str(numbers.read(literal)) == value


# --- every route -----------------------------------------------------------------------------

Route = Callable[[RuleSet, Path, str], Decimal | None]
"""Gives ``literal`` as a size by one route; the size read in cm, or None if refused."""


def by_option(rules: RuleSet, tmp: Path, literal: str) -> Decimal | None:
    # What --size and the prompt do with the text: questions.parse (the CLI is tested below).
    try:
        value = rules.parse("size", literal)
    except AnswerError:
        return None
    assert isinstance(value, Decimal)
    return value


def by_answer_file(suffix: str, template: str) -> Route:
    def route(rules: RuleSet, tmp: Path, literal: str) -> Decimal | None:
        path = tmp / f"case{suffix}"
        path.write_text(template.format(literal), encoding="utf-8")
        try:
            answers = read(rules, read_answers(str(path), rules))[0]
        except InputError:
            return None
        value = answers["size"]
        assert isinstance(value, Decimal)
        return value

    return route


def by_batch(name: str, template: str) -> Route:
    def route(rules: RuleSet, tmp: Path, literal: str) -> Decimal | None:
        out, err = io.StringIO(), io.StringIO()
        text = template.format(literal)
        try:
            run_batch(rules, io.StringIO(text), name, None, "jsonl", strict=True, out=out, err=err)
        except InputError:
            return None
        [row] = [json.loads(line) for line in out.getvalue().splitlines()]
        shown = Decimal(row["size"].removesuffix(" cm"))
        # The JSON number is a double that holds the size digit for digit.
        assert Decimal(repr(row["size_cm"])) == shown
        return shown

    return route


ROUTES = {
    "--size text": by_option,
    "answer file, YAML": by_answer_file(".yaml", "cancer: kidney\nsize: {}\n"),
    "answer file, YAML, tagged": by_answer_file(".yaml", "cancer: kidney\nsize: !!float {}\n"),
    "answer file, JSON": by_answer_file(".json", '{{"cancer": "kidney", "size": {}}}'),
    "batch, CSV": by_batch("rows.csv", "cancer,size\nkidney,{}\n"),
    "batch, JSON Lines": by_batch("rows.jsonl", '{{"cancer": "kidney", "size": {}}}\n'),
    "batch, YAML": by_batch("rows.yaml", "- cancer: kidney\n  size: {}\n"),
    "batch, YAML, tagged": by_batch("rows.yaml", "- cancer: kidney\n  size: !!float {}\n"),
}


@pytest.mark.parametrize("route", ROUTES.values(), ids=ROUTES.keys())
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(literal=literals())
def test_every_route_reads_a_size_as_written_or_refuses_it(
    tmp_path: Path, route: Route, literal: str
) -> None:
    read = route(shipped_rules(), tmp_path, literal)
    if read is not None:
        assert read == exact(literal)
        assert 0 < read < 100
        assert in_bounds(read)


def threshold_of(folder: Path, written: str) -> Decimal | None:
    """The kidney size threshold compiled from ``less_than: written``; None if the folder's
    check refuses that line."""
    kidney = folder / "kidney.yaml"
    text = (RULES_DIR / "kidney.yaml").read_text(encoding="utf-8")
    kidney.write_text(text.replace("less_than: 4cm", f"less_than: {written}"), encoding="utf-8")
    line = text[: text.index("less_than: 4cm")].count("\n") + 1
    checked = check_rules(folder)
    if any(p.file.endswith("kidney.yaml") and p.line == line for p in checked.problems):
        return None
    cancer = checked.rules.cancers.get("kidney")
    if cancer is None:
        return None
    [criterion] = [c for c in cancer.criteria if c.question == "size"]
    return criterion.test.threshold


@pytest.fixture(scope="module")
def rule_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("numbers") / "rules"
    shutil.copytree(RULES_DIR, folder)
    return folder


@pytest.mark.parametrize("template", ["{}", "{}cm", "!!float {}", '"{}"'])
@settings(max_examples=60, deadline=None)
@given(literal=literals())
def test_a_rule_threshold_is_read_as_written_or_refused(
    rule_folder: Path, template: str, literal: str
) -> None:
    threshold = threshold_of(rule_folder, template.format(literal))
    if threshold is not None:
        assert threshold == exact(literal)
        assert in_bounds(threshold)


# --- the reported cases, through the real command line ----------------------------------------

CASES = [
    # More digits than Decimal's default context keeps: was read as 4 by normalize().
    (["--size", "3.99999999999999999999999999999"], "has 30 significant digits"),
    (["--size", "3.9999999999999999999999999999999999cm"], "has 35 significant digits"),
]


@pytest.mark.parametrize(("args", "message"), CASES)
def test_a_size_past_the_precision_is_refused_by_its_option(args: list[str], message: str) -> None:
    result = invoke("check", "--cancer", "kidney", *args, "--format", "json")
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "a.json",
            '{"cancer": "kidney", "size": 3.99999999999999999999999999999}',
            "a.json:1: size: '3.99999999999999999999999999999' has 30 significant digits: "
            "more than a tumour size is measured to (at most 12) (round it, e.g. 3.5cm)",
        ),
        (
            "a.json",
            '{"cancer": "kidney", "size": 1e999999999}',
            f"a.json:1: size: '1e999999999' is not a tumour size ({SIZE_FIX})",
        ),
        (
            "a.json",
            '{"cancer": "kidney", "size": 1e-400}',
            "a.json:1: size: '1e-400' has more than 12 digits after the point: finer than a "
            "tumour size is measured (round it, e.g. 3.5cm)",
        ),
        (
            "a.json",
            '{"cancer": "kidney", "size": NaN}',
            f"a.json:1: size: 'NaN' is not a finite number ({SIZE_FIX})",
        ),
        (
            "a.yaml",
            "cancer: kidney\nsize: !!float 3.99999999999999999999\n",
            "a.yaml:2: size: '3.99999999999999999999' has 21 significant digits: more than a "
            "tumour size is measured to (at most 12) (round it, e.g. 3.5cm)",
        ),
        (
            "a.yaml",
            "cancer: kidney\nsize: !!float .inf\n",
            f"a.yaml:2: size: '.inf' is not a finite number ({SIZE_FIX})",
        ),
    ],
)
def test_a_number_past_the_reader_in_an_answer_file_is_one_located_line(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = invoke("check", "--answers", str(tmp_path / name), "--format", "json")
    assert result.exit_code == 2
    assert result.stderr == f"cryo-check: error: {tmp_path / message}\n"
    assert result.stdout == ""


def test_a_json_lines_exponent_is_one_bad_row_and_the_rows_after_it_are_written(
    tmp_path: Path,
) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text(
        '{"cancer": "kidney", "size": 3}\n'
        '{"cancer": "kidney", "size": 1e999999999}\n'
        '{"cancer": "kidney", "size": 1e-400}\n'
        '{"cancer": "kidney", "size": 5}\n',
        encoding="utf-8",
    )
    result = invoke("batch", str(rows), "--format", "jsonl")
    assert result.exit_code == 0
    written = [json.loads(line) for line in result.stdout.splitlines()]
    # every row kept in order; the two refused numbers give no verdict, only their reason
    assert [(row["line"], row["error"] is None) for row in written] == [
        (1, True),
        (2, False),
        (3, False),
        (4, True),
    ]
    assert [line.split(": ")[1] for line in result.stderr.splitlines()[:2]] == [
        f"{rows}:2",
        f"{rows}:3",
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        # Quoted, pydantic would have made a double of it (or, past the reader, crashed: 3).
        ('"1e30"', "the number '1e30' has more than 12 digits before the point"),
        (
            '"100.00000000000000000001"',
            "the number '100.00000000000000000001' has 23 significant digits (at most 12)",
        ),
        ("1.0e+30", "the number '1.0e+30' has more than 12 digits before the point"),
        ("!!float .inf", "'.inf' is read as the number"),
        ('"abc"', "the number 'abc' is not a number written in decimal digits"),
    ],
)
def test_a_range_end_of_a_rule_folder_is_read_by_the_one_reader(
    tmp_path: Path, written: str, message: str
) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    questions = folder / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    questions.write_text(text.replace("less_than: 100}", f"less_than: {written}}}"), "utf-8")
    line = text[: text.index("less_than: 100}")].count("\n") + 1
    result = invoke("rules", "validate", "--rules", str(folder))
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{questions}:{line}:")
    assert message in first
