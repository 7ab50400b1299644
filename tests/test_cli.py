"""``cryo-check check`` through the real Typer app: output, errors and exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cryo_check import DISCLAIMER, __version__

from .conftest import LATE, REPO, SIZE_FIX, invoke, run_env

KIDNEY_SMALL = (
    "--cancer",
    "kidney",
    "--stage",
    "early",
    "--size",
    "3cm",
    "--fit-for-surgery",
    "no",
)


def check_json(*args: str) -> dict[str, Any]:
    result = invoke("check", *args, "--format", "json", "--no-input")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_json_for_the_case_the_kidney_page_describes() -> None:
    data = check_json(*KIDNEY_SMALL)
    assert data["cancer_type"] == "kidney"
    assert data["verdict"] == "commonly_considered"
    assert data["verdict_text"] == "Cryotherapy is commonly considered"
    assert data["missing"] == []
    assert data["disclaimer"] == DISCLAIMER
    assert data["criteria"] == [
        {
            "id": "early-stage",
            "label": "The cancer is at an early stage",
            "question": "stage",
            "test": "early",
            "answer": "early",
            "status": "met",
            "source": "kidney-page",
            "quote": "Cryotherapy is used to treat small, early stage kidney cancers less than "
            "4cm across.",
        },
        {
            "id": "under-4cm",
            "label": "The tumour is less than 4 cm across",
            "question": "size",
            "test": "under 4 cm",
            "answer": "3 cm",
            "status": "met",
            "source": "kidney-page",
            "quote": "Cryotherapy is used to treat small, early stage kidney cancers less than "
            "4cm across.",
        },
        {
            "id": "not-fit-for-surgery",
            "label": "The person is not fit enough for surgery",
            "question": "fit_for_surgery",
            "test": "no",
            "answer": "no",
            "status": "met",
            "source": "kidney-page",
            "quote": "So it's used for people who are not fit enough for surgery.",
        },
    ]
    assert data["what_if"] == [
        {
            "question": "stage",
            "answer": "locally-advanced",
            "verdict": "not_typically_considered",
            "text": "If the stage were locally-advanced: cryotherapy is not typically considered.",
        },
        {
            "question": "stage",
            "answer": "spread",
            "verdict": "not_typically_considered",
            "text": "If the stage were spread: cryotherapy is not typically considered.",
        },
        {
            "question": "size",
            "answer": "4 cm or more",
            "verdict": "not_typically_considered",
            "text": "If the tumour were 4 cm or more: cryotherapy is not typically considered.",
            "range_cm": {"min": 4, "max": 100, "min_inclusive": True, "max_inclusive": False},
        },
        {
            "question": "fit_for_surgery",
            "answer": "yes",
            "verdict": "may_be_considered",
            "text": "If the person were fit enough for surgery: cryotherapy may be considered.",
        },
    ]
    assert [s["id"] for s in data["sources"]] == ["itc-overview", "kidney-page"]
    assert data["cryo_check_version"] == __version__


def test_json_for_a_type_the_documents_do_not_cover() -> None:
    data = check_json("--cancer", "lung", "--stage", "early")
    assert (data["cancer_type"], data["verdict"]) == (None, "not_covered")
    assert data["criteria"] == []
    assert data["notes"][0]["text"].startswith(
        "'lung' names lung cancer, which is not one of the types these rules cover, so "
        "cryo-check says nothing about it."
    )


def test_json_lists_missing_answers_by_question_id() -> None:
    data = check_json("--cancer", "kidney", "--stage", "early")
    assert data["verdict"] == "insufficient_information"
    assert data["missing"] == ["size", "fit_for_surgery"]


CASES = [
    (KIDNEY_SMALL, "Cryotherapy is commonly considered"),
    (
        ("--cancer", "renal", "--stage", "early", "--size", "2", "--fit-for-surgery", "yes"),
        "Cryotherapy may be considered",
    ),
    (("--cancer", "kidney", "--stage", "spread"), "Cryotherapy is not typically considered"),
    (("--cancer", "lung"), "Not covered by the source documents"),
    (("--cancer", "kidney"), "Not enough information to say"),
    ((), "Not enough information to say"),
]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
@pytest.mark.parametrize(("args", "verdict_text"), CASES)
def test_every_format_says_the_verdict_in_words_and_ends_with_the_disclaimer(
    fmt: str, args: tuple[str, ...], verdict_text: str
) -> None:
    result = invoke("check", *args, "--format", fmt, "--no-input")
    assert result.exit_code == 0, result.stderr
    assert verdict_text in result.stdout
    flat = " ".join(result.stdout.replace("│", " ").split())
    assert " ".join(DISCLAIMER.split()) in flat
    if fmt == "markdown":
        assert result.stdout.rstrip().endswith(f"**Disclaimer:** {DISCLAIMER}")


def test_text_output_shows_the_criteria_table_with_quotes_and_sources() -> None:
    result = invoke("check", *KIDNEY_SMALL, "--no-input", "--details")
    out = result.stdout
    assert " ".join(out.split()).startswith(
        "Cryotherapy: Kidney cancer Verdict: Cryotherapy is commonly considered, "
        "according to the two documents cited below."
    )
    for header in ("Criterion", "Your answer", "Status", "Quote (source)"):
        assert header in out
    assert "(kidney-page)" in out
    assert "What would change the verdict" in out
    assert "• If the person were fit enough for surgery: cryotherapy may be considered." in out
    assert "\x1b[" not in out  # no colour codes when not writing to a terminal


def test_unused_answers_are_noted() -> None:
    result = invoke(
        "check",
        "-c",
        "liver",
        "-s",
        "early",
        "--size",
        "8cm",
        "--fit-for-surgery",
        "no",
        "--no-input",
        "--details",
    )
    text = " ".join(result.stdout.split())
    assert (
        "Your answer to fit_for_surgery (no) was not used: no criterion for Liver cancer " in text
    )
    # A size the documents set no limit for is not "unused": the verdict line says it is open.
    assert (
        "if the care team counts the tumour (8 cm) as smaller: the documents give no size" in text
    )


def test_without_a_terminal_nothing_is_asked() -> None:
    result = invoke("check", "--cancer", "kidney", input="early\n3\nno\n")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "Not enough information to say" in result.stdout


BAD_OPTIONS = [
    (
        ("--size", "-3cm"),
        f"--size: tumour size must be greater than 0, got '-3cm' ({SIZE_FIX})",
    ),
    (
        ("--size", "0"),
        f"--size: tumour size must be greater than 0, got '0' ({SIZE_FIX})",
    ),
    (
        ("--size", "nan"),
        f"--size: 'nan' is not a tumour size ({SIZE_FIX})",
    ),
    (
        ("--size", "inf"),
        f"--size: 'inf' is not a tumour size ({SIZE_FIX})",
    ),
    (
        ("--size", "1e999"),
        f"--size: '1e999' is not a tumour size ({SIZE_FIX})",
    ),
    (("--size", "3 km"), "--size: 'km' is not a unit I know, in '3 km' (use cm, mm or in)"),
    (
        ("--size", "250"),
        "--size: '250' (250 cm) is not a plausible tumour size (give a tumour size under 100 cm; "
        "check the unit (cm, mm or in))",
    ),
    (
        ("--size", "huge"),
        f"--size: 'huge' is not a tumour size ({SIZE_FIX})",
    ),
    (
        ("--stage", "late"),
        f"--stage: {LATE}",
    ),
    (
        ("--stage", "erly"),
        "--stage: 'erly' is not a valid answer (did you mean 'early'? choose one of: early, "
        "locally-advanced, spread, unknown)",
    ),
    (
        ("--fit-for-surgery", "maybe"),
        "--fit-for-surgery: 'maybe' is not a valid answer (choose one of: yes, no, unknown)",
    ),
    (
        ("--cancer", "kid\x07ney"),
        "--cancer: the cancer type contains control characters (type plain text, e.g. kidney)",
    ),
    (
        ("--cancer", "kidny"),
        "--cancer: 'kidny' is not a name cryo-check knows (did you mean 'kidney'? "
        "'cryo-check rules list' shows every covered type)",
    ),
    (
        ("--cancer", "skin"),
        "--cancer: 'skin' fits more than one covered type: the documents name three kinds of skin "
        "condition: basal cell carcinoma, squamous cell carcinoma and precancerous skin "
        "conditions (melanoma is a skin cancer they do not name) (choose one of: skin-bcc (Basal "
        "cell carcinoma (skin cancer)), skin-precancer (Precancerous skin conditions), skin-scc "
        "(Squamous cell carcinoma (skin cancer)))",
    ),
    (
        ("--cancer", "metastatic kidney cancer", "--stage", "early"),
        "--stage: the stage is given as 'early', but the cancer name 'metastatic kidney cancer' "
        "says 'spread' (give one stage: correct the name or the stage)",
    ),
    (
        ("--format", "xml"),
        "--format: 'xml' is not a format (choose one of: text, json, markdown, html)",
    ),
]


@pytest.mark.parametrize(("args", "line"), BAD_OPTIONS)
def test_bad_options_exit_2_with_one_line(args: tuple[str, ...], line: str) -> None:
    cancer = () if "--cancer" in args else ("--cancer", "kidney")
    result = invoke("check", *cancer, *args, "--no-input")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"cryo-check: error: {line}\n"


def test_a_broken_rules_folder_exits_1_naming_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text("sources: []\n", encoding="utf-8")
    result = invoke("check", "--cancer", "kidney", "--no-input", "--rules", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert any("sources.yaml:1:10: sources: List should have at least 1 item" in ln for ln in lines)
    assert "Traceback" not in result.stderr


def test_rules_folder_from_the_environment(tmp_path: Path) -> None:
    result = invoke("check", "-c", "kidney", "--no-input", env={"CRYO_CHECK_RULES": str(tmp_path)})
    assert result.exit_code == 1
    assert "no sources.yaml" in result.stderr


def test_version() -> None:
    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (0, f"cryo-check {__version__}\n")


def all_commands() -> list[tuple[str, ...]]:
    """Every command path, sub-commands included, from the real app."""
    import typer.main

    from cryo_check.cli import build_app

    found: list[tuple[str, ...]] = []

    def walk(group: Any, path: tuple[str, ...]) -> None:
        ctx = group.make_context("cryo-check", [], resilient_parsing=True)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            found.append((*path, name))
            if hasattr(command, "list_commands"):
                walk(command, (*path, name))

    walk(typer.main.get_command(build_app()), ())
    return found


def test_the_commands_are_the_documented_ones() -> None:
    assert sorted(all_commands()) == [
        ("batch",), ("check",), ("completion",), ("demo",), ("info",), ("quiz",), ("rules",),
        ("rules", "export"), ("rules", "list"), ("rules", "show"), ("rules", "table"),
        ("rules", "test"), ("rules", "validate"), ("schema",),
    ]  # fmt: skip
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for path in all_commands():
        assert f"cryo-check {' '.join(path)}" in readme, path


@pytest.mark.parametrize("path", all_commands(), ids=" ".join)
def test_every_command_and_option_has_help(path: tuple[str, ...]) -> None:
    import typer.main

    from cryo_check.cli import build_app

    command: Any = typer.main.get_command(build_app())
    for name in path:
        command = command.get_command(command.make_context("x", [], resilient_parsing=True), name)
    assert command.help, f"{path} has no help text"
    for param in command.params:
        assert getattr(param, "help", None), f"{path} {param.name} has no help text"
    result = invoke(*path, "--help")
    assert result.exit_code == 0
    assert f" Usage: cryo-check {' '.join(path)} " in result.stdout


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cryo_check", *args],
        capture_output=True,
        text=True,
        env=run_env(),
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_python_dash_m_runs_the_program() -> None:
    done = run_module("--version")
    assert (done.returncode, done.stdout) == (0, f"cryo-check {__version__}\n")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("check", "--sise", "3"),
            "cryo-check: error: no such option: --sise (Possible options: --size, --stage) "
            "(see 'cryo-check check --help')",
        ),
        (
            ("check", "--size"),
            "cryo-check: error: option '--size' requires an argument. (see 'cryo-check --help')",
        ),
        (
            ("chek",),
            "cryo-check: error: no such command 'chek'. Did you mean 'check', 'schema'? "
            "(see 'cryo-check --help')",
        ),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args: tuple[str, ...], line: str) -> None:
    done = run_module(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == line + "\n"


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--help"),
        ("info", "--help"),
        ("batch", "--help"),
        ("demo", "--help"),
        ("rules", "--help"),
        ("rules", "show", "--help"),
        ("check", *KIDNEY_SMALL, "--format", "json", "--no-input"),
    ],
)
def test_building_only_the_command_that_runs_changes_nothing(
    args: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    from cryo_check.cli import run

    full = invoke(*args)
    assert run(list(args)) == full.exit_code == 0
    assert capsys.readouterr().out == full.stdout


def shell(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        env=run_env(),
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        "check -c kidney -s early --size 3cm --fit-for-surgery no --no-input -f text",
        "check -c kidney -s early --size 3cm --fit-for-surgery no --no-input -f markdown",
        "check -c kidney -s early --size 3cm --fit-for-surgery no --no-input -f json",
        "--help",
        "rules show kidney",
    ],
)
def test_a_reader_that_stops_early_gives_141_not_an_error(args: str) -> None:
    # `true` exits at once, long before Python has started: every write meets a closed pipe.
    done = shell(f"{sys.executable} -m cryo_check {args} | true")
    assert (done.returncode, done.stderr) == (141, "")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_an_io_error_not_a_bug() -> None:
    done = shell(f"{sys.executable} -m cryo_check check -c lung --no-input -f json > /dev/full")
    assert done.returncode == 74
    assert done.stderr == (
        "cryo-check: error: cannot write the output: No space left on device "
        "(check the disk or path)\n"
    )


def test_text_written_to_a_file_has_no_trailing_spaces() -> None:
    out = invoke("check", *KIDNEY_SMALL, "--no-input", "--details").stdout
    assert out.count("\n") > 20
    assert [line for line in out.splitlines() if line != line.rstrip()] == []


@pytest.mark.parametrize("name", ["???", "42", "--"])
def test_a_name_without_letters_is_no_cancer_type(name: str) -> None:
    result = invoke("check", "--cancer", name, "--no-input")
    assert result.exit_code == 2
    assert result.stderr == (
        f"cryo-check: error: --cancer: {name!r} is not the name of a cancer type "
        "(give a type, e.g. kidney)\n"
    )


def test_custom_rules_say_whose_word_the_verdict_is(tmp_path: Path) -> None:
    import shutil

    from .conftest import RULES_DIR

    folder = tmp_path / "my-rules"
    shutil.copytree(RULES_DIR, folder)
    args = ("check", *KIDNEY_SMALL, "--no-input", "--details", "--rules", str(folder))
    # Compared without white space: a long temporary path is folded wherever the width ends.
    text = "".join(invoke(*args).stdout.split())
    assert "".join(f"according to the rules in {folder} (not the shipped rules)".split()) in text
    assert "documents cited below" not in text
    markdown = invoke(*args, "-f", "markdown").stdout
    assert f"according to the rules in {folder} (not the shipped rules)." in markdown
    assert json.loads(invoke(*args, "-f", "json").stdout)["rules_folder"] == str(folder)
    assert check_json(*KIDNEY_SMALL)["rules_folder"] is None


def test_every_result_points_to_how_it_is_done_and_side_effects() -> None:
    data = check_json(*KIDNEY_SMALL)
    more = data["more_information"]
    assert more["command"] == "cryo-check info kidney"
    assert [t["id"] for t in more["topics"]] == [
        "how-it-is-done",
        "side-effects",
        "repeat-treatment",
        "where-they-differ",
    ]
    assert all(p["quote"] and p["source"] for t in more["topics"] for p in t["points"])
    for fmt in ("text", "markdown", "html"):
        out = " ".join(
            invoke("check", *KIDNEY_SMALL, "--no-input", "--details", "-f", fmt).stdout.split()
        )
        assert "How it is done" in out, fmt
        assert "Side effects" in out, fmt
        assert "urine leakage" in out, fmt  # the kidney page's own list of side effects
        assert "cryo-check info kidney" in out, fmt
    assert check_json("-c", "lung")["more_information"]["command"] == "cryo-check info"


CASES_FOR_EVERY_FORMAT = [
    KIDNEY_SMALL,
    ("-c", "kidney"),
    ("-c", "liver", "-s", "early", "--size", "20cm"),
    ("-c", "bone", "-s", "spread"),
    ("-c", "lung"),
    ("-c", "skin-bcc", "--fit-for-surgery", "no"),
]


@pytest.mark.parametrize("case", CASES_FOR_EVERY_FORMAT, ids=" ".join)
def test_text_markdown_and_html_show_the_same_content(case: tuple[str, ...]) -> None:
    """Every quote, every source and every section title of a result is in each full format:
    the formats lay out one list of sections (core.sections), none chooses what to show."""
    from html import unescape

    from cryo_check.core.sections import Quote, check_sections, title_of
    from cryo_check.rulebook.loader import shipped_rules

    data = check_json(*case)
    sections = check_sections(data)
    quotes = {
        span.quote
        for section in sections
        for block in section.blocks
        for span in _spans(block)
        if isinstance(span, Quote)
    }
    assert quotes, case
    expected = [*(s.title for s in sections[1:]), f"Cryotherapy: {title_of(data)}", *quotes]
    expected += [str(s["id"]) for s in data["sources"]]
    assert shipped_rules() is not None
    for fmt in ("text", "markdown", "html"):
        out = invoke("check", *case, "--no-input", "--details", "-f", fmt).stdout
        if fmt == "html":
            out = unescape(re.sub(r"<[^>]+>", " ", out))
        if fmt == "markdown":
            out = re.sub(r"\\(.)", r"\1", out)  # the escaper's backslashes
        if fmt == "text":
            # A table's wrapped cells: read column by column, borders dropped.
            out = "\n".join(_columns(out))
        flat = "".join(out.split())
        missing = [piece for piece in expected if "".join(piece.split()) not in flat]
        assert not missing, (fmt, missing)


def _columns(text: str) -> list[str]:
    """Text with each box-drawn table's (or panel's) cells read column by column, as a person
    would; a border is kept, for the title a panel's top border carries."""
    out: list[str] = []
    table: list[list[str]] = []
    for line in text.splitlines():
        if line[:1] in "│┃":
            table.append(re.split(r"[│┃]", line.strip("│┃")))
        elif line[:1] in "┏┡├└┗╭╰":  # a border: the lines above it are one row's wrapped cells
            if table:
                width = max(len(row) for row in table)
                out += [" ".join(row[i] for row in table if i < len(row)) for i in range(width)]
                table = []
            out.append(line)
        else:
            out.append(line)
    return out


