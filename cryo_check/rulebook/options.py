"""The shipped questions' command-line options, compiled from ``rules/questions.yaml``.

Building the CLI needs only these (``check``'s options): this small file is read instead of the
whole rule set, so ``cryo-check --help`` and every other command start fast. Written by
``python -m cryo_check.rulebook.compiled`` with the compiled rules; a test checks it is current.
Standard library only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryo_check.core.ruleset import RuleSet

OPTIONS = Path(__file__).resolve().parent / "compiled_options.json"
#: What an option is made of (fields of a question).
FIELDS = ("id", "option", "short", "metavar", "prompt", "help")


def dump_options(rules: RuleSet, fmt: int) -> str:
    """The options of the questions that declare one, as the CLI builds them."""
    options = [
        {field: getattr(q, field) for field in FIELDS} for q in rules.questions.values() if q.option
    ]
    return json.dumps({"format": fmt, "options": options}, ensure_ascii=False, indent=1) + "\n"


def load_options(path: Path = OPTIONS) -> list[dict[str, str | None]]:
    """The shipped questions' options (see ``dump_options``)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    options: list[dict[str, str | None]] = data["options"]
    return options
