"""Every parser, fed anything: it answers or refuses with a located error, promptly, and writes
nothing it was not asked to write. Never an unexpected exception, never exit 3.

Sizes and choices (``Question.parse``), cancer names (``RuleSet.resolve``), answer files,
batch rows in each input format, rule files (``check_rules`` on a folder), and the command
line itself (``cli.run``).
"""

from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cryo_check.commands.answerfile import read_answers
from cryo_check.commands.batch import run_batch
from cryo_check.core.case import read
from cryo_check.core.questions import Answers
from cryo_check.core.ruleset import Cancer
from cryo_check.errors import AnswerError, InputError
from cryo_check.rulebook.loader import shipped_rules
from cryo_check.rulebook.validation import check_rules

from .conftest import RULES_DIR

RULES = shipped_rules()
#: Seconds any one input may take, however hostile (generous: the machine may be busy).
BOUND = 2.0
FAST = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
FEW = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

#: Text a hostile person types: anything, plus the characters that break formats.
hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(
        alphabet="\x00\x1b\u202e\u200b\n\r\t\"',;|*_`[]<>&#\\{}-=+. 0123456789cmin", max_size=60
    ),
    st.sampled_from(["kidney", "3cm", "3.9999cm", "1e400", "nan", "-0", "4" * 400, "yes"]),
)
any_value = st.one_of(
    hostile_text,
    st.integers(min_value=-(10**500), max_value=10**500),
    st.floats(),
    st.booleans(),
    st.none(),
    st.decimals(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


class Timer:
    def __enter__(self) -> Timer:
        self.start = time.monotonic()
        return self

    def __exit__(self, *_: object) -> None:
        took = time.monotonic() - self.start
        assert took < BOUND, f"took {took:.2f}s"


@FAST
@given(question=st.sampled_from(sorted(RULES.questions)), raw=any_value)
def test_every_answer_is_parsed_or_refused_promptly(question: str, raw: object) -> None:
    refused: AnswerError | None = None
    with Timer():
        try:
            RULES.question(question).parse(raw)
        except AnswerError as exc:
            refused = exc
    if refused is not None:
        assert 0 < len(refused.message) < 500


@FAST
@given(text=hostile_text)
def test_every_cancer_name_resolves_or_is_refused_promptly(text: str) -> None:
    with Timer():
        try:
            found = RULES.resolve(text)
        except AnswerError:
            return
        assert found is None or isinstance(found, Cancer)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def listing(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.lstat().st_size for p in folder.rglob("*")}


answer_file_text = st.one_of(
    st.binary(max_size=500).map(lambda b: b.decode("latin-1")),
    st.dictionaries(st.sampled_from([*RULES.questions, "x"]), any_value, max_size=5).map(repr),
    st.dictionaries(st.sampled_from([*RULES.questions, "x"]), hostile_text, max_size=5).map(
        lambda d: "".join(f"{k}: {v}\n" for k, v in d.items())
    ),
    st.sampled_from(['{"cancer": 1' + "0" * 5000 + "}", "a: &a [*a]", "[" * 5000, "- x\n"]),
)


@FAST
@given(name=st.sampled_from(["case.yaml", "case.json", "case.txt"]), text=answer_file_text)
def test_every_answer_file_is_read_or_refused_with_one_line(
    workdir: Path, name: str, text: str
) -> None:
    (workdir / name).write_bytes(text.encode("utf-8", "surrogatepass"))
    refused: InputError | None = None
    with Timer():
        try:
            answers, where, _ = read(RULES, read_answers(name, RULES))
        except InputError as exc:
            refused = exc
    if refused is not None:
        assert "\n" not in str(refused)
    else:
        assert isinstance(answers, Answers)
        assert set(where) >= set(answers)


def rows(fmt: str) -> st.SearchStrategy[str]:
    cell = st.one_of(hostile_text, st.sampled_from(["kidney", "early", "3cm", "no", "lung"]))
    if fmt == "csv":
        line = st.lists(cell, min_size=1, max_size=6).map(lambda cells: ",".join(cells))
        header = st.sampled_from(["id,cancer,stage,size,fit_for_surgery", "cancer", "x,y"])
        return st.tuples(header, st.lists(line, max_size=8)).map(
            lambda t: "\n".join([t[0], *t[1]]) + "\n"
        )
    if fmt == "jsonl":
        obj = st.dictionaries(st.sampled_from([*RULES.questions, "id", "x"]), any_value)
        line = st.one_of(obj.map(repr), hostile_text, obj.map(lambda d: str(d).replace("'", '"')))
        return st.lists(line, max_size=8).map(lambda lines: "\n".join(lines) + "\n")
    item = st.dictionaries(st.sampled_from([*RULES.questions, "id"]), hostile_text, max_size=4)
    return st.one_of(
        st.lists(item, max_size=8).map(
            lambda items: "".join(
                "- {" + ", ".join(f"{k}: {v!r}" for k, v in i.items()) + "}\n" for i in items
            )
        ),
        hostile_text,
    )


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "yaml"])
@pytest.mark.parametrize("output", ["jsonl", "csv", "table"])
def test_every_batch_is_run_or_refused_with_one_line(fmt: str, output: str) -> None:
    @FEW
    @given(text=rows(fmt), strict=st.booleans())
    def check(text: str, strict: bool) -> None:
        out, err = io.StringIO(), io.StringIO()
        refused = ""
        with Timer():
            try:
                run_batch(
                    RULES, io.StringIO(text), "cases", fmt, output, strict=strict, out=out, err=err
                )
            except InputError as exc:
                refused = str(exc)
        assert "\n" not in refused
        written = out.getvalue() + err.getvalue()
        assert "\x1b" not in written
        assert "\u202e" not in written

    check()


