"""Shell completion, through a real bash: the script ``cryo-check completion bash`` prints is
sourced, ``COMP_WORDS``/``COMP_CWORD`` are set as bash sets them for the line typed, and the
completion function it defines is run; what it leaves in ``COMPREPLY`` is what bash offers.

The program runs as installed (``python -m cryo_check`` behind a ``cryo-check`` on PATH), so
the completion goes through ``main()``/``run()`` and the one-command fast path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cryo_check.rulebook.loader import shipped_rules

from .conftest import RULES_DIR, invoke, run_env

BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="needs bash")


@pytest.fixture(scope="module")
def bin_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a ``cryo-check`` that runs this checkout with this Python."""
    folder = tmp_path_factory.mktemp("bin")
    program = folder / "cryo-check"
    program.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cryo_check "$@"\n')
    program.chmod(0o755)
    return folder


def complete(bin_dir: Path, line: str, env: dict[str, str] | None = None) -> tuple[list[str], str]:
    """What bash offers for ``line`` (the cursor at its end), and what was said on stderr."""
    script = invoke("completion", "bash").stdout
    probe = (
        f"{script}\n"
        'read -ra COMP_WORDS <<< "$LINE"\n'
        '[[ "$LINE" == *" " ]] && COMP_WORDS+=("")\n'
        "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
        "_cryo_check_completion cryo-check\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    environment = {
        **run_env(),
        **(env or {}),
        "LINE": line,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
    }
    done = subprocess.run(
        [str(BASH), "--norc", "--noprofile", "-c", probe],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
        timeout=60,
    )
    return [w for w in done.stdout.splitlines() if w], done.stderr


def test_the_script_defines_a_completion_function_for_cryo_check() -> None:
    result = invoke("completion", "bash")
    assert result.exit_code == 0
    assert "complete -o default -F _cryo_check_completion cryo-check" in result.stdout
    assert "_CRYO_CHECK_COMPLETE=complete_bash" in result.stdout
    for shell in ("zsh", "fish"):
        script = invoke("completion", shell)
        assert script.exit_code == 0
        assert f"_CRYO_CHECK_COMPLETE=complete_{shell}" in script.stdout
    unknown = invoke("completion", "tcsh")
    assert unknown.exit_code == 2
    assert "SHELL: 'tcsh' is not a format" in unknown.stderr


def test_commands(bin_dir: Path) -> None:
    offered, err = complete(bin_dir, "cryo-check ")
    assert offered == [
        "check",
        "info",
        "batch",
        "demo",
        "completion",
        "schema",
        "quiz",
        "rules",
    ]
    assert err == ""
    assert complete(bin_dir, "cryo-check rules t")[0] == ["test", "table"]


def test_options(bin_dir: Path) -> None:
    assert complete(bin_dir, "cryo-check check --fit")[0] == ["--fit-for-surgery"]
    assert "--install-completion" in complete(bin_dir, "cryo-check --")[0]


def test_answers_come_from_the_declared_questions(bin_dir: Path) -> None:
    questions = shipped_rules().questions
    stages = [*questions["stage"].values, "unknown"]
    assert complete(bin_dir, "cryo-check check --stage ")[0] == stages
    assert complete(bin_dir, "cryo-check check -c kidney -s ")[0] == stages
    fitness = [*questions["fit_for_surgery"].values, "unknown"]
    assert complete(bin_dir, "cryo-check check --fit-for-surgery ")[0] == fitness


def test_cancer_types_and_their_names(bin_dir: Path) -> None:
    offered = complete(bin_dir, "cryo-check check --cancer ren")[0]
    # The names of the rules in use that start so, escaped for bash: no list kept here.
    rules = shipped_rules()
    names = [rules.cancers["kidney"].name.lower(), *rules.cancers["kidney"].aliases]
    assert sorted(offered) == sorted(n.replace(" ", "\\ ") for n in names if n.startswith("ren"))
    assert "renal\\ cell\\ carcinoma" in offered
    ids = list(shipped_rules().cancers)
    assert complete(bin_dir, "cryo-check rules show ")[0] == ids
    assert complete(bin_dir, "cryo-check info k")[0] == ["kidney"]


def test_formats_scenarios_and_schemas(bin_dir: Path) -> None:
    assert complete(bin_dir, "cryo-check check -f ")[0] == ["text", "json", "markdown", "html"]
    assert complete(bin_dir, "cryo-check batch x.csv --format ")[0] == [
        "table",
        "csv",
        "jsonl",
        "html",
    ]
    assert complete(bin_dir, "cryo-check rules table kidney -f c")[0] == ["csv"]
    scenarios = [s.id for s in shipped_rules().scenarios]
    assert complete(bin_dir, "cryo-check demo ")[0] == scenarios
    assert "cancer-file" in complete(bin_dir, "cryo-check schema ")[0]


def test_the_rules_in_use_are_the_ones_on_the_line(bin_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "my-rules"
    shutil.copytree(RULES_DIR, folder)
    liver = folder / "liver.yaml"
    liver.write_text(
        liver.read_text().replace("aliases: [liver cancer", "aliases: [hepatocarcinoma")
    )
    line = f"cryo-check check --rules {folder} -c hep"
    shipped = complete(bin_dir, "cryo-check check -c hep")[0]
    assert "hepatocellular\\ carcinoma" in shipped
    assert "hepatocarcinoma" not in shipped
    assert complete(bin_dir, line)[0] == ["hepatocarcinoma", *shipped]
    by_env = complete(bin_dir, "cryo-check rules show l", {"CRYO_CHECK_RULES": str(folder)})
    assert by_env[0] == ["liver"]


def test_a_broken_rules_folder_offers_nothing_and_says_nothing(
    bin_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "kidney.yaml").write_text("id: [\n")
    for env in ({"CRYO_CHECK_RULES": str(tmp_path)}, {"CRYO_CHECK_RULES": str(tmp_path / "no")}):
        offered, err = complete(bin_dir, "cryo-check check -c ", env)
        assert offered == []
        assert err == ""
    # And options still complete.
    assert complete(bin_dir, "cryo-check check --no-", {"CRYO_CHECK_RULES": "/nowhere"})[0] == [
        "--no-input"
    ]


def test_a_garbled_request_is_answered_without_a_traceback(bin_dir: Path) -> None:
    env = {**run_env(), "_CRYO_CHECK_COMPLETE": "complete_bash", "COMP_WORDS": "cryo-check '",
           "COMP_CWORD": "x"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "cryo_check"], capture_output=True, text=True, env=env, check=False
    )
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, 1)
