"""The wheel: it carries every rule file, and an installed copy finds them from any folder."""

from __future__ import annotations

import html
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cryo_check import __version__

from .conftest import REPO, RULES_DIR, run_env
from .test_html import sha256

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("cryo_check-*.whl")
    return found


def test_the_wheel_holds_every_rule_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"cryo_check/rules/{p.name}" for p in RULES_DIR.iterdir() if p.suffix == ".yaml"}
    assert len(expected) >= 11
    expected |= {f"cryo_check/rules/schemas/{p.name}" for p in (RULES_DIR / "schemas").iterdir()}
    assert expected <= names, sorted(expected - names)
    assert "cryo_check/rulebook/compiled_rules.json" in names  # the shipped rules, compiled
    entry_points = zipfile.ZipFile(wheel).read(
        f"cryo_check-{__version__}.dist-info/entry_points.txt"
    )
    # The command goes through __main__, which tunes the collector before importing the CLI.
    assert "cryo-check = cryo_check.__main__:main" in entry_points.decode().splitlines()


#: The HTML pages' template, style and script: package data, read with importlib.resources.
TEMPLATES = ["page.html", "page.css", "explorer.js"]


def test_the_wheel_and_sdist_hold_the_page_templates(wheel: Path, sdist: Path) -> None:
    import tarfile

    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    assert {f"cryo_check/render/templates/{name}" for name in TEMPLATES} <= in_wheel
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames()}
    assert {f"cryo_check/render/templates/{name}" for name in TEMPLATES} <= in_sdist


def test_the_wheel_is_typed(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    assert "cryo_check/py.typed" in archive.namelist()
    metadata = archive.read(f"cryo_check-{__version__}.dist-info/METADATA").decode()
    assert "Classifier: Typing :: Typed" in metadata


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sdist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("cryo_check-*.tar.gz")
    return found


def test_twine_check_strict_and_check_wheel_contents_are_clean(wheel: Path, sdist: Path) -> None:
    for command in (
        ["twine", "check", "--strict", str(wheel), str(sdist)],
        ["check_wheel_contents", str(wheel)],
    ):
        done = subprocess.run(
            [sys.executable, "-m", *command], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_an_installed_wheel_runs_from_any_folder(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**run_env(), "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import cryo_check.paths as p; print(p.__file__); print(p.default_rules_dir())",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    module_file, rules_dir = probe.stdout.splitlines()
    assert module_file.startswith(str(site))  # the installed copy, not the checkout
    assert rules_dir == str(site / "cryo_check" / "rules")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cryo_check",
            "check",
            "--cancer",
            "renal",
            "--stage",
            "early",
            "--size",
            "30mm",
            "--fit-for-surgery",
            "no",
            "--format",
            "json",
            "--no-input",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["verdict"] == "commonly_considered"
    # The packaged rule files are the ones the compiled rules were made from: not "custom".
    assert result["rules_folder"] is None
    # The installed copy writes its pages from its own templates, style allowed by its hash.
    page = subprocess.run(
        [sys.executable, "-m", "cryo_check", "info", "kidney", "--format", "html"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert page.returncode == 0, page.stderr
    style = (site / "cryo_check" / "render" / "templates" / "page.css").read_text("utf-8")
    assert f"<style>{style}</style>" in page.stdout
    assert html.escape(sha256(style)) in page.stdout
    assert sorted(p.name for p in elsewhere.iterdir()) == []  # nothing written
