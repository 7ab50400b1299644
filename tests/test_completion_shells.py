"""Completion in real interactive shells (bash, zsh, fish), driven through a terminal.

Each shell runs with an empty home, loads cryo-check's completion the way its documentation
says (``eval``/``source`` of ``cryo-check completion SHELL``, or ``--install-completion``), a
line is typed, Tab is pressed, and what the shell put on the line is read off the terminal.
With CI set, a missing shell fails the test (``.ci/run`` installs them); elsewhere it skips.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

from .conftest import run_env

pytestmark = pytest.mark.slow


def shell_or_skip(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (.ci/run installs it)")
        pytest.skip(f"needs {name}")
    return found


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty home with a ``cryo-check`` on PATH that runs this checkout with this Python."""
    folder = tmp_path / "home"
    (folder / "bin").mkdir(parents=True)
    program = folder / "bin" / "cryo-check"
    program.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cryo_check "$@"\n')
    program.chmod(0o755)
    return folder


def spawn(command: list[str], home: Path) -> pexpect.spawn:
    environment = {
        **run_env(),
        "HOME": str(home),
        "ZDOTDIR": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "PATH": f"{home / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "TERM": "xterm",
        "PS1": "READY> ",
        "PROMPT": "READY> ",
    }
    environment.pop("SHELL", None)
    child = pexpect.spawn(
        command[0], command[1:], env=environment, dimensions=(24, 200), encoding="utf-8"
    )
    child.timeout = 30
    return child


def typed_then_tab(child: pexpect.spawn, line: str, words: list[str]) -> None:
    """Type ``line`` and press Tab; then run what the shell made of it, ``printf '[%s]'`` put
    before it, and expect the words it prints: what Tab inserted, as the shell reads it."""
    child.send(line)
    child.send("\t")
    child.sendcontrol("a")  # to the start of the line, wherever the completion left it
    child.send("printf '[%s]' ")
    child.sendline("")
    child.expect_exact("".join(f"[{word}]" for word in words))
    child.expect_exact("READY> ")  # typed ahead of the prompt, a line may be dropped


CANCER = ["cryo-check", "check", "--cancer"]
BASH_CASES = [
    # (typed after "cryo-check check --cancer ", the word bash makes of it after Tab)
    ("renal\\ cell\\ carc", "renal cell carcinoma"),
    ("renal\\ cell\\ c", "renal cell ca"),  # the part every match shares
    ('"renal cell carc', "renal cell carcinoma"),
    ("'renal cell carc", "renal cell carcinoma"),
    ("kidn", "kidney"),
]


@pytest.mark.parametrize(("typed", "expected"), BASH_CASES)
def test_bash_completes_values_with_spaces_escaped_or_quoted(
    home: Path, typed: str, expected: str
) -> None:
    bash = shell_or_skip("bash")
    child = spawn([bash, "--norc", "--noprofile", "-i"], home)
    child.sendline("PS1='READY> '")
    child.sendline('eval "$(cryo-check completion bash)"; echo LOADED')
    child.expect_exact("LOADED")
    child.expect_exact("READY> ")
    typed_then_tab(child, "cryo-check check --cancer " + typed, [*CANCER, expected])
    child.sendline("exit")


def test_bash_completes_after_install_completion(home: Path) -> None:
    bash = shell_or_skip("bash")
    child = spawn([bash, "--norc", "--noprofile", "-i"], home)
    child.sendline("PS1='READY> '")
    child.sendline("cryo-check --install-completion")
    child.expect_exact("bash completion installed in")
    child.expect_exact("READY> ")
    child.sendline(f"exec {bash} --rcfile ~/.bashrc --noprofile -i")
    child.sendline("PS1='READY> '; echo STARTED")
    child.expect_exact("STARTED")
    typed_then_tab(child, "cryo-check chec", ["cryo-check", "check"])


def test_zsh_completes_on_the_first_tab_after_install_completion(home: Path) -> None:
    zsh = shell_or_skip("zsh")
    child = spawn([zsh, "-f", "-i"], home)
    child.sendline("PROMPT='READY> '")
    child.sendline("cryo-check --install-completion")
    child.expect_exact("zsh completion installed in")
    assert (home / ".zfunc" / "_cryo-check").is_file()
    # A new shell reads ~/.zshrc: fpath, compinit; the first Tab must complete.
    child.sendline(f"exec {zsh} -i")
    child.sendline("PROMPT='READY> '; echo STARTED")
    child.expect_exact("STARTED")
    typed_then_tab(child, "cryo-check chec", ["cryo-check", "check"])
    typed_then_tab(
        child, "cryo-check check --cancer renal\\ cell\\ carc", [*CANCER, "renal cell carcinoma"]
    )


def test_zsh_completes_values_after_eval(home: Path) -> None:
    zsh = shell_or_skip("zsh")
    child = spawn([zsh, "-f", "-i"], home)
    child.sendline("PROMPT='READY> '; autoload -Uz compinit; compinit -u")
    child.sendline('eval "$(cryo-check completion zsh)"; echo LOADED')
    child.expect_exact("LOADED")
    typed_then_tab(
        child, "cryo-check check --stage spr", ["cryo-check", "check", "--stage", "spread"]
    )
    typed_then_tab(
        child, 'cryo-check check --cancer "renal cell carc', [*CANCER, "renal cell carcinoma"]
    )


FISH_CASES = [
    ("cryo-check chec", ["cryo-check", "check"]),
    ("cryo-check check --stage spr", ["cryo-check", "check", "--stage", "spread"]),
    ("cryo-check check --cancer renal\\ cell\\ carc", [*CANCER, "renal cell carcinoma"]),
    ("cryo-check check --cancer 'renal cell carc", [*CANCER, "renal cell carcinoma"]),
]


@pytest.mark.parametrize(("typed", "expected"), FISH_CASES)
def test_fish_completes_after_install_completion(
    home: Path, typed: str, expected: list[str]
) -> None:
    fish = shell_or_skip("fish")
    child = spawn([fish, "--no-config", "-i"], home)
    child.sendline("function fish_prompt; echo 'READY> '; end")
    child.sendline("cryo-check --install-completion")
    child.expect_exact("fish completion installed in")
    child.sendline("exec fish -i")
    child.sendline("function fish_prompt; echo 'READY> '; end; echo STARTED")
    child.expect_exact("STARTED")
    typed_then_tab(child, typed, expected)
