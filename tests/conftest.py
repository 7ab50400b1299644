"""Shared fixtures: the shipped rules (loaded once) and a CLI runner."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner, Result

from cryo_check.cli import app
from cryo_check.core.case import Case, Given, read, with_name
from cryo_check.core.questions import Answers
from cryo_check.core.ruleset import RuleSet
from cryo_check.environment import DOCS_TODAY, TODAY_VAR
from cryo_check.rulebook.loader import load_rules, shipped_rules

REPO = Path(__file__).resolve().parent.parent
#: How a bad size is explained, and how an unclear stage word is refused.
SIZE_FIX = "give a number with cm, mm or in (a bare number is cm), e.g. 3.5cm or 35mm"
LATE = (
    "'late' is unclear: it could mean locally advanced or spread; ask the care team which "
    "(choose one of: early, locally-advanced, spread, unknown)"
)
RULES_DIR = REPO / "rules"


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return load_rules(RULES_DIR)


def answers_to(
    cancer: str | None = None,
    stage: str | None = None,
    size: str | float | None = None,
    fit_for_surgery: str | None = None,
    **more: object,
) -> Answers:
    """Answers to the shipped questions, parsed as cryo-check parses them (sizes: bare is cm)."""
    given = {
        "cancer": cancer,
        "stage": stage,
        "size": size,
        "fit_for_surgery": fit_for_surgery,
        **more,
    }
    rules = shipped_rules()
    return read(rules, [Given(q, v, f"test: {q}") for q, v in given.items() if v is not None])[0]


def case_of(rules: RuleSet, answers: Answers) -> Case:
    """``answers`` (already read) resolved as every route's are after reading: the name read,
    the stage its words imply filled in."""
    return with_name(rules, answers)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing from the developer's shell may change what a test sees.
    # (A run in-process turns pydantic plugins off in os.environ: undone after each test.)
    names = ("CRYO_CHECK_RULES", "CRYO_CHECK_DEBUG", "FORCE_COLOR", "COLUMNS")
    for name in (*names, "PYDANTIC_DISABLE_PLUGINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    # Every result gives its date and each source's age on it: one fixed day for all tests.
    monkeypatch.setenv(TODAY_VAR, DOCS_TODAY)


def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Run the real Typer app in-process, stdout and stderr kept apart."""
    return CliRunner().invoke(app, list(args), input=input, env=env)


def run_env() -> dict[str, str]:
    """An environment for running cryo-check as a subprocess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRYO_CHECK")}
    env.update(NO_COLOR="1", COLUMNS="100")
    return env


def load_script(name: str) -> ModuleType:
    """A script of scripts/ as a module (they are run, not installed)."""
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
