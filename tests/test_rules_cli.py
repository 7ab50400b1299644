"""``cryo-check rules …`` and ``info``: on the shipped rules, and on broken and hostile folders."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from cryo_check import DISCLAIMER

from .conftest import RULES_DIR, invoke

FLAT_DISCLAIMER = " ".join(DISCLAIMER.split())


def flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


# --- the shipped rules -------------------------------------------------------------------


def test_validate_the_shipped_rules() -> None:
    result = invoke("rules", "validate")
    assert result.exit_code == 0
    assert result.stdout.endswith("files, 10 cancer types, 2 sources: no problems\n"), result.stdout


def test_the_shipped_examples_all_pass() -> None:
    result = invoke("rules", "test")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[-1] == "66 passed, 0 failed"
    assert "rules/kidney.yaml .........." in lines


def test_list() -> None:
    result = invoke("rules", "list")
    assert result.exit_code == 0
    out = flat(result.stdout)
    assert out.startswith("10 covered types rules from rules")
    assert "kidney — Kidney cancer (rules/kidney.yaml)" in out
    assert "names: kidney cancer, renal, renal cancer" in out
    assert "under-4cm: size is under 4 cm (kidney-page)" in out
    assert "cervical-precancer — Precancerous cells in the cervix" in out
    assert "no criteria: the type alone decides" in out
    assert "itc-overview: “What Is Cryotherapy for Cancer?”" in out
    assert FLAT_DISCLAIMER in out


def test_list_as_json() -> None:
    result = invoke("rules", "list", "--format", "json")
    data = json.loads(result.stdout)
    kidney = next(c for c in data["cancers"] if c["id"] == "kidney")
    assert kidney["criteria"] == [
        {"id": "early-stage", "question": "stage", "test": "early", "source": "kidney-page"},
        {"id": "under-4cm", "question": "size", "test": "under 4 cm", "source": "kidney-page"},
        {
            "id": "not-fit-for-surgery",
            "question": "fit_for_surgery",
            "test": "no",
            "source": "kidney-page",
        },
    ]
    assert [s["id"] for s in data["sources"]] == ["itc-overview", "kidney-page"]
    assert data["disclaimer"] == DISCLAIMER


@pytest.mark.parametrize("name", ["kidney", "renal"])
def test_show_draws_the_decision_paths(name: str) -> None:
    result = invoke("rules", "show", name)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Kidney cancer — id kidney, a cancer, in rules/kidney.yaml")
    for line in [
        "│   ├── stage: early",
        "│   │   ├── tumour size: under 4 cm",
        "│   │   │   ├── fit enough for surgery: yes → Cryotherapy may be considered",
        "│   │   │   └── fit enough for surgery: no → Cryotherapy is commonly considered",
        "│   │   └── tumour size: 4 cm or more → Cryotherapy is not typically considered",
        "│   ├── stage: locally-advanced → Cryotherapy is not typically considered",
    ]:
        assert line in out.splitlines()
    assert "question: size; met when it is under 4 cm" in out
    assert FLAT_DISCLAIMER in flat(out)


def test_show_an_unknown_type() -> None:
    result = invoke("rules", "show", "kidny")
    assert result.exit_code == 2
    assert result.stderr == (
        "cryo-check: error: ID: 'kidny' is not a name cryo-check knows (did you mean 'kidney'? "
        "'cryo-check rules list' shows every covered type)\n"
    )


def test_export_markdown_handout() -> None:
    result = invoke("rules", "export", "--format", "markdown")
    out = result.stdout
    assert result.exit_code == 0
    assert out.startswith("# Cryotherapy for cancer: what the two documents say\n")
    assert out.count("\n## ") == 11  # ten types and the sources
    assert "| The tumour is less than 4 cm across | size | under 4 cm |" in out
    assert out.rstrip().endswith(f"**Disclaimer:** {DISCLAIMER}")


def test_how_many_documents_comes_from_the_rules_not_the_code(tmp_path: Path) -> None:
    """A folder with a third (dated, uncited) source says "three" wherever the whole rule set
    is described; a check counts the documents it cites."""
    folder = tmp_path / "three"
    shutil.copytree(RULES_DIR, folder)
    with (folder / "sources.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "\n  - id: class-notes\n    title: Notes for a class\n"
            "    description: A made-up third document, to count.\n    date: 2026-01-01\n"
        )
    rules = ("--rules", str(folder))
    assert invoke("rules", "validate", *rules).exit_code == 0
    export = invoke("rules", "export", "-f", "markdown", *rules).stdout
    assert export.startswith("# Cryotherapy for cancer: what the three documents say\n")
    assert invoke("info", *rules).stdout.startswith(
        "Cryotherapy for cancer: what the three documents say\n"
    )
    page = invoke("check", "-c", "kidney", "--no-input", "-f", "html", *rules).stdout
    assert '<p class="muted">cryo-check: what the two documents say</p>' in page
    bone = invoke("check", "-c", "bone", "--stage", "early", "--no-input", "--details").stdout
    assert "according to the one document cited below." in " ".join(bone.split())
    bone_page = invoke("check", "-c", "bone", "--no-input", "-f", "html").stdout
    assert '<p class="muted">cryo-check: what the one document says</p>' in bone_page


def test_export_mermaid_for_one_type() -> None:
    result = invoke("rules", "export", "-f", "mermaid", "liver")
    assert result.exit_code == 0
    block = result.stdout.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert block.splitlines() == [
        "flowchart TD",
        '    c_liver["Liver cancer"]',
        '    c_liver_q1{"Stage?"}',
        "    c_liver --> c_liver_q1",
        '    c_liver_may_be_considered(["Cryotherapy may be considered"])',
        '    c_liver_q1 -->|"early"| c_liver_may_be_considered',
        '    c_liver_not_typically_considered(["Cryotherapy is not typically considered"])',
        '    c_liver_q1 -->|"locally-advanced"| c_liver_not_typically_considered',
        '    c_liver_q1 -->|"spread"| c_liver_not_typically_considered',
    ]
    assert DISCLAIMER in result.stdout


def test_info_in_general_and_for_one_type() -> None:
    general = flat(invoke("info").stdout)
    kidney = flat(invoke("info", "kidney").stdout)
    liver = flat(invoke("info", "liver").stdout)
    probe = "“A cryoprobe is a thin, wand-like needle that can be inserted into an incision"
    kidney_only = "“The surgeon finds the cancer using an x-ray or ultrasound scan.” (kidney-page)"
    for topic in ("How it is done", "Side effects", "Repeat treatment"):
        assert topic in general
    for out in (general, kidney, liver):
        assert probe in out
    for label in ("Freeze–thaw cycles:", "Imaging guidance:", "Anaesthetic:"):  # noqa: RUF001
        assert label in general
    assert kidney_only in kidney
    assert kidney_only not in liver
    assert kidney_only not in general
    for out in (general, kidney, liver):
        assert FLAT_DISCLAIMER in out


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_info_formats_end_with_the_disclaimer(fmt: str) -> None:
    result = invoke("info", "cervical-precancer", "--format", fmt)
    assert result.exit_code == 0
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["cancer_type"] == "cervical-precancer"
        assert data["disclaimer"] == DISCLAIMER
        side = next(t for t in data["topics"] if t["id"] == "side-effects")
        assert any("cervix may result in watery discharge" in p["quote"] for p in side["points"])
    else:
        assert result.stdout.rstrip().endswith(f"**Disclaimer:** {DISCLAIMER}")


# --- broken and hostile rule folders -----------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(RULES_DIR, copy)
    return copy


def edit(folder: Path, name: str, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` once in ``name``; the 1-based line ``new`` starts on."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1


BROKEN = [
    # (file, old, new, the text on the line that must be named, expected message)
    (
        "kidney.yaml",
        "name: Kidney cancer",
        "name: [Kidney cancer",
        "kind: cancer",
        "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence that "
        "starts at line 4, column 7)",
    ),
    (
        "kidney.yaml",
        "    quote: So it's used",
        "    quotes: So it's used",
        None,
        "criteria[not-fit-for-surgery].quotes: unknown key 'quotes' (fix: did you mean 'quote'?)",
    ),
    (
        "kidney.yaml",
        "test: {less_than: 4cm}",
        "test: {less_than: four}",
        None,
        "criteria[under-4cm].test.less_than: 'four' is not a tumour size (give a number with cm",
    ),
    (
        "kidney.yaml",
        "    question: size",
        "    question: weight",
        None,
        "criteria[under-4cm].question: unknown question 'weight' (use one of: stage, size, "
        "fit_for_surgery)",
    ),
    (
        "kidney.yaml",
        "    label: The person is not fit enough for surgery\n",
        "",
        "  - id: not-fit-for-surgery",
        "criteria[not-fit-for-surgery].label: missing required key 'label' (fix: add 'label')",
    ),
    (
        "kidney.yaml",
        "    source: kidney-page",
        "    source: kidney-pg",
        None,
        "criteria[early-stage].source: unknown source 'kidney-pg' (fix: use one of: "
        "itc-overview, kidney-page)",
    ),
    (
        "liver.yaml",
        "aliases: [liver cancer",
        "aliases: [renal, liver cancer",
        None,
        "aliases[0]: 'renal' is already a name of 'kidney' (rules/kidney.yaml)",
    ),
    (
        "liver.yaml",
        "id: liver",
        "id: hepatic",
        None,
        "id: the id 'hepatic' does not match the file name 'liver.yaml'",
    ),
    (
        "kidney.yaml",
        "when: {under-4cm: not_met}",
        "when: {under-4cm: not_met, early-stag: met}",
        None,
        "decisions[3].when.early-stag: unknown criterion 'early-stag' (fix: did you mean "
        "'early-stage'?)",
    ),
    (
        "kidney.yaml",
        "  - when: {under-4cm: not_met}\n",
        "  - when: {under-4cm: not_met, early-stage: not_met}\n",
        "decisions:",
        "decisions: no decision gives a verdict for stage=early, size 4 cm or more, "
        "fit_for_surgery=yes (fix: add a decision that covers it)",
    ),
    (
        "kidney.yaml",
        "    expect: may_be_considered",
        "    expect: commonly_considered",
        "examples:",
        "examples: no example expects 'may_be_considered', which kidney can reach",
    ),
    (
        "liver.yaml",
        "  - when: {early-stage: not_met}\n    verdict: not_typically_considered",
        "  - when: {early-stage: met, smaller: open}\n    verdict: not_typically_considered",
        "  - when: {early-stage: met, smaller: open}\n    verdict: may_be_considered",
        "decisions[0]: decisions contradict each other for stage=early: decisions[0] says "
        "may_be_considered vs decisions[1] says not_typically_considered",
    ),
    (
        "sources.yaml",
        "    last_reviewed: 2019-01-17\n",
        "",
        "  - id: kidney-page",
        "sources[kidney-page]: give 'date' or 'last_reviewed': a source must be dated",
    ),
    (
        "kidney.yaml",
        "kind: cancer",
        "kind: cancer\nkind: precancer",
        "kind: precancer",
        "duplicate key 'kind' (fix: keep one of them)",
    ),
    (
        "kidney.yaml",
        "id: kidney",
        "id: kidney\nx: !!python/object/apply:os.system ['touch PWNED']",
        "x: !!python",
        "tag '!!python/object/apply:os.system' is not allowed: only plain data is accepted",
    ),
    # The question a name's words answer is declared in names.yaml, and must be one.
    (
        "names.yaml",
        "  question: stage",
        "  question: stag",
        None,
        "answered_by_names.question: 'stag' is not a question in questions.yaml (fix: did "
        "you mean 'stage'?",
    ),
    (
        "names.yaml",
        "  spread: spread",
        "  spread: metastatic",
        None,
        "answered_by_names.spread: 'metastatic' is not a choice of 'stage' (fix: choose one "
        "of: early, locally-advanced, spread)",
    ),
    (
        "names.yaml",
        "answered_by_names:\n  question: stage\n  spread: spread\n",
        "",
        "shared:",
        "missing required key 'answered_by_names'",
    ),
    (
        "kidney.yaml",
        "id: kidney",
        "id: !include other.yaml",
        None,
        "tag '!include' is not allowed: only plain data is accepted",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "anchor", "message"), BROKEN)
def test_a_broken_rule_file_is_reported_with_its_line(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    old: str,
    new: str,
    anchor: str | None,
    message: str,
) -> None:
    monkeypatch.chdir(folder.parent)
    edit(folder, name, old, new)
    text = (folder / name).read_text(encoding="utf-8")
    line = text[: text.index(anchor or new)].count("\n") + 1
    result = invoke("rules", "validate", "--rules", "rules")
    assert result.exit_code == 1
    *problems, summary = result.stdout.splitlines()
    assert re.fullmatch(r"[12] problems? in 1 of 15 files", summary), result.stdout
    (reported,) = [p for p in problems if message in p]
    assert reported.startswith(f"rules/{name}:{line}:"), (line, reported)
    # `check` refuses the same folder with the same message, on stderr, exit 1.
    checked = invoke("check", "-c", "kidney", "--no-input", "--rules", "rules")
    assert checked.exit_code == 1
    assert checked.stdout == ""
    assert f"cryo-check: error: {reported}" in checked.stderr.splitlines()
    assert "Traceback" not in checked.stderr
    # `rules test` counts the broken file as a failure, never as skipped.
    tested = invoke("rules", "test", "--rules", "rules")
    assert tested.exit_code == 1
    assert f"INVALID {reported}" in tested.stdout.splitlines()
    assert re.fullmatch(r"\d+ passed, [1-9]\d* failed", tested.stdout.splitlines()[-1])
    assert not (folder.parent / "PWNED").exists()
    assert not Path("PWNED").exists()


HOSTILE = [
    (
        "bomb.yaml",
        b'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
        + b"".join(
            f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n".encode()
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "the document expands to more than 100,000 values through anchors and aliases "
        "(an 'alias bomb')",
    ),
    (
        "deep.yaml",
        b"x: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        "values are nested more than 64 levels deep",
    ),
    (
        "latin1.yaml",
        "id: caf\xe9\n".encode("latin-1"),
        "the file is not UTF-8 text (byte 0xe9 cannot be decoded) (fix: save the file as UTF-8)",
    ),
    ("empty.yaml", b"", "the file is empty, not a mapping of keys"),
    ("list.yaml", b"- a\n- b\n", "the file is a list, not a mapping of keys"),
    ("recursive.yaml", b"a: &a [1, *a]\n", "alias '*a' refers to itself (a recursive alias)"),
    ("two.yaml", b"id: a\n---\nid: b\n", "the file holds more than one YAML document"),
    ("merge.yaml", b"base: &b {id: x}\nother:\n  <<: *b\n", "merge keys ('<<') are not supported"),
    ("huge.yaml", b"id: x\n" + b"# padding\n" * 120_000, "rule files are limited to 1,048,576"),
]


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE)
def test_a_hostile_rule_file_is_refused_by_name(
    folder: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: bytes, message: str
) -> None:
    monkeypatch.chdir(folder.parent)
    (folder / name).write_bytes(content)
    result = invoke("rules", "validate", "--rules", "rules")
    assert result.exit_code == 1
    reported = [ln for ln in result.stdout.splitlines() if message in ln]
    assert reported, result.stdout
    assert reported[0].startswith(f"rules/{name}")
    assert result.stdout.splitlines()[-1] == "1 problem in 1 of 16 files"  # 15 + the new one


def test_every_problem_in_every_file_is_reported(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder.parent)
    edit(folder, "kidney.yaml", "    quote: So it's used", "    quotes: So it's used")
    edit(folder, "kidney.yaml", "    question: size", "    question: weight")
    edit(folder, "liver.yaml", "kind: cancer", "kind: tumour")
    (folder / "bad.yaml").write_bytes(b"id: [\n")
    result = invoke("rules", "validate", "--rules", "rules")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == "5 problems in 3 of 16 files"
    # In folder order, then line order; a renamed key is both unknown and missing.
    assert [ln.split(": ")[0] for ln in lines[:-1]] == [
        "rules/bad.yaml:2:1",
        "rules/kidney.yaml:20:15",
        "rules/kidney.yaml:25:5",
        "rules/kidney.yaml:30:5",
        "rules/liver.yaml:5:7",
    ]


def test_a_failing_example_names_its_file_answers_and_both_verdicts(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder.parent)
    line = edit(folder, "kidney.yaml", "test: {less_than: 4cm}", "test: {less_than: 6cm}")
    assert line
    result = invoke("rules", "test", "--rules", "rules")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "rules/kidney.yaml ...FF....." in lines
    failures = [ln for ln in lines if ln.startswith("FAILED ")]
    text = (folder / "kidney.yaml").read_text(encoding="utf-8")
    example_line = text[: text.index("  - name: larger tumour")].count("\n") + 1
    assert failures[1] == (
        f"FAILED rules/kidney.yaml:{example_line}: example 'larger tumour' "
        "{stage: early, size: 5cm, fit_for_surgery: no}: "
        "expected not_typically_considered, got commonly_considered"
    )
    assert lines[-1] == "62 passed, 4 failed"


def test_an_educator_can_change_a_threshold_and_see_it_apply(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder.parent)
    edit(folder, "kidney.yaml", "test: {less_than: 4cm}", "test: {less_than: 6cm}")
    result = invoke(
        "check",
        "-c",
        "kidney",
        "-s",
        "early",
        "--size",
        "5cm",
        "--fit-for-surgery",
        "no",
        "--no-input",
        "-f",
        "json",
    )
    assert json.loads(result.stdout)["verdict"] == "not_typically_considered"
    monkeypatch.setenv("CRYO_CHECK_RULES", "rules")
    result = invoke(
        "check",
        "-c",
        "kidney",
        "-s",
        "early",
        "--size",
        "5cm",
        "--fit-for-surgery",
        "no",
        "--no-input",
        "-f",
        "json",
    )
    assert json.loads(result.stdout)["verdict"] == "commonly_considered"


def test_a_missing_folder(tmp_path: Path) -> None:
    result = invoke("rules", "validate", "--rules", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert "the rules folder does not exist" in result.stdout


def test_a_tab_is_named_as_the_problem(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder.parent)
    edit(folder, "bone.yaml", "  - id: early-stage\n", "  - id: early-stage\n\t")
    result = invoke("rules", "validate", "--rules", "rules")
    assert result.exit_code == 1
    assert "(fix: YAML indents with spaces, not tabs)" in result.stdout.splitlines()[0]


def test_a_missing_folder_named_by_the_environment_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    result = invoke("rules", "validate", env={"CRYO_CHECK_RULES": str(missing)})
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{missing}: the rules folder does not exist (it is named by $CRYO_CHECK_RULES) "
        "(fix: give a folder with --rules or $CRYO_CHECK_RULES)",
        "1 problem",
    ]


def test_scenarios_failing_because_their_type_is_broken_say_so(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder.parent)
    edit(folder, "kidney.yaml", "name: Kidney cancer", "name: [Kidney cancer")
    result = invoke("rules", "test", "--rules", "rules")
    failed = [ln for ln in result.stdout.splitlines() if ln.startswith("FAILED rules/scenarios")]
    assert failed
    assert all(
        ln.endswith("(is its type in rules/kidney.yaml, which does not validate?)") for ln in failed
    )


def test_control_characters_in_rule_text_are_refused_and_never_printed(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder.parent)
    edit(
        folder,
        "liver.yaml",
        "    reason: >-\n",
        '    reason: "\\e]8;;http://x/\\e\\\\Click\\e[8m"\n    old_reason: >-\n',
    )
    result = invoke("rules", "validate", "--rules", "rules")
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout
    assert "reason: U+001B is not allowed in text: it could hide text or drive a terminal" in (
        result.stdout
    )
    assert "old_reason" in result.stdout  # and the unknown key is reported too
