"""Shared fixtures: the shipped rules (loaded once) and a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cryo_check.cli import app
from cryo_check.loader import load_rules
from cryo_check.ruleset import RuleSet

REPO = Path(__file__).resolve().parent.parent
RULES_DIR = REPO / "rules"


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return load_rules(RULES_DIR)


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tests' rule cache: never the developer's own."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    # Nothing from the developer's shell may change what a test sees.
    for name in (
        "CRYO_CHECK_RULES",
        "CRYO_CHECK_DEBUG",
        "CRYO_CHECK_NO_CACHE",
        "FORCE_COLOR",
        "COLUMNS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CRYO_CHECK_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("NO_COLOR", "1")


def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Run the real Typer app in-process, stdout and stderr kept apart."""
    return CliRunner().invoke(app, list(args), input=input, env=env)


def run_env() -> dict[str, str]:
    """An environment for running cryo-check as a subprocess."""
    keep = ("CRYO_CHECK_CACHE_DIR",)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRYO_CHECK") or k in keep}
    env.update(NO_COLOR="1", COLUMNS="100")
    return env