@pytest.fixture(scope="module")
def small_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz") / "rules"
    folder.mkdir()
    for name in ("sources.yaml", "questions.yaml", "liver.yaml"):
        shutil.copy(RULES_DIR / name, folder / name)
    return folder


@FEW
@given(data=st.data())
def test_every_rule_file_is_checked_never_crashes(small_folder: Path, data: st.DataObject) -> None:
    path = small_folder / "liver.yaml"
    original = (RULES_DIR / "liver.yaml").read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    at = data.draw(st.integers(min_value=0, max_value=len(lines)))
    new = data.draw(
        st.one_of(
            hostile_text.map(lambda t: t + "\n"),
            st.sampled_from(
                [
                    "name: 'a\\u202eb'\n",
                    "extra: !!python/object/apply:os.system ['true']\n",
                    f"x: {'9' * 5000}\n",
                    "y: &a [*a, *a]\n",
                    "\t\tbad\n",
                ]
            ),
        )
    )
    try:
        path.write_text("".join([*lines[:at], new, *lines[at:]]), encoding="utf-8")
        with Timer():
            checked = check_rules(small_folder)
        for problem in checked.problems:
            assert "\n" not in str(problem)
            assert "None" not in str(problem).split(":")[1:3]
    finally:
        path.write_text(original, encoding="utf-8")


#: The words of the command line, and things a person (or an attacker) might put among them.
WORDS = [
    "check", "info", "batch", "demo", "rules", "list", "show", "validate", "test", "table",
    "export", "--help", "--version", "-c", "--cancer", "-s", "--stage", "--size",
    "--fit-for-surgery", "--answer", "-a", "--answers", "--format", "-f", "--no-input",
    "--rules", "--sources", "--input-format", "--strict", "--list", "kidney", "renal", "lung",
    "early", "spread", "3cm", "no", "yes", "json", "markdown", "text", "csv", "jsonl",
    "mermaid", "stage=early", "missing.yaml", "nowhere", "=", "--", "",
]  # fmt: skip


@FEW
@given(
    args=st.lists(st.one_of(st.sampled_from(WORDS), hostile_text.filter(lambda t: t != "-")),
                  max_size=8)
)  # fmt: skip
def test_every_command_line_exits_with_a_documented_code_and_writes_nothing(
    workdir: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from cryo_check.cli import run

    args = [a.replace("\x00", "") for a in args]  # the OS cannot pass a NUL in an argument
    before = listing(workdir)
    with Timer():
        code = run(args)
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), err
    assert "internal error" not in err
    assert all(len(line) <= 1100 for line in err.splitlines())
    assert listing(workdir) == before
    assert "\x1b" not in out + err


def test_the_fuzzed_folder_is_left_as_it_was(small_folder: Path) -> None:
    assert sorted(p.name for p in small_folder.iterdir()) == [
        "liver.yaml",
        "questions.yaml",
        "sources.yaml",
    ]
    assert (small_folder / "liver.yaml").read_bytes() == (RULES_DIR / "liver.yaml").read_bytes()