def _spans(block: object) -> list[object]:
    from cryo_check.core.sections import Bullets, Paragraph, QuoteBlock, Table

    if isinstance(block, Paragraph):
        return list(block.spans)
    if isinstance(block, QuoteBlock):
        return [block.quote]
    if isinstance(block, Bullets):
        return [span for item in block.items for span in item]
    if isinstance(block, Table):
        return [span for row in block.rows for cell in row for span in cell]
    return []


def test_sources_say_where_they_come_from_everywhere_they_are_listed() -> None:
    data = check_json(*KIDNEY_SMALL)
    by_id = {s["id"]: s for s in data["sources"]}
    assert "the text as kept lists no references" in by_id["itc-overview"]["provenance"]
    assert "NICE guidance" in by_id["kidney-page"]["provenance"]
    listing = " ".join(invoke("rules", "list").stdout.split())
    assert "references are hyperlinked; the text as kept lists no references." in listing
    info = " ".join(invoke("info").stdout.split())
    assert "names no author, no publisher and no funder" in info


def test_info_says_who_it_is_for_and_what_the_word_means() -> None:
    info = " ".join(invoke("info").stdout.split())
    assert "Who it is for" in info
    assert "“Cancer in the retina (retinoblastoma)”" in info
    assert "Cancer that has spread may require other treatment options." in info
    assert "What the word means" in info
    assert "can refer to various types of treatment" in info


