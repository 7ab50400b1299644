"""Answer files: ``check --answers FILE`` and ``--save-answers FILE`` through the real Typer app,
and ``read_answers`` / ``save_answers`` on their own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cryo_check.commands.answerfile import HEADER, read_answers, save_answers
from cryo_check.core.case import read
from cryo_check.core.questions import Answers
from cryo_check.errors import InputError
from cryo_check.rulebook.loader import shipped_rules

from .conftest import LATE, SIZE_FIX, answers_to, invoke

QUESTION_IDS = "use the question ids: cancer, stage, size, fit_for_surgery"

KIDNEY_YAML = "cancer: kidney\nstage: early\nsize: 3cm\nfit_for_surgery: no\n"
KIDNEY_ANSWERS = {"cancer": "kidney", "stage": "early", "size": "3 cm", "fit_for_surgery": "no"}


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Relative file names, so that every message naming a file can be asserted exactly.
    monkeypatch.chdir(tmp_path)


def write(name: str, text: str) -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name


def check_json(*args: str) -> dict[str, Any]:
    result = invoke("check", *args, "--format", "json", "--no-input")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def decided(data: dict[str, Any]) -> tuple[str, str | None, dict[str, Any], list[str]]:
    return data["verdict"], data["cancer_type"], data["answers"], data["missing"]


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (hidden ones too) and its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# ---------------------------------------------------------------------------------------------
# Reading answers


@pytest.mark.parametrize(
    ("name", "text", "verdict", "answers"),
    [
        pytest.param(
            "case.yaml",
            KIDNEY_YAML,
            "commonly_considered",
            KIDNEY_ANSWERS,
            id="yaml-bare-no-is-the-answer-no",
        ),
        pytest.param(
            "case.yml",
            "# a shared case\ncancer: renal\nstage: early\nsize: 20mm\nfit_for_surgery: yes\n",
            "may_be_considered",
            {"cancer": "renal", "stage": "early", "size": "2 cm", "fit_for_surgery": "yes"},
            id="yaml-bare-yes",
        ),
        pytest.param(
            "case.json",
            '{"cancer": "kidney", "stage": "early", "size": "3cm", "fit_for_surgery": "no"}',
            "commonly_considered",
            KIDNEY_ANSWERS,
            id="json",
        ),
        pytest.param(
            "case.json",
            '{"cancer": "kidney", "stage": "early", "size": 5, "fit_for_surgery": false}',
            "not_typically_considered",
            {"cancer": "kidney", "stage": "early", "size": "5 cm", "fit_for_surgery": "no"},
            id="json-number-and-boolean",
        ),
        pytest.param(
            "case.yaml",
            "cancer: lung\n",
            "not_covered",
            {"cancer": "lung", "stage": None, "size": None, "fit_for_surgery": None},
            id="not-covered",
        ),
    ],
)
def test_answers_from_a_file(
    name: str, text: str, verdict: str, answers: dict[str, str | None]
) -> None:
    data = check_json("--answers", write(name, text))
    assert (data["verdict"], data["answers"]) == (verdict, answers)


def test_an_answers_file_gives_the_same_result_as_the_options() -> None:
    from_file = check_json("--answers", write("case.yaml", KIDNEY_YAML))
    from_options = check_json(
        "-c", "kidney", "-s", "early", "--size", "3cm", "--fit-for-surgery", "no"
    )
    assert from_file == from_options
    assert decided(from_file) == ("commonly_considered", "kidney", KIDNEY_ANSWERS, [])


@pytest.mark.parametrize(
    ("options", "verdict", "changed", "missing"),
    [
        pytest.param(
            ("--size", "5cm"), "not_typically_considered", {"size": "5 cm"}, [], id="size"
        ),
        pytest.param(
            ("--fit-for-surgery", "yes"),
            "may_be_considered",
            {"fit_for_surgery": "yes"},
            [],
            id="fitness",
        ),
        pytest.param(("--cancer", "lung"), "not_covered", {"cancer": "lung"}, [], id="cancer"),
        pytest.param(
            ("--size", "unknown"),
            "insufficient_information",
            {"size": None},
            ["size"],
            id="unknown-beats-the-file-too",
        ),
    ],
)
def test_options_win_over_the_file(
    options: tuple[str, ...], verdict: str, changed: dict[str, str | None], missing: list[str]
) -> None:
    data = check_json("--answers", write("case.yaml", KIDNEY_YAML), *options)
    assert (data["verdict"], data["answers"], data["missing"]) == (
        verdict,
        {**KIDNEY_ANSWERS, **changed},
        missing,
    )


def test_the_file_fills_in_what_no_option_answered() -> None:
    data = check_json("--answers", write("case.json", '{"size": "3cm"}'), "-c", "kidney")
    assert decided(data) == (
        "insufficient_information",
        "kidney",
        {"cancer": "kidney", "stage": None, "size": "3 cm", "fit_for_surgery": None},
        ["stage", "fit_for_surgery"],
    )


# ---------------------------------------------------------------------------------------------
# Saving answers

SAVED_YAML = (
    "# cryo-check answers: general information, not medical advice; consult your doctor.\n"
    'cancer: "kidney"\n'
    'stage: "early"\n'
    'size: "3 cm"\n'
    'fit_for_surgery: "no"\n'
)
SAVED_JSON = (
    "{\n"
    '  "cancer": "kidney",\n'
    '  "stage": "early",\n'
    '  "size": "3 cm",\n'
    '  "fit_for_surgery": "no"\n'
    "}\n"
)
KIDNEY_OPTIONS = ("-c", "kidney", "-s", "early", "--size", "30mm", "--fit-for-surgery", "n")


@pytest.mark.parametrize(("name", "saved"), [("case.yaml", SAVED_YAML), ("case.json", SAVED_JSON)])
def test_save_answers_writes_the_final_answers_and_reads_back_to_the_same_verdict(
    name: str, saved: str
) -> None:
    first = check_json(*KIDNEY_OPTIONS, "--save-answers", name)
    assert Path(name).read_text(encoding="utf-8") == saved
    again = check_json("--answers", name)
    assert decided(first) == decided(again) == ("commonly_considered", "kidney", KIDNEY_ANSWERS, [])


def test_the_saved_yaml_starts_with_the_disclaimer() -> None:
    check_json("-c", "lung", "--save-answers", "case.yaml")
    first, *rest = Path("case.yaml").read_text(encoding="utf-8").splitlines()
    assert first.startswith("# ")
    assert "not medical advice" in first
    assert rest == ['cancer: "lung"']


def test_save_answers_saves_the_merged_answers_of_file_and_options() -> None:
    write("case.yaml", KIDNEY_YAML)
    first = check_json("--answers", "case.yaml", "--size", "5cm", "--save-answers", "out.json")
    assert json.loads(Path("out.json").read_text(encoding="utf-8")) == {
        **KIDNEY_ANSWERS,
        "size": "5 cm",
    }
    again = check_json("--answers", "out.json")
    assert decided(first) == decided(again)
    assert again["verdict"] == "not_typically_considered"


def test_save_answers_may_overwrite_the_file_it_read() -> None:
    write("case.yaml", KIDNEY_YAML)
    check_json("--answers", "case.yaml", "--fit-for-surgery", "yes", "--save-answers", "case.yaml")
    assert check_json("--answers", "case.yaml")["verdict"] == "may_be_considered"


def test_nothing_is_written_unless_save_answers_is_given(tmp_path: Path) -> None:
    write("case.yaml", KIDNEY_YAML)
    before = tree(tmp_path)
    check_json(*KIDNEY_OPTIONS)
    check_json("--answers", "case.yaml", "--size", "5cm")
    for fmt in ("text", "markdown"):
        assert invoke("check", *KIDNEY_OPTIONS, "--format", fmt, "--no-input").exit_code == 0
    assert tree(tmp_path) == before
    # The same snapshot sees a save, and nothing else (no temporary file left behind).
    check_json(*KIDNEY_OPTIONS, "--save-answers", "saved.yaml")
    assert tree(tmp_path) == {**before, "saved.yaml": SAVED_YAML.encode()}


def test_a_failed_check_saves_nothing(tmp_path: Path) -> None:
    result = invoke("check", "-c", "kidny", "--no-input", "--save-answers", "case.yaml")
    assert result.exit_code == 2
    assert tree(tmp_path) == {}


# ---------------------------------------------------------------------------------------------
# Errors: exit 2, nothing on stdout, exactly one line on stderr


def yaml_file(text: str) -> tuple[str, str]:
    return "answers.yaml", text


def json_file(text: str) -> tuple[str, str]:
    return "answers.json", text


@pytest.mark.parametrize(
    ("name", "text"),
    [
        yaml_file("cancer: kidney\nstage: early\nsize: 3.99999999999\nfit_for_surgery: no\n"),
        json_file(
            '{"cancer": "kidney", "stage": "early", "size": 3.99999999999, "fit_for_surgery": "no"}'
        ),
    ],
)
def test_a_size_written_as_a_number_in_a_file_keeps_every_digit(name: str, text: str) -> None:
    """Not read as a double first (3.99999999999 is under 4 cm, not 4.0)."""
    data = check_json("--answers", write(name, text))
    assert data["answers"]["size"] == "3.99999999999 cm"
    assert data["measures"] == {"size_cm": 3.99999999999}
    assert data["verdict"] == "commonly_considered"


@pytest.mark.parametrize(
    ("value", "shown"),
    [("010", "10 cm"), ("035", "35 cm"), ("3.50", "3.5 cm"), ("'3.5'", "3.5 cm")],
)
def test_a_yaml_answer_file_is_read_as_yaml_1_2_reads_it(value: str, shown: str) -> None:
    """As an editor shows it: 010 is ten (YAML 1.1 reads eight)."""
    data = check_json("--answers", write("a.yaml", f"cancer: kidney\nsize: {value}\n"))
    assert data["answers"]["size"] == shown


FILE_ERRORS = [
    pytest.param(
        *yaml_file("cancer: kidney\nfit_for_surgery: off\n"),
        "answers.yaml:2: fit_for_surgery: 'off' is not a valid answer "
        "(choose one of: yes, no, unknown)",
        id="yaml-1.1-off-is-a-word",
    ),
    pytest.param(
        *yaml_file("cancer: kidney\nsize: 3:20\n"),
        f"answers.yaml:2: size: '3:20' is not a tumour size ({SIZE_FIX})",
        id="yaml-1.1-sexagesimal-is-a-word",
    ),
    pytest.param(
        *yaml_file("cancer: kidney\nsize: 2020-01-01\n"),
        f"answers.yaml:2: size: '2020-01-01' is not a tumour size ({SIZE_FIX})",
        id="yaml-1.1-date-is-a-word",
    ),
    pytest.param(
        *yaml_file("cancer: kidney\nsise: 3cm\n"),
        "answers.yaml:2: unknown question 'sise' (did you mean 'size'? " + QUESTION_IDS + ")",
        id="unknown-key",
    ),
    pytest.param(
        *yaml_file("cancer: kidney\nsize: huge\n"),
        f"answers.yaml:2: size: 'huge' is not a tumour size ({SIZE_FIX})",
        id="bad-size",
    ),
    pytest.param(
        *yaml_file("cancer: kidney\n\nstage: late\n"),
        f"answers.yaml:3: stage: {LATE}",
        id="bad-stage",
    ),
    pytest.param(
        *yaml_file("cancer: kidney\nsize: yes\n"),
        f"answers.yaml:2: size: 'yes' is not a tumour size ({SIZE_FIX})",
        id="yaml-boolean-size",
    ),
    pytest.param(
        *yaml_file("- cancer: kidney\n- size: 3cm\n"),
        f"answers.yaml: expected a mapping of question ids to answers ({QUESTION_IDS})",
        id="yaml-list",
    ),
    pytest.param(
        *yaml_file(""),
        f"answers.yaml: expected a mapping of question ids to answers ({QUESTION_IDS})",
        id="yaml-empty",
    ),
    pytest.param(
        *yaml_file("cancer: kidney\nstage: [early\n"),
        "answers.yaml:3:1: invalid YAML: did not find expected ',' or ']' (while parsing a flow "
        "sequence that starts at line 2, column 8)",
        id="invalid-yaml",
    ),
    pytest.param(
        *yaml_file("cancer: kidney\ncancer: liver\n"),
        "answers.yaml:2:1: duplicate key 'cancer' (keep one of them)",
        id="duplicate-key",
    ),
    pytest.param(
        *json_file('{"cancer": "kidney",\n "size": }\n'),
        "answers.json:2:10: invalid JSON: Expecting value",
        id="invalid-json",
    ),
    pytest.param(
        *json_file('{"cancer": "kidney", "sise": "3cm"}'),
        "answers.json:1: unknown question 'sise' (did you mean 'size'? " + QUESTION_IDS + ")",
        id="json-unknown-key",
    ),
    pytest.param(
        *json_file('{"size": "huge"}'),
        f"answers.json:1: size: 'huge' is not a tumour size ({SIZE_FIX})",
        id="json-bad-size",
    ),
    pytest.param(
        *json_file('["kidney"]'),
        f"answers.json: expected a mapping of question ids to answers ({QUESTION_IDS})",
        id="json-list",
    ),
]


@pytest.mark.parametrize(("name", "text", "line"), FILE_ERRORS)
def test_a_bad_answers_file_exits_2_with_one_line(name: str, text: str, line: str) -> None:
    result = invoke("check", "--answers", write(name, text), "--no-input", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"cryo-check: error: {line}\n"


@pytest.mark.parametrize(
    ("name", "data", "line"),
    [
        (
            "answers.yaml",
            b"cancer: kidney\nstage: \xff\n",
            "answers.yaml:2:8: the file is not UTF-8 text (byte 0xff cannot be decoded) "
            "(save the file as UTF-8)",
        ),
        (
            "answers.json",
            b'{"cancer": "kidn\xe9y"}',
            "answers.json: the file is not UTF-8 text (save it as UTF-8)",
        ),
    ],
)
def test_an_answers_file_that_is_not_utf8_exits_2(name: str, data: bytes, line: str) -> None:
    Path(name).write_bytes(data)
    result = invoke("check", "--answers", name, "--no-input")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"cryo-check: error: {line}\n"


def test_a_missing_answers_file_exits_2() -> None:
    result = invoke("check", "--answers", "missing.yaml", "--no-input")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "cryo-check: error: --answers: cannot read 'missing.yaml': No such file or directory\n"
    )


def test_a_python_tag_is_refused_and_no_code_runs(tmp_path: Path) -> None:
    name = write("answers.yaml", 'cancer: !!python/object/apply:os.system ["touch pwned"]\n')
    result = invoke("check", "--answers", name, "--no-input")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "cryo-check: error: answers.yaml:1:9: tag '!!python/object/apply:os.system' is not "
        "allowed: only plain data is accepted (remove the tag)\n"
    )
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("no-such-dir/case.yaml", "No such file or directory"),
        ("no-such-dir/case.json", "No such file or directory"),
        ("folder", "Is a directory"),
    ],
)
def test_an_unwritable_save_path_exits_2_before_any_output(target: str, reason: str) -> None:
    Path("folder").mkdir()
    result = invoke(
        "check", "-c", "lung", "--no-input", "--format", "json", "--save-answers", target
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr == f"cryo-check: error: --save-answers: cannot write {target!r}: {reason}\n"
    )
    assert not Path("no-such-dir").exists()


# ---------------------------------------------------------------------------------------------
# read_answers and save_answers on their own


RULES = shipped_rules()
ROUND_TRIPS = [
    answers_to("kidney", "early", 3.0, "no"),
    answers_to("renal cell carcinoma", "locally-advanced", 0.25, "yes"),
    answers_to("basal cell carcinoma", "spread", 12.5, None),
    answers_to("lung"),
    answers_to(None, "early", 4.0, None),
    answers_to("Nierenkrebs ü", None, 99.5, "no"),
]


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json", ".txt"])
@pytest.mark.parametrize("answers", ROUND_TRIPS)
def test_save_then_read_gives_the_same_answers(
    tmp_path: Path, answers: Answers, suffix: str
) -> None:
    path = str(tmp_path / f"case{suffix}")
    save_answers(path, answers, RULES)
    answers_read, places, alone = read(RULES, read_answers(path, RULES))
    assert answers_read == answers
    assert set(places) == set(answers)
    assert alone == frozenset()  # a saved size is written with its unit


def test_an_empty_case_saved_as_json_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    save_answers(str(path), Answers(), RULES)
    assert path.read_text(encoding="utf-8") == "{}\n"
    assert read_answers(str(path), RULES) == []


def test_save_answers_yaml_text_quotes_every_value(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    save_answers(str(path), answers_to("kidney", "early", 3.25, "no"), RULES)
    assert path.read_text(encoding="utf-8") == (
        HEADER + 'cancer: "kidney"\nstage: "early"\nsize: "3.25 cm"\nfit_for_surgery: "no"\n'
    )
    assert "not medical advice" in HEADER


def test_save_answers_json_keeps_non_ascii_text(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    save_answers(str(path), answers_to("rein é", None, None, "yes"), RULES)
    assert path.read_text(encoding="utf-8") == (
        '{\n  "cancer": "rein é",\n  "fit_for_surgery": "yes"\n}\n'
    )


def test_read_answers_reports_unknown_answers_as_answered(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("cancer: kidney\nstage: unknown\nsize: not known\n", encoding="utf-8")
    answers, places, _ = read(RULES, read_answers(str(path), RULES))
    assert answers == answers_to("kidney")
    # Answered, if only with 'unknown': each with the line it is answered on.
    assert places == {q: f"{path}:{n}: {q}" for n, q in enumerate(["cancer", "stage", "size"], 1)}


def test_read_answers_accepts_a_utf8_byte_order_mark_in_yaml(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(b"\xef\xbb\xbfcancer: kidney\nsize: 2\n")
    assert read(RULES, read_answers(str(path), RULES)) == (
        answers_to("kidney", size=2.0),
        {"cancer": f"{path}:1: cancer", "size": f"{path}:2: size"},
        frozenset({"size"}),  # a number alone: read in cm, and the result says so
    )


def test_read_answers_errors_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("cancer: kidney\nstage: early\nfit_for_surgery: maybe\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(RULES, read_answers(str(path), RULES))
    assert (caught.value.where, caught.value.message, caught.value.fix) == (
        f"{path}:3: fit_for_surgery",
        "'maybe' is not a valid answer",
        "choose one of: yes, no, unknown",
    )


def test_save_answers_error_names_the_option(tmp_path: Path) -> None:
    path = str(tmp_path / "missing" / "case.yaml")
    with pytest.raises(InputError) as caught:
        save_answers(path, answers_to("kidney"), RULES)
    assert str(caught.value) == f"--save-answers: cannot write {path!r}: No such file or directory"


# ---------------------------------------------------------------------------------------------
# Regressions: bugs these tests found, fixed since.


def test_a_saved_size_just_under_a_threshold_keeps_its_verdict() -> None:
    first = check_json(
        "-c", "kidney", "-s", "early", "--size", "3.9999999cm", "--fit-for-surgery", "no",
        "--save-answers", "case.yaml",
    )  # fmt: skip
    assert first["verdict"] == "commonly_considered"
    assert check_json("--answers", "case.yaml")["verdict"] == first["verdict"]


def test_a_near_miss_cancer_in_the_file_is_blamed_on_the_file() -> None:
    result = invoke("check", "--answers", write("answers.yaml", "cancer: kidny\n"), "--no-input")
    assert result.exit_code == 2
    assert result.stderr.startswith("cryo-check: error: answers.yaml")


def test_a_failed_save_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(InputError):
        save_answers(str(tmp_path / "folder"), answers_to("kidney"), RULES)
    assert tree(tmp_path) == {}


def test_an_empty_case_saved_as_yaml_reads_back() -> None:
    check_json("--save-answers", "case.yaml")
    data = check_json("--answers", "case.yaml")
    assert data["verdict"] == "insufficient_information"


def test_a_saved_case_is_readable_by_the_class_not_only_its_author(tmp_path: Path) -> None:
    import os

    previous = os.umask(0o022)
    try:
        save_answers(str(tmp_path / "case.yaml"), answers_to("kidney"), RULES)
    finally:
        os.umask(previous)
    assert (tmp_path / "case.yaml").stat().st_mode & 0o777 == 0o644


def test_an_answer_file_larger_than_64_kib_is_refused() -> None:
    name = write("big.yaml", "cancer: kidney\n" + "# padding\n" * 8000)
    result = invoke("check", "--answers", name, "--no-input")
    assert (result.exit_code, result.stderr) == (
        2,
        "cryo-check: error: big.yaml: is larger than 64 KiB (an answer file holds four answers)\n",
    )


@pytest.mark.parametrize("levels", [65, 4_000, 30_000])  # 30,000: still under the size cap
def test_a_deeply_nested_json_answer_file_is_refused(levels: int) -> None:
    name = write("deep.json", "[" * levels + "]" * levels)
    result = invoke("check", "--answers", name, "--no-input")
    assert result.exit_code == 2
    assert result.stderr == (
        "cryo-check: error: deep.json: the JSON is nested too deeply (an answer file is flat)\n"
    )


def test_an_empty_answers_option() -> None:
    result = invoke("check", "--answers", "", "--no-input")
    assert (result.exit_code, result.stderr) == (
        2,
        "cryo-check: error: --answers: no file named (give the answer file's path)\n",
    )
