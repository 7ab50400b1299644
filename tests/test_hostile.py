"""What a hostile tester tried, each with the exact line and exit code it now gives.

Rule folders hold only what they may (every other entry a located problem, nothing read that
should not be); --save-answers never destroys; every input is bounded; output always arrives,
in any width or encoding, and nothing from a person or a rule file can drive a terminal or
turn into markup; every path exits with a documented code.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cryo_check import DISCLAIMER
from cryo_check.commands.batch import MAX_YAML_CHARS, TABLE_LIMIT, TABLE_ROWS
from cryo_check.render.mermaid import mermaid
from cryo_check.rulebook.loader import shipped_rules

from .conftest import RULES_DIR, invoke, run_env

KIDNEY = ("-c", "kidney", "-s", "early", "--size", "3cm", "--fit-for-surgery", "no")
FLAT_DISCLAIMER = " ".join(DISCLAIMER.split())
PROBLEMS_IN_ONE = "1 problem in 1 of 15 files\n"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Relative names, so that every message naming a file can be asserted exactly.
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(RULES_DIR, copy)
    return copy


def write(name: str, text: str | bytes) -> str:
    if isinstance(text, bytes):
        Path(name).write_bytes(text)
    else:
        Path(name).write_text(text, encoding="utf-8")
    return name


def shell(command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        env={**run_env(), **(env or {})},
        check=False,
        timeout=60,
    )


PROGRAM = f"{sys.executable} -m cryo_check"


# --- 1. every entry of a rule folder is a rule file or a located problem ---------------------


def _dangling_link(folder: Path) -> None:
    (folder / "prostate.yaml").unlink()
    (folder / "prostate.yaml").symlink_to("/nonexistent/prostate.yaml")


def _link_to_a_huge_file(folder: Path) -> None:
    huge = folder.parent / "huge"
    with huge.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: no disk used, and never read
    (folder / "prostate.yaml").unlink()
    (folder / "prostate.yaml").symlink_to(huge)


def _folder(folder: Path) -> None:
    (folder / "prostate.yaml").unlink()
    (folder / "prostate.yaml").mkdir()


def _fifo(folder: Path) -> None:
    (folder / "prostate.yaml").unlink()
    os.mkfifo(folder / "prostate.yaml")


def _upper_case(folder: Path) -> None:
    (folder / "prostate.yaml").rename(folder / "prostate.YAML")


def _yml_beside_yaml(folder: Path) -> None:
    shutil.copy(folder / "kidney.yaml", folder / "kidney.yml")


def _yml_alone(folder: Path) -> None:
    (folder / "prostate.yaml").rename(folder / "prostate.yml")


def _stray_file(folder: Path) -> None:
    (folder / "notes.txt").write_text("to do\n", encoding="utf-8")


def _huge_file(folder: Path) -> None:
    with (folder / "prostate.yaml").open("wb") as handle:
        handle.truncate(2 * 1024**3)


LINK = (
    "is a symbolic link; rule files are read only as regular files in the folder "
    "(fix: copy the file into the folder instead of linking to it)"
)
FOLDER_ENTRIES = [
    (_dangling_link, f"rules/prostate.yaml: {LINK}", 15),
    (_link_to_a_huge_file, f"rules/prostate.yaml: {LINK}", 15),
    (
        _folder,
        "rules/prostate.yaml: is a folder; a rule folder holds files only "
        "(fix: move it out of the rule folder)",
        15,
    ),
    (
        _fifo,
        "rules/prostate.yaml: is a FIFO, socket or device, not a regular file "
        "(fix: remove it from the rule folder)",
        15,
    ),
    (
        _upper_case,
        "rules/prostate.YAML: rule files end in '.yaml' (fix: rename it to prostate.yaml)",
        15,
    ),
    (
        _yml_alone,
        "rules/prostate.yml: rule files end in '.yaml' (fix: rename it to prostate.yaml)",
        15,
    ),
    (
        _yml_beside_yaml,
        "rules/kidney.yml: kidney.yaml is here too: one file per id "
        "(fix: remove one of the two files)",
        16,
    ),
    (
        _stray_file,
        "rules/notes.txt: is not a rule file: a rule folder holds <id>.yaml files, info.yaml, "
        "names.yaml, questions.yaml, scenarios.yaml, sources.yaml (README.md, a schemas/ folder "
        "of JSON Schemas and hidden files are left alone) (fix: move it out of the rule folder)",
        16,
    ),
    (
        _huge_file,
        "rules/prostate.yaml: is 2,147,483,648 bytes; rule files are limited to 1,048,576",
        15,
    ),
]


@pytest.mark.parametrize(
    ("make", "line", "files"), FOLDER_ENTRIES, ids=[m.__name__ for m, _, _ in FOLDER_ENTRIES]
)
def test_an_entry_a_rule_folder_may_not_hold_is_a_located_problem(
    folder: Path, make: object, line: str, files: int
) -> None:
    make(folder)  # type: ignore[operator]
    result = invoke("rules", "validate", "--rules", "rules")
    assert (result.exit_code, result.stdout) == (1, f"{line}\n1 problem in 1 of {files} files\n")
    # and no check runs on a folder that is not what it seems
    checked = invoke("check", "--rules", "rules", "-c", "prostate", "--no-input")
    assert (checked.exit_code, checked.stdout) == (1, "")
    assert checked.stderr == f"cryo-check: error: {line}\n"


def test_readme_hidden_files_and_the_schema_are_left_alone(folder: Path) -> None:
    (folder / "README.md").write_text("# my rules\n", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\0\1\2")
    (folder / ".kidney.yaml.swp").write_bytes(b"\0")
    result = invoke("rules", "validate", "--rules", "rules")
    assert result.exit_code == 0
    assert result.stdout == "rules: 15 files, 10 cancer types, 2 sources: no problems\n"


@pytest.mark.parametrize("document", ["/dev/zero", "/etc/passwd", "../x", "..", ".hidden"])
def test_a_source_document_is_a_plain_name_inside_the_sources_folder(
    folder: Path, document: str
) -> None:
    (folder.parent / "texts").mkdir()
    text = (folder / "sources.yaml").read_text(encoding="utf-8")
    first = text.index("document: ") + len("document: ")
    end = text.index("\n", first)
    text = text[:first] + json.dumps(document) + text[end:]
    (folder / "sources.yaml").write_text(text, encoding="utf-8")
    line = text[:first].count("\n") + 1
    result = invoke("rules", "validate", "--rules", "rules", "--sources", "texts")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"rules/sources.yaml:{line}:15: sources[itc-overview].document: "
        f"{document!r} is not a plain file name "
        "(fix: name a file inside the --sources folder, e.g. itc-overview.txt)"
    )


HIDDEN = [
    # (old, new, field, character named)
    (
        "name: Liver cancer",
        'name: "Liver \\u202ecancer"',
        "name",
        "U+202E (RIGHT-TO-LEFT OVERRIDE)",
    ),
    ("name: Liver cancer", 'name: "Liver\\u200bcancer"', "name", "U+200B (ZERO WIDTH SPACE)"),
    ("name: Liver cancer", 'name: "Liver \\u2066cancer"', "name", "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
    ("name: Liver cancer", 'name: "Liver \\u061ccancer"', "name", "U+061C (ARABIC LETTER MARK)"),
    ("name: Liver cancer", 'name: "Liver \\ecancer"', "name", "U+001B"),
    ("name: Liver cancer", 'name: "Liver cancer"\n"a\\u200fb": 1', "a\\u200fb", "U+200F"),
    # A carriage return overwrites what a terminal shows; a rule's text is one line.
    ("name: Liver cancer", 'name: "Liver\\rKidney"', "name", "U+000D (a carriage return)"),
    ("name: Liver cancer", 'name: "Liver\\ncancer"', "name", "U+000A (a line break)"),
    ("name: Liver cancer", 'name: "Liver\\tcancer"', "name", "U+0009 (a tab)"),
    # Letters that show as nothing.
    ("name: Liver cancer", 'name: "Liver\\u3164cancer"', "name", "U+3164 (HANGUL FILLER)"),
    ("name: Liver cancer", 'name: "Liver\\u034fcancer"', "name", "U+034F (COMBINING GRAPHEME"),
    ("name: Liver cancer", 'name: "Liver\\ufe0fcancer"', "name", "U+FE0F (VARIATION SELECTOR-16)"),
]


@pytest.mark.parametrize(("old", "new", "field", "named"), HIDDEN)
def test_rule_text_that_could_hide_or_reorder_text_is_refused(
    folder: Path, old: str, new: str, field: str, named: str
) -> None:
    text = (folder / "liver.yaml").read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    (folder / "liver.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    result = invoke("rules", "validate", "--rules", "rules")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"rules/liver.yaml:{line + (field != 'name')}:")
    assert f": {field}: {named}" in first
    assert first.endswith(
        "is not allowed in text: it could hide text or drive a terminal (fix: remove it)"
    )
    assert "\u202e" not in result.stdout
    assert "\x1b" not in result.stdout


def test_a_nul_in_a_rule_file_is_located(folder: Path) -> None:
    with (folder / "kidney.yaml").open("ab") as handle:
        handle.write(b"x: a\0b\n")
    lines = (folder / "kidney.yaml").read_bytes().count(b"\n")
    result = invoke("rules", "validate", "--rules", "rules")
    assert (result.exit_code, result.stdout) == (
        1,
        f"rules/kidney.yaml:{lines}:5: the file holds the control character U+0000, which "
        "YAML does not allow (fix: remove it; is this a text file?)\n" + PROBLEMS_IN_ONE,
    )


@pytest.mark.parametrize(
    ("threshold", "message"),
    [
        ("4" * 400, "the number '444444444444444444444444444444444444444444444444444444444444…'"),
        ("4" * 5000, "the number '444444444444444444444444444444444444444444444444444444444444…'"),
    ],
)
def test_a_huge_number_in_a_rule_file_is_a_problem_not_a_crash(
    folder: Path, threshold: str, message: str
) -> None:
    text = (folder / "kidney.yaml").read_text(encoding="utf-8")
    (folder / "kidney.yaml").write_text(
        text.replace("less_than: 4cm", f"less_than: {threshold}"), encoding="utf-8"
    )
    result = invoke("rules", "validate", "--rules", "rules")
    assert result.exit_code == 1
    assert message in result.stdout


# --- 2. --save-answers never destroys -------------------------------------------------------


def _read_only() -> str:
    Path("case.yaml").write_text("mine\n", encoding="utf-8")
    Path("case.yaml").chmod(0o444)
    return "the file is read-only (give another file name, or make it writable)"


def _symlink() -> str:
    Path("target").write_text("mine\n", encoding="utf-8")
    Path("case.yaml").symlink_to("target")
    return "it is a symbolic link (give the path of the file itself, or a new file)"


def _hard_link() -> str:
    Path("target").write_text("mine\n", encoding="utf-8")
    os.link("target", "case.yaml")
    return (
        "the file has other hard links (2 names in all), which replacing it would break "
        "(give another file name)"
    )


def _fifo_file() -> str:
    os.mkfifo("case.yaml")
    return "it is a device, FIFO or socket, not a regular file (give a file name)"


@pytest.mark.parametrize("make", [_read_only, _symlink, _hard_link, _fifo_file])
def test_save_answers_never_replaces_what_it_should_not(make: object) -> None:
    reason = make()  # type: ignore[operator]
    before = {p.name: (p.lstat().st_mode, p.lstat().st_ino) for p in Path().iterdir()}
    result = invoke("check", *KIDNEY, "--no-input", "--save-answers", "case.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"cryo-check: error: --save-answers: cannot write 'case.yaml': {reason}\n"
    )
    after = {p.name: (p.lstat().st_mode, p.lstat().st_ino) for p in Path().iterdir()}
    assert after == before
    if Path("target").exists():
        assert Path("target").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_save_answers_never_turns_a_device_into_a_file() -> None:
    result = invoke("check", *KIDNEY, "--no-input", "--save-answers", "/dev/null")
    assert result.exit_code == 2
    assert result.stderr == (
        "cryo-check: error: --save-answers: cannot write '/dev/null': it is a device, FIFO or "
        "socket, not a regular file (give a file name)\n"
    )
    assert Path("/dev/null").is_char_device()


def test_save_answers_dash_is_refused_not_a_file_named_dash() -> None:
    result = invoke("check", *KIDNEY, "--no-input", "--save-answers", "-")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "cryo-check: error: --save-answers: cannot write '-': standard output is where the "
        "result goes (give a file name, e.g. --save-answers case.yaml; ./- names a file "
        "called '-')\n"
    )
    assert not Path("-").exists()


def test_save_answers_replaces_a_regular_file_and_writes_a_new_one() -> None:
    Path("old.yaml").write_text("old\n", encoding="utf-8")
    for name in ("old.yaml", "new.yaml", "./-"):
        result = invoke("check", *KIDNEY, "--no-input", "-f", "json", "--save-answers", name)
        assert result.exit_code == 0
        assert Path(name).read_text(encoding="utf-8").endswith('fit_for_surgery: "no"\n')
    assert sorted(p.name for p in Path().iterdir()) == ["-", "new.yaml", "old.yaml"]


# --- 3. bounded work on every input ---------------------------------------------------------

LONG_LINE = (
    "the line is longer than 10,000 characters "
    "(a case is a line of short answers: is this the file of cases?)"
)
NUL_LINE = (
    "the line holds a NUL character: this is binary data, not CSV, JSON Lines or YAML "
    "(give the file of cases, as text)"
)


@pytest.mark.parametrize(
    ("name", "data", "line"),
    [
        ("zero.csv", b"\0" * 100_000, f"zero.csv:1: {NUL_LINE}"),
        (
            "head.csv",
            b"canc\xe9r,size\nkidney,3\n",
            "head.csv:1: the line is not UTF-8 text (byte 0xe9, column 5) (save the file as UTF-8)",
        ),
        (
            "quote.csv",
            b'id,cancer\n"ana\n\xff",kidney\nben,liver\n',
            "quote.csv:3: the line is not UTF-8 text (byte 0xff, column 1), inside a quoted cell "
            "that starts at line 2 (save the file as UTF-8)",
        ),
        ("nul-first.jsonl", b'\n\0\n{"cancer": "kidney"}\n', f"nul-first.jsonl:2: {NUL_LINE}"),
        (
            "open.csv",
            b'id,cancer\n"ana,kidney\nben,liver\n',
            "open.csv:2: a quoted cell is never closed: its quote runs to the end of the file "
            '(close the quote, or write a quote inside a quoted cell as "")',
        ),
        (
            "big.yaml",
            b"- {cancer: kidney}\n" * (MAX_YAML_CHARS // 19 + 1),
            "big.yaml: a YAML batch is limited to 1 MiB (use CSV or JSON Lines for more cases "
            "(they are read a line at a time))",
        ),
    ],
)
def test_a_batch_that_is_not_a_list_of_cases_ends_at_its_line(
    name: str, data: bytes, line: str
) -> None:
    result = invoke("batch", write(name, data))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"cryo-check: error: {line}\n"


def test_a_line_without_end_is_read_past_only_so_far() -> None:
    result = invoke("batch", write("endless.csv", b"cancer\nkidney\n" + b"x" * (17 << 20)))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "cryo-check: error: endless.csv:3: the line goes on past 16 MiB: this is not a file "
        "of cases (give the file of cases, a case a line)"
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    # the good row before it was written, and the line that ended the run, with why
    assert [(row["line"], row["error"] is None) for row in rows] == [(2, True), (3, False)]
    assert rows[1]["error"].startswith("the line is longer than 10,000 characters")


@pytest.mark.parametrize(
    ("data", "good", "bad"),
    [
        pytest.param(
            b"cancer\nkidney\n" + b"x" * 20_000 + b"\nliver\n",
            [2, 4],
            [f"3: {LONG_LINE}"],
            id="long-csv",
        ),
        pytest.param(
            b'{"cancer": "kidney"}\n{"id": "' + b"x" * 20_000 + b'"}\n{"cancer": "liver"}\n',
            [1, 3],
            [f"2: {LONG_LINE}"],
            id="long-jsonl",
        ),
        pytest.param(
            b"cancer\nkidney\nkid\0ney\nliver\n",
            [2, 4],
            [
                "3: the line holds a NUL character, which no case holds (remove it; is the file "
                "saved as text?)"
            ],
            id="nul-after-text",
        ),
        pytest.param(
            b"cancer\nkidney\n" + b"\0" * 50_000 + b"\nliver\n",
            [2, 4],
            [f"3: {LONG_LINE}"],
            id="long-nul-after-text",
        ),
        pytest.param(
            b'{"cancer": "kidney"}\n{"cancer": "kidn\xe9y"}\n{"cancer": "liver"}\n',
            [1, 3],
            ["2: the line is not UTF-8 text (byte 0xe9, column 17) (save the file as UTF-8)"],
            id="latin-1-jsonl",
        ),
        pytest.param(
            b"cancer\rkidney\r\xff\rliver\r" + b"y" * 50_000 + b"\r\nlung\r\n",
            [2, 4, 6],
            [
                "3: the line is not UTF-8 text (byte 0xff, column 1) (save the file as UTF-8)",
                f"5: {LONG_LINE}",
            ],
            id="carriage-returns",
        ),
        pytest.param(
            b'id,cancer\n"ana\n\xff\n",kidney\nben,liver\n',
            [5],
            [
                "3: the line is not UTF-8 text (byte 0xff, column 1) (save the file as UTF-8)",
                "2: a quoted cell runs on to line 3, which could not be read (correct that line)",
            ],
            id="inside-a-quoted-cell",
        ),
    ],
)
def test_a_line_that_cannot_be_read_is_one_bad_row_and_every_good_row_is_written(
    data: bytes, good: list[int], bad: list[str]
) -> None:
    name = "rows.jsonl" if data.startswith(b"{") else "rows.csv"
    result = invoke("batch", write(name, data), "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    # Every row kept: the good ones with their results, each bad one with its reason.
    assert [row["line"] for row in rows if row["error"] is None] == good
    assert {f"{row['line']}: {row['error']}" for row in rows if row["error"]} == set(bad)
    told = result.stderr.splitlines()[: len(bad)]
    assert told == [f"cryo-check: {name}:{b}; {KEPT}" for b in bad]


KEPT = "the row is in the output with this error"


def test_a_bad_line_of_stdin_is_one_bad_row() -> None:
    data = b'{"cancer": "kidney"}\n\xc3\n{"cancer": "liver"}\n'
    result = subprocess.run(
        [sys.executable, "-m", "cryo_check", "batch", "-", "--format", "jsonl"],
        input=data,
        capture_output=True,
        env=run_env(),
        check=False,
    )
    assert result.returncode == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(row["line"], row["error"] is None) for row in rows] == [
        (1, True),
        (2, False),
        (3, True),
    ]
    assert result.stderr.decode().splitlines()[0] == (
        "cryo-check: <stdin>:2: the line is not UTF-8 text (byte 0xc3, column 1) "
        f"(save the file as UTF-8); {KEPT}"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_batch_of_dev_zero_ends_at_once() -> None:
    result = invoke("batch", "/dev/zero", "--input-format", "jsonl")
    assert result.exit_code == 2
    assert result.stderr == f"cryo-check: error: /dev/zero:1: {NUL_LINE}\n"


BAD_ROWS = [
    (
        '{"cancer": "kidney", "size": ' + "1" * 5000 + "}\n",
        "rows.jsonl:1: size: '" + "1" * 60 + "…' is too long to be a number (give a number with "
        "cm, mm or in (a bare number is cm), e.g. 3.5cm or 35mm)",
    ),
    (
        '{"cancer": "kidney", "cancer": "liver"}\n',
        "rows.jsonl:1: the key 'cancer' is given twice (give each answer once)",
    ),
    (
        '{"id": "\\u001b[31mred", "cancer": "kidney"}\n',
        "rows.jsonl:1: id: the case name holds U+001B, a character that could hide text or "
        "drive a terminal (remove it)",
    ),
    (
        '{"id": "' + "x" * 101 + '", "cancer": "kidney"}\n',
        "rows.jsonl:1: id: the case name is too long (101 characters; at most 100) "
        "(give a short name)",
    ),
]


@pytest.mark.parametrize(("row", "line"), BAD_ROWS)
def test_a_bad_row_is_named_and_a_run_of_only_bad_rows_exits_2(row: str, line: str) -> None:
    result = invoke("batch", write("rows.jsonl", row))
    assert result.exit_code == 2
    # The row is still in the output, with its error.
    (out,) = [json.loads(text) for text in result.stdout.splitlines()]
    assert (out["verdict"], out["error"]) == (None, line.split(": ", 1)[1])
    assert result.stderr == (
        f"cryo-check: {line}; the row is in the output with this error\n"
        "cryo-check: 0 cases: none; 1 row not read (each is in the output with its error)\n"
        f"cryo-check: {DISCLAIMER}\n"
        "cryo-check: error: rows.jsonl: no case could be checked: the row is bad "
        "(correct the rows named above)\n"
    )


def test_one_good_row_among_bad_ones_is_a_normal_run() -> None:
    rows = '{"cancer": "kidny"}\n{"cancer": "lung"}\n'
    result = invoke("batch", write("rows.jsonl", rows))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[1] == (
        "cryo-check: 1 case: 1 not covered; 1 row not read (each is in the output with its error)"
    )


def test_a_case_name_with_terminal_escapes_reaches_no_output() -> None:
    rows = "id,cancer\n\x1b]8;;http://x\x1b\\evil\x1b[31m,kidney\nfine,lung\n"
    for fmt in ("csv", "table", "jsonl"):
        result = invoke("batch", write("esc.csv", rows), "--format", fmt)
        assert result.exit_code == 0
        assert "\x1b" not in result.stdout + result.stderr
        assert "esc.csv:2: id: the case name holds U+001B" in result.stderr


def test_a_yaml_batch_is_limited_by_size_not_by_counting_values() -> None:
    rows = "- {cancer: kidney, stage: early}\n" * 20_000  # 60,000 values, no aliases
    result = invoke("batch", write("many.yaml", rows))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "cryo-check: 20,000 cases: 20,000 not enough information"
    )


def test_the_table_is_printed_in_blocks_each_with_its_header() -> None:
    rows = "cancer\n" + "lung\n" * (2 * TABLE_ROWS + 1)
    result = invoke("batch", write("many.csv", rows), "--format", "table")
    assert result.exit_code == 0
    assert result.stdout.count("┃ Line") == 3
    assert len(re.findall(r"^│ \d+ ", result.stdout, re.M)) == 2 * TABLE_ROWS + 1
    assert f"{2 * TABLE_ROWS + 1} cases: {2 * TABLE_ROWS + 1} not covered" in result.stdout
    assert "The table stops" not in result.stdout


def test_the_table_stops_at_its_limit_and_says_so_and_counts_every_case() -> None:
    """The table is for reading: past TABLE_LIMIT rows it says where it stops, the counts
    still cover every case, and csv (every row) is named; bad rows are all still reported."""
    cases = TABLE_LIMIT * 3
    rows = "cancer,stage\n" + "kidney,spread\n" * (cases - 1) + "kidny,early\n" + "lung,\n"
    result = invoke("batch", write("many.csv", rows), "--format", "table")
    assert result.exit_code == 0
    assert len(re.findall(r"^│ \d+ ", result.stdout, re.M)) == TABLE_LIMIT
    assert result.stdout.count("┃ Line") == TABLE_LIMIT // TABLE_ROWS
    flat = " ".join(result.stdout.replace("│", " ").split())
    assert (
        f"The table stops at {TABLE_LIMIT:,} cases. Every case after them is still checked "
        "and counted below; --format csv or --format jsonl lists every case."
    ) in flat
    assert (
        f"{cases:,} cases: {cases - 1:,} not typically considered, 1 not covered; "
        f"1 row not read (each is in the output with its error) ({cases + 1 - TABLE_LIMIT:,} "
        "not in the table)"
    ) in flat
    assert f"many.csv:{cases + 1}: cancer: 'kidny'" in result.stderr
    assert FLAT_DISCLAIMER in flat
    every = invoke("batch", "many.csv", "--format", "csv")
    assert every.stdout.count("\n") == 1 + cases + 1  # the header, every case, the bad row
    helped = " ".join(invoke("batch", "--help").stdout.replace("│", " ").split())
    assert f"The table shows the first {TABLE_LIMIT:,} cases and counts them all" in helped


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        (
            "dup.json",
            '{"cancer": "kidney", "cancer": "liver"}',
            "dup.json:1: the key 'cancer' is given twice (answer each question once)",
        ),
        (
            "big.json",
            '{"size": ' + "1" * 5000 + "}",
            "big.json:1: size: '" + "1" * 60 + "…' is too long to be a number (give a number "
            "with cm, mm or in (a bare number is cm), e.g. 3.5cm or 35mm)",
        ),
        (
            "nul.yaml",
            "cancer: kid\0ney\n",
            "nul.yaml:1:12: the file holds the control character U+0000, which YAML does not "
            "allow (remove it; is this a text file?)",
        ),
        (
            "esc.yaml",
            'cancer: "kid\\eney"\n',
            "esc.yaml:1:9: the text holds U+001B, a character that could hide text or drive a "
            "terminal (remove it)",
        ),
    ],
)
def test_a_bad_answer_file_is_one_located_line(name: str, text: str, line: str) -> None:
    result = invoke("check", "--answers", write(name, text), "--no-input")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"cryo-check: error: {line}\n"


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ("check", "--format", "x" * 130_000),
        ("check", "--" + "x" * 130_000),
        ("check", "-c", "x" * 130_000, "--no-input"),
        ("check", "--answers", "x" * 130_000),
        ("batch", "x" * 130_000),
        ("demo", "x" * 130_000),
        ("check", "--answer", "x" * 130_000),
    ],
    ids=["format", "option", "cancer", "answers", "batch", "demo", "answer"],
)
def test_an_error_line_is_bounded_whatever_it_quotes(args: tuple[str, ...]) -> None:
    done = shell(f"{PROGRAM} {' '.join(args)}")
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1
    assert len(done.stderr) < 1100


# --- 4. output that always arrives and cannot be hijacked ------------------------------------


@pytest.mark.parametrize("columns", ["0", "1", "20"])
def test_the_verdict_and_disclaimer_print_at_any_width(columns: str) -> None:
    result = invoke("check", *KIDNEY, "--no-input", env={"COLUMNS": columns})
    assert result.exit_code == 0
    flat = " ".join(result.stdout.replace("│", " ").split())
    assert "Verdict: Cryotherapy is commonly considered" in flat
    assert FLAT_DISCLAIMER in flat


@pytest.mark.parametrize("columns", ["40", "57", "80"])
@pytest.mark.parametrize(
    "args",
    [
        (
            "check",
            "-c",
            "renal cell carcinoma",
            "-s",
            "early",
            "--size",
            "3.99999cm",
            "--fit-for-surgery",
            "no",
            "--no-input",
        ),
        ("rules", "table", "kidney"),
        ("demo", "kidney-small-not-fit"),
        ("info", "kidney"),
        ("rules", "list"),
        ("batch", "cases.csv", "--format", "table"),
    ],
    ids=" ".join,
)
def test_no_text_output_cuts_a_word_short_at_any_width(args: tuple[str, ...], columns: str) -> None:
    """Tables fold a word too long for its column onto the next line; rich's default would
    end it with "…", cutting quotes and case names short. The only "…" left is the one
    between a list's lead-in and a name (“…for:” … “Kidney cancer”)."""
    write("cases.csv", "id,cancer,stage\nsomeone-with-a-long-case-name,kidney,early\n")
    result = invoke(*args, env={"COLUMNS": columns})
    assert result.exit_code == 0
    assert not re.search(r"[^\s]…", result.stdout), result.stdout