def test_the_kidney_fit_for_surgery_verdict_also_cites_the_overview_listing() -> None:
    data = check_json("-c", "kidney", "-s", "early", "--size", "3cm", "--fit-for-surgery", "yes")
    assert data["verdict"] == "may_be_considered"
    (reason,) = data["reasons"]
    assert {"source": "itc-overview", "quote": "Kidney cancer"} in reason["evidence"]


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (("check", "-c", "kidney", "--stage", "spread", "--stage", "early"), "--stage / -s"),
        (("check", "-c", "kidney", "-c", "liver", "--no-input"), "--cancer / -c"),
        (("check", *KIDNEY_SMALL, "--size", "5cm", "--no-input"), "--size"),
        (("check", *KIDNEY_SMALL, "--answers", "a.yaml", "--answers", "b.yaml"), "--answers"),
        (("batch", "x.csv", "-f", "csv", "--format", "jsonl"), "--format / -f"),
        (("rules", "table", "kidney", "--rules", "a", "--rules", "b"), "--rules"),
    ],
)
def test_an_option_given_twice_is_refused_not_the_last_kept(
    args: tuple[str, ...], hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Click would keep the last value without a word (`--stage spread --stage early` read as
    early: a more favourable verdict than the words allow)."""
    from cryo_check.cli import run

    assert run(list(args)) == 2
    command = " ".join(a for a in args[:2] if a in ("check", "batch", "rules", "table"))
    out, err = capsys.readouterr()
    assert err == (
        f"cryo-check: error: invalid value for {hint}: it is given more than once: give it once "
        f"(only one value can count) (see 'cryo-check {command} --help')\n"
    )
    assert out == ""


def test_an_answer_given_by_option_and_by_answer_is_refused() -> None:
    result = invoke("check", "-c", "kidney", "-s", "spread", "-a", "stage=early", "--no-input")
    assert result.exit_code == 2
    assert "stage is answered twice (also by --stage)" in result.stderr


def test_repeatable_options_and_flags_may_repeat() -> None:
    result = invoke(
        "check",
        "-c",
        "kidney",
        "-a",
        "stage=early",
        "-a",
        "size=3cm",
        "--no-input",
        "--no-input",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["answers"]["size"] == "3 cm"


HOSTILE_TITLES = [
    "How it is <b>done</b> [click](http://evil.example)",
    "How it is done <script>alert(1)</script>",
    "# How it is done ![x](http://evil.example/x.png) `code` *em*",
]


def folder_with_topic_title(tmp_path: Path, title: str) -> Path:
    """A copy of the shipped rules whose topic "How it is done" is titled ``title``."""
    import shutil

    from .conftest import RULES_DIR

    folder = tmp_path / "my-rules"
    shutil.copytree(RULES_DIR, folder)
    info = folder / "info.yaml"
    shipped = info.read_text(encoding="utf-8")
    assert "title: How it is done" in shipped
    info.write_text(
        shipped.replace("title: How it is done", f"title: {json.dumps(title)}"), encoding="utf-8"
    )
    return folder


def tags_and_text(page: str) -> tuple[set[str], str]:
    """The tags an HTML parser finds in ``page`` (the page's own in-page links left out),
    and the text it shows, its white space folded."""
    from html.parser import HTMLParser

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: set[str] = set()
            self.texts: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag != "a" or not (dict(attrs).get("href") or "").startswith("#"):
                self.tags.add(tag)

        def handle_data(self, data: str) -> None:
            self.texts.append(data)

    parser = Tags()
    parser.feed(page)
    parser.close()
    return parser.tags, " ".join("".join(parser.texts).split())


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_a_rule_folders_hostile_topic_title_is_text_in_every_format(
    tmp_path: Path, title: str
) -> None:
    """Escaping comes from the span's type, so a title from a custom folder is text in the
    text, Markdown (read by a real Markdown parser) and HTML outputs alike."""
    from markdown_it import MarkdownIt

    folder = folder_with_topic_title(tmp_path, title)
    args = ("check", *KIDNEY_SMALL, "--no-input", "--details", "--rules", str(folder))
    assert title in invoke(*args).stdout

    rendered = MarkdownIt("commonmark").render(invoke(*args, "-f", "markdown").stdout)
    page = invoke(*args, "-f", "html").stdout

    for html_text in (rendered, page):
        tags, shown = tags_and_text(html_text)
        assert not {"a", "b", "img", "script"} & tags
        assert title in shown


OPEN_CASES = [
    # (options, the verdict line's qualifier, or None when the verdict rests on nothing open)
    (["-c", "liver", "-s", "early", "--size", "20cm"], "counts the tumour (20 cm) as smaller"),
    (["-c", "liver", "-s", "early", "--size", "1cm"], "counts the tumour (1 cm) as smaller"),
    (["-c", "prostate", "-s", "early"], "counts the tumour as smaller"),
    (["-c", "basal cell carcinoma", "-s", "early"], "counts the tumour as smaller"),
    (["-c", "bone", "-s", "early", "--size", "9cm"], "counts the tumour (9 cm) as smaller"),
    (["-c", "liver", "-s", "spread", "--size", "1cm"], None),
    (["-c", "kidney", "-s", "early", "--size", "3cm", "--fit-for-surgery", "no"], None),
]


@pytest.mark.parametrize(("options", "qualifier"), OPEN_CASES)
@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_a_verdict_resting_on_an_open_criterion_says_so_in_every_format(
    options: list[str], qualifier: str | None, fmt: str
) -> None:
    result = invoke("check", *options, "--no-input", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    shown = " ".join(result.stdout.split())
    if fmt == "json":
        document = json.loads(result.stdout)
        assert [o["id"] for o in document["open"]] == (["smaller"] if qualifier else [])
        shown = document["verdict_text"]
        assert document["as_of"] == "2026-04-20"
    if qualifier is None:
        assert "care team counts" not in shown
    else:
        assert f"may be considered, if the care team {qualifier}: the documents give no size" in (
            shown
        )


@pytest.mark.parametrize(
    ("today", "overdue"),
    [("2026-04-20", [True, True]), ("2022-01-01", [False, False]), ("2022-01-18", [False, True])],
)
def test_each_source_says_its_age_and_whether_it_is_due_for_review(
    today: str, overdue: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRYO_CHECK_TODAY", today)
    args = ["check", "-c", "kidney", "-s", "early", "--size", "5cm", "--no-input"]
    document = json.loads(invoke(*args, "--format", "json").stdout)
    assert document["as_of"] == today
    ids = [s["id"] for s in document["sources"]]
    assert [s["review_overdue"] for s in document["sources"]] == [
        dict(zip(["itc-overview", "kidney-page"], overdue, strict=True))[i] for i in ids
    ]
    card = invoke(*args).stdout
    assert card.count(", due for review: ") == sum(s["review_overdue"] for s in document["sources"])
    for fmt in ("text", "markdown", "html"):
        shown = " ".join(invoke(*args, "--details", "--format", fmt).stdout.split())
        assert shown.count("so due for review") == sum(
            s["review_overdue"] for s in document["sources"]
        )
        assert f"before {today}" in shown


@pytest.mark.parametrize(
    "value", ["2026-4-20", "20260420", "tomorrow", "2026-02-30", "", "\x1b[2J"]
)
def test_a_bad_date_is_one_located_line_and_exit_2(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRYO_CHECK_TODAY", value)
    result = invoke("check", "-c", "liver", "-s", "early", "--no-input")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "CRYO_CHECK_TODAY" in lines[0]
    assert "YYYY-MM-DD" in lines[0]
