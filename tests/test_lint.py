"""ruff (lint and format), mypy --strict and yamllint, as configured (pyproject.toml,
.yamllint.yaml), are clean."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],
        ["yamllint", "--strict", "."],
    ],
    ids=["ruff-check", "ruff-format", "mypy", "yamllint"],
)
def test_clean(command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
