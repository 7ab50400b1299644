"""Rewrite every transcript in the README and the guides in docs/ (```console blocks starting
``$ cryo-check``) with the real output of its command, as tests/test_docs.py runs it. Run
from anywhere:

    python scripts/transcripts.py
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from cryo_check.cli import build_app
from cryo_check.environment import DOCS_TODAY, TODAY_VAR

REPO = Path(__file__).resolve().parent.parent
TRANSCRIPT = re.compile(r"(```console\n\$ cryo-check (?P<args>[^\n]*)\n)(?P<output>.*?)```", re.S)


#: The guides in docs/ (docs/cli.md and docs/json.md are generated otherwise: they show usage).
GUIDES = (
    "user-guide.md",
    "names.md",
    "teachers-guide.md",
    "rule-authoring.md",
    "reliability.md",
    "development.md",
)


def main() -> None:
    os.chdir(REPO)  # the transcripts name files such as examples/class-cases.csv
    os.environ["NO_COLOR"] = "1"
    os.environ[TODAY_VAR] = DOCS_TODAY  # the sources' ages, the same on every run
    os.environ.pop("COLUMNS", None)
    pages = [REPO / "README.md", *(REPO / "docs" / name for name in GUIDES)]

    def real(match: re.Match[str]) -> str:
        result = CliRunner().invoke(build_app(), shlex.split(match["args"]))
        if result.exit_code != 0:
            raise SystemExit(f"$ cryo-check {match['args']}: exit {result.exit_code}")
        output = "\n".join(line.rstrip() for line in result.stdout.splitlines())
        return f"{match[1]}{output}\n```"

    for page in pages:
        text = page.read_text(encoding="utf-8")
        page.write_text(TRANSCRIPT.sub(real, text), encoding="utf-8")


if __name__ == "__main__":
    main()