@pytest.mark.parametrize("columns", ["100000000", "99999999999999999999", "9" * 5000])
@pytest.mark.parametrize("args", [("check", *KIDNEY, "--no-input"), ("--help",)], ids=" ".join)
def test_a_huge_width_is_laid_out_at_most_1000_wide(
    columns: str,
    args: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Not an overflow (exit 3), nor lines padded to gigabytes."""
    from cryo_check.cli import run

    monkeypatch.setenv("COLUMNS", columns)
    assert run(list(args)) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 1000
    if args[0] == "check":
        assert FLAT_DISCLAIMER in " ".join(out.replace("│", " ").split())


@pytest.mark.parametrize("columns", ["0", "1"])
def test_help_prints_at_any_width(columns: str) -> None:
    done = shell(f"{PROGRAM} --help", env={"COLUMNS": columns})
    assert done.returncode == 0
    assert "Usage: cryo-check" in done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_any_output_encoding_gets_the_result(encoding: str, fmt: str) -> None:
    args = " ".join(KIDNEY)
    done = shell(f"{PROGRAM} check {args} --no-input -f {fmt}", {"PYTHONIOENCODING": encoding})
    assert (done.returncode, done.stderr) == (0, "")
    flat = " ".join(done.stdout.replace("|", " ").split())
    assert FLAT_DISCLAIMER in flat
    if fmt == "json":
        utf8 = shell(f"{PROGRAM} check {args} --no-input -f json")
        assert json.loads(done.stdout) == json.loads(utf8.stdout)  # escaped, not changed
    elif fmt == "text":
        assert "'Cryotherapy is used to treat small, early stage kidney cancers" in flat


@pytest.mark.slow
def test_a_character_the_output_cannot_take_is_written_as_its_code_not_lost() -> None:
    done = shell(f"{PROGRAM} check -c '\u814e\u81d3' --no-input", {"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 2
    assert "did not understand '\\u814e\\u81d3' in '\\u814e\\u81d3'" in done.stderr


def test_batch_reads_utf8_whatever_the_locale_and_writes_what_the_output_can_take() -> None:
    write("cases.csv", "id,cancer\nJosé “x”,kidney\n")
    done = shell(f"{PROGRAM} batch - < cases.csv", {"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["case"] == "José “x”"


@pytest.mark.parametrize(
    ("command", "code", "stderr"),
    [
        (
            f"check {' '.join(KIDNEY)} --no-input >&-",
            74,
            "cryo-check: error: cannot write the output: standard output is closed "
            "(redirect it to a file or to /dev/null)\n",
        ),
        (
            "check -c kidny --no-input >&-",
            2,
            "cryo-check: error: --cancer: 'kidny' is not a name cryo-check knows (did you mean "
            "'kidney'? 'cryo-check rules list' shows every covered type)\n",
        ),
        ("check -c kidny --no-input 2>&-", 2, ""),
        (f"check {' '.join(KIDNEY)} <&- 2>&- >/dev/null", 0, ""),
    ],
    ids=["stdout-closed", "input-error-stdout-closed", "stderr-closed", "stdin-closed"],
)
def test_closed_streams_keep_the_documented_exit_codes(
    command: str, code: int, stderr: str
) -> None:
    done = shell(f"{PROGRAM} {command}")
    assert (done.returncode, done.stderr) == (code, stderr)


EVERY_HELP = [
    "--help",
    "--version",
    "rules",
    "check --help",
    "info --help",
    "batch --help",
    "demo --help",
    "rules --help",
    "rules list --help",
    "rules show --help",
    "rules validate --help",
    "rules test --help",
    "rules table --help",
    "rules export --help",
]


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", EVERY_HELP)
def test_help_and_version_to_a_full_disk_exit_74(args: str) -> None:
    done = shell(f"{PROGRAM} {args} > /dev/full")
    assert (done.returncode, done.stderr) == (
        74,
        "cryo-check: error: cannot write the output: No space left on device "
        "(check the disk or path)\n",
    )


@pytest.mark.slow
@pytest.mark.parametrize("args", [*EVERY_HELP, "rules list", "info", "rules export -f mermaid"])
def test_help_and_version_into_a_closed_pipe_exit_141(args: str) -> None:
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"{PROGRAM} {args} | true"],
        capture_output=True,
        text=True,
        env=run_env(),
        check=False,
    )
    assert (done.returncode, done.stderr) == (141, "")


def test_markdown_shows_a_cancer_name_as_text_never_as_html() -> None:
    # A name is read word by word, so markup words are not understood (exit 2); markup
    # punctuation around words that read still reaches the handout, escaped.
    refused = invoke("check", "--cancer", "<img src=x onerror=alert(1)> lung", "--no-input")
    assert refused.exit_code == 2
    markup = invoke("check", "--cancer", "<lung> *cancer*", "--no-input")
    assert markup.exit_code == 2  # marks that are not part of a name are asked about
    result = invoke("check", "--cancer", "[lung](cancer) `cancer`", "--no-input", "-f", "markdown")
    assert result.exit_code == 0
    # escaped brackets make no link; escaped backticks no code
    assert result.stdout.startswith("# Cryotherapy: \\[lung\\](cancer) \\`cancer\\`\n")


def test_rule_text_in_markdown_exports_stays_verbatim(folder: Path) -> None:
    text = (folder / "liver.yaml").read_text(encoding="utf-8")
    text = text.replace("name: Liver cancer", 'name: "Liver *cancer* `x` [a](b) <i>_y_</i> | z"')
    (folder / "liver.yaml").write_text(text, encoding="utf-8")
    handout = invoke("rules", "export", "-f", "markdown", "liver", "--rules", "rules").stdout
    assert "## Liver \\*cancer\\* \\`x\\` \\[a\\](b) \\<i\\>\\_y\\_\\</i\\> \\| z (`liver`)" in (
        handout
    )
    flow = invoke("rules", "export", "-f", "mermaid", "liver", "--rules", "rules").stdout
    assert "## Liver \\*cancer\\*" in flow


def test_mermaid_labels_cannot_end_early_or_start_a_statement() -> None:
    kidney = shipped_rules().cancers["kidney"]
    hostile = kidney._replace(
        id="end", name='Kidney"]\n    click c_kidney "javascript:alert(1)"\n    x["#1;'
    )
    lines = mermaid(hostile)
    assert lines[1] == (
        '    c_end["Kidney#quot;] click c_kidney #quot;javascript:alert(1)#quot; '
        'x[#quot;#35;1#59;"]'
    )
    assert not any(line.lstrip().startswith("click") for line in lines)
    assert all(line.split()[0].startswith("c_end") for line in lines[1:])


# --- what else may watch a run ---------------------------------------------------------------


def test_no_pydantic_plugin_sees_answers_or_rule_files(tmp_path: Path) -> None:
    """A pydantic plugin installed beside cryo-check (a package with a `pydantic` entry point)
    would see every value pydantic validates; cryo-check runs with plugins off. The control
    run proves the plugin is found and loaded when pydantic is used without cryo-check."""
    site = tmp_path / "site"
    (site / "spy-1.0.dist-info").mkdir(parents=True)
    (site / "spy-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: spy\nVersion: 1.0\n", encoding="utf-8"
    )
    (site / "spy-1.0.dist-info" / "entry_points.txt").write_text(
        "[pydantic]\nspy = spy:plugin\n", encoding="utf-8"
    )
    (site / "spy.py").write_text(
        "import sys\n"
        "class Plugin:\n"
        "    def new_schema_validator(self, *args, **kwargs):\n"
        "        sys.stderr.write('SPY SAW A VALIDATOR\\n')\n"
        "        return None, None, None\n"
        "plugin = Plugin()\n",
        encoding="utf-8",
    )
    env = {"PYTHONPATH": str(site)}
    control = shell(f"{sys.executable} -c 'import pydantic; pydantic.TypeAdapter(int)'", env)
    assert "SPY SAW A VALIDATOR" in control.stderr
    for args in (
        "check -c kidney -s early --size 3cm --fit-for-surgery no -f json",
        f"rules validate --rules {RULES_DIR}",
    ):
        done = shell(f"{PROGRAM} {args}", env)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""


# --- work bounded by what a rule folder may declare ------------------------------------------


def choice_questions_folder(tmp_path: Path, count: int) -> Path:
    """A copy of examples/extra-question whose liver criteria read ``count`` more choice
    questions of six choices each: (6 + 1) ** count combinations, unknown included."""
    from .conftest import REPO

    folder = tmp_path / f"choices-{count}"
    shutil.copytree(REPO / "examples" / "extra-question", folder)
    quote = "Invented for a class exercise; neither document gives an age limit."
    questions = (folder / "questions.yaml").read_text(encoding="utf-8")
    for i in range(count):
        choices = "".join(f"      - {{value: {c}{i}, label: {c}}}\n" for c in "abcdef")
        questions += (
            f"\n  - id: q{i}\n    kind: choice\n    label: choice {i}\n    prompt: Choice {i}?\n"
            f"    help: a to f\n    choices:\n{choices}    unknown: [unknown]\n"
        )
    (folder / "questions.yaml").write_text(questions, encoding="utf-8")
    criteria = "".join(
        f"  - id: c{i}\n    question: q{i}\n    label: choice {i} is a\n"
        f"    test: {{equals: a{i}}}\n    source: class-exercise\n    quote: {quote}\n"
        for i in range(count)
    )
    met = ", ".join(f"c{i}: met" for i in range(count))
    decisions = (
        f"  - when: {{{met}}}\n    verdict: commonly_considered\n    reason: all a\n"
        + "".join(
            f"  - when: {{c{i}: not_met}}\n    verdict: not_typically_considered\n"
            "    reason: not a\n"
            for i in range(count)
        )
    )
    answers = ", ".join(f"q{i}: a{i}" for i in range(count))
    (folder / "liver.yaml").write_text(
        "id: liver\nname: Liver cancer\nkind: cancer\n"
        "aliases: [liver cancer, hepatic cancer, liver tumour, hepatocellular carcinoma, hcc, "
        "hepatocellular, hepatoma, hepatic]\n"
        "listed_in:\n  source: itc-overview\n  quote: Liver cancer\n"
        f"criteria:\n{criteria}decisions:\n{decisions}"
        f"examples:\n  - answers: {{{answers}}}\n    expect: commonly_considered\n"
        "  - answers: {q0: b0}\n    expect: not_typically_considered\n"
        "  - answers: {}\n    expect: insufficient_information\n",
        encoding="utf-8",
    )
    return folder


def test_a_type_whose_answers_combine_past_the_limit_is_refused_not_enumerated(
    tmp_path: Path,
) -> None:
    """Seven to the power of the questions read: every command that enumerates them (validate,
    check, tables, the classroom page, completion) would hang on a folder that passed."""
    small = choice_questions_folder(tmp_path, 3)  # 343 combinations: allowed
    assert invoke("rules", "validate", "--rules", str(small)).exit_code == 0
    large = choice_questions_folder(tmp_path, 4)  # 2,401
    for args in (("rules", "validate"), ("check", "-c", "liver", "--no-input")):
        result = invoke(*args, "--rules", str(large))
        assert result.exit_code == 1
        assert (
            f"{large.name}/liver.yaml:8:1: criteria: the criteria read 4 questions with more than "
            "1,000 combinations of answers between them (unknown included)"
        ) in result.stdout + result.stderr


def test_a_rules_folder_that_is_a_link_loop_is_one_line_exit_1() -> None:
    Path("loop").symlink_to("loop")
    for args, env in (
        (("check", "-c", "kidney", "--no-input", "--rules", "loop"), None),
        (("rules", "validate"), {"CRYO_CHECK_RULES": "loop"}),
    ):
        result = invoke(*args, env=env)
        assert result.exit_code == 1
        assert "loop: the rules folder cannot be read: Too many levels of symbolic links" in (
            result.stdout + result.stderr
        )
        assert "Traceback" not in result.stdout + result.stderr


def test_a_yaml_batch_past_its_limit_is_refused_without_reading_the_rest() -> None:
    """An endless YAML stream (a pipe that never ends) is refused once 1 MiB is read."""
    from cryo_check.commands.batch import read_cases
    from cryo_check.errors import InputError

    class Endless:
        lines = 0

        def read(self, limit: int = -1) -> bytes:
            self.lines += 1
            return b"- {cancer: kidney}\n" if limit else b""

    stream = Endless()
    with pytest.raises(InputError, match="a YAML batch is limited to 1 MiB"):
        list(read_cases(stream, "<stdin>", "yaml", shipped_rules()))  # type: ignore[arg-type]
    assert stream.lines < MAX_YAML_CHARS // 10


def test_save_answers_keeps_a_replaced_files_mode_and_owner() -> None:
    Path("private.yaml").write_text("old: 1\n", encoding="utf-8")
    Path("private.yaml").chmod(0o600)
    assert invoke("check", *KIDNEY, "--no-input", "--save-answers", "private.yaml").exit_code == 0
    assert Path("private.yaml").stat().st_mode & 0o777 == 0o600
    assert "cancer: " in Path("private.yaml").read_text(encoding="utf-8")
    if os.geteuid() == 0:  # only root can give a file to another user
        Path("theirs.yaml").write_text("old: 1\n", encoding="utf-8")
        os.chown("theirs.yaml", 65534, 65534)
        assert (
            invoke("check", *KIDNEY, "--no-input", "--save-answers", "theirs.yaml").exit_code == 0
        )
        assert (Path("theirs.yaml").stat().st_uid, Path("theirs.yaml").stat().st_gid) == (
            65534,
            65534,
        )


def test_save_answers_to_a_path_ending_in_a_slash_writes_nothing() -> None:
    result = invoke("check", *KIDNEY, "--no-input", "--save-answers", "new/")
    assert result.exit_code == 2
    assert result.stderr == (
        "cryo-check: error: --save-answers: cannot write 'new/': it names a folder (it ends with "
        "'/') (give a file name, e.g. case.yaml)\n"
    )
    assert list(Path().iterdir()) == []


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("check", "--rules", "x" * 3000), "the rules folder cannot be read: File name too long"),
        (("batch", "y" * 3000 + ".csv"), "cannot read"),
    ],
    ids=["rules", "batch"],
)
def test_a_huge_path_is_shortened_so_the_reason_still_shows(
    args: tuple[str, ...], reason: str
) -> None:
    result = invoke(*args)
    assert result.exit_code in (1, 2)
    (line,) = result.stderr.splitlines()
    assert len(line) < 600
    assert reason in line
    assert "…" in line
