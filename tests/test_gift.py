"""``rules export --format gift`` read by a real GIFT parser (npm's gift-pegjs, the parser
behind the GIFT editors teachers use), with every key checked against ``check --format json``.

gift-pegjs is installed with npm into a folder of the test run (never the project). Without
node and npm these tests skip, saying why; under CI (the environment variable CI set) they
fail instead, so a green CI run always parsed the export (.ci/run installs node and npm).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cryo_check.core.engine import combinations
from cryo_check.core.ruleset import RuleSet
from cryo_check.core.scoring import VERDICT_WORDS
from cryo_check.render.gift import gift_text

from .conftest import invoke

pytestmark = pytest.mark.slow

#: The parser's version: the one these tests were written against.
GIFT_PEGJS = "gift-pegjs@1.0.2"
PARSE = (
    "const {parse} = require('gift-pegjs');"
    "const text = require('fs').readFileSync(0, 'utf8');"
    "process.stdout.write(JSON.stringify(parse(text)));"
)


def _without(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must parse the GIFT export", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def parser(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding gift-pegjs, installed by npm for this run."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        _without("node and npm are not installed (apt-get install nodejs npm)")
    folder = tmp_path_factory.mktemp("gift-parser")
    done = subprocess.run(
        [str(npm), "install", "--no-audit", "--no-fund", "--prefix", str(folder), GIFT_PEGJS],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        _without(f"npm could not install {GIFT_PEGJS}: {done.stderr.strip()[-300:]}")
    return folder


def parse(parser: Path, text: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        ["node", "-e", PARSE],
        input=text,
        capture_output=True,
        text=True,
        cwd=parser,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    parsed: list[dict[str, Any]] = json.loads(done.stdout)
    return parsed


def test_every_key_is_what_check_says(parser: Path, rules: RuleSet) -> None:
    result = invoke("rules", "export", "--format", "gift")
    assert result.exit_code == 0, result.stderr
    parsed = parse(parser, result.stdout)
    questions = [q for q in parsed if q["type"] == "MC"]
    categories = [q["title"] for q in parsed if q["type"] == "Category"]
    assert categories == [f"cryo-check/{c.name}" for c in rules.cancers.values()]
    expected: list[tuple[str, str]] = []
    for cancer in rules.cancers.values():
        for number, values in enumerate(combinations(cancer, cancer.questions), start=1):
            args = ["check", "-c", cancer.id, "--no-input", "--format", "json"]
            args += [f"--answer={q}={v}" for q, v in values.items()]
            checked = json.loads(invoke(*args).stdout)
            expected.append((f"{cancer.id}-{number:02d}", VERDICT_WORDS[checked["verdict"]]))
    keys = []
    for q in questions:
        right = [c for c in q["choices"] if c["isCorrect"]]
        assert len(right) == 1, q["title"]  # exactly one key
        assert len(q["choices"]) == len(VERDICT_WORDS)
        keys.append((q["title"], right[0]["text"]["text"]))
    assert keys == expected
    assert len(keys) == 35


def test_feedback_quotes_the_documents_and_carries_the_disclaimer(parser: Path) -> None:
    parsed = parse(parser, invoke("rules", "export", "--format", "gift", "kidney").stdout)
    shown = json.loads(
        invoke(
            "check",
            "-c",
            "kidney",
            "-s",
            "early",
            "--size",
            "5cm",
            "--fit-for-surgery",
            "no",
            "--format",
            "json",
        ).stdout
    )
    for q in (q for q in parsed if q["type"] == "MC"):
        assert q["stem"]["format"] == "plain"  # shown as typed, never as HTML
        assert "consult your doctor" in q["globalFeedback"]["text"]
        for choice in q["choices"]:
            feedback = choice["feedback"]["text"]
            assert "consult your doctor" in feedback
            assert "“" in feedback
            assert "(kidney-page)" in feedback
    (large,) = [
        q
        for q in parsed
        if q["type"] == "MC"
        and "Stage: early; tumour size: 4 cm or more; fit enough for surgery: no"
        in q["stem"]["text"]
    ]
    (key,) = [c for c in large["choices"] if c["isCorrect"]]
    assert key["text"]["text"] == VERDICT_WORDS[shown["verdict"]]
    quote = next(c["quote"] for c in shown["criteria"] if c["id"] == "under-4cm")
    assert f"“{quote}”" in key["feedback"]["text"]


@pytest.mark.parametrize(
    "text",
    [
        "a ~ b = c # d { e } f : g \\ h",
        "::title:: {=x ~y}",
        "// not a comment",
        "$CATEGORY: elsewhere",
        "}{",
        "line\nbreak",
    ],
)
def test_gift_marks_in_text_stay_text(parser: Path, text: str) -> None:
    question = f"::q::[plain]{gift_text(text)} {{\n=yes#{gift_text(text)}\n~no\n}}\n"
    (parsed,) = parse(parser, question)
    assert parsed["stem"]["text"] == " ".join(text.split())
    assert parsed["choices"][0]["feedback"]["text"] == " ".join(text.split())
