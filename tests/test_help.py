"""Help people can learn from: every command shows real examples (each one is run here), value
placeholders read as words, and the generated command reference is current."""

from __future__ import annotations

import re
import shlex

import pytest

from cryo_check import __version__
from cryo_check.reference import shipped_files

from .conftest import REPO, invoke
from .test_cli import all_commands

WIDE = {"COLUMNS": "200"}


def help_text(path: tuple[str, ...]) -> str:
    result = invoke(*path, "--help", env=WIDE)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def examples(path: tuple[str, ...]) -> list[str]:
    """The invocations the help of ``path`` shows under Examples."""
    text = help_text(path)
    assert " Examples " in text, f"{' '.join(path) or 'cryo-check'} --help shows no examples"
    shown = text.split(" Examples ", 1)[1]
    return re.findall(r"^ \$ (cryo-check [^\n]*?)\s*$", shown, re.M)


ALL = [(), *all_commands()]
SHOWN = [(path, example) for path in ALL for example in examples(path)]


@pytest.mark.parametrize("path", ALL, ids=lambda p: " ".join(p) or "cryo-check")
def test_every_command_shows_an_example_of_itself(path: tuple[str, ...]) -> None:
    shown = examples(path)
    assert shown
    if path:
        assert any(e.startswith(" ".join(("cryo-check", *path))) for e in shown), shown


@pytest.mark.parametrize(("path", "example"), SHOWN, ids=[e for _, e in SHOWN])
def test_every_example_in_help_runs(
    path: tuple[str, ...], example: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)  # examples name files of the repository, e.g. examples/*.csv
    program, *args = shlex.split(example)
    assert program == "cryo-check"
    result = invoke(*args)
    assert result.exit_code == 0, (example, result.stderr)
    assert result.stdout


@pytest.mark.parametrize("path", ALL, ids=lambda p: " ".join(p) or "cryo-check")
def test_placeholders_read_as_words(path: tuple[str, ...]) -> None:
    text = help_text(path)
    assert not re.search(r"<(bool|str|int|float|list\[[^\]]*\]|path)>", text), text


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str) -> None:
    result = invoke(flag)
    assert result.exit_code == 0
    assert result.stdout == f"cryo-check {__version__}\n"


def test_the_command_reference_and_man_page_are_current() -> None:
    stale = [
        str(path.relative_to(REPO))
        for path, text in shipped_files(REPO).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"{stale} are out of date: run python -m cryo_check.reference"


def test_the_command_reference_covers_every_command() -> None:
    reference = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    for path in all_commands():
        assert f"## `cryo-check {' '.join(path)}`" in reference, path
