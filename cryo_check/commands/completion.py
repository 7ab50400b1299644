"""Shell completion: what ``cryo-check <Tab>`` offers, worked out only when a shell asks.

The scripts (Typer's, for bash, zsh and fish: ``cryo-check completion SHELL`` prints one) run
``cryo-check`` with ``_CRYO_CHECK_COMPLETE`` set and the words typed so far in the environment.
``cli.run`` hands such a run here before anything else, so nothing of this is imported on an
ordinary run. Commands and options come from the app itself; values come from the rules in use
(``--rules`` on the line, else ``$CRYO_CHECK_RULES``, else the shipped rules) and from the
declared questions, never from a list kept here. A completion never prints a traceback: if
anything goes wrong it offers nothing (set ``CRYO_CHECK_DEBUG=1`` to see why).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from cryo_check.core.questions import CANCER_KIND, CHOICE
from cryo_check.errors import EXIT_INPUT, shown

if TYPE_CHECKING:
    import typer

COMPLETE_VAR = "_CRYO_CHECK_COMPLETE"
SHELLS = ("bash", "zsh", "fish")
#: What a completion script (this program's, or Typer's installer's) sets ``COMPLETE_VAR`` to.
REQUESTS = frozenset(
    f"{what}_{shell}"
    for what in ("complete", "source")
    for shell in (*SHELLS, "powershell", "pwsh")
)


def complete(build_app: Callable[..., typer.Typer], commands: Collection[str], prog: str) -> int:
    """Answer the shell (the words are in the environment); returns the exit code.

    ``build_app``, ``commands`` and ``prog`` are the CLI's own (passed in: this module is
    below it)."""
    request = os.environ.get(COMPLETE_VAR, "")
    if request not in REQUESTS:
        # Typer would print the value back raw ("Shell … not supported"): it could hold
        # escape codes. Said here, escaped and bounded.
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(
                f"{prog}: error: ${COMPLETE_VAR}: {shown(request)} is not a completion request "
                f"(a completion script sets it to complete_SHELL; SHELL: {', '.join(SHELLS)})\n"
            )
        return EXIT_INPUT
    try:
        app = build_app(_command(_words(), commands), completion=True)
        app(args=[], prog_name=prog, standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    except Exception:
        if os.environ.get("CRYO_CHECK_DEBUG"):
            raise
        return 1
    return 0


def _words() -> list[str]:
    """The words typed before the one being completed (the program's name first)."""
    if "COMP_WORDS" in os.environ:  # bash
        text = os.environ["COMP_WORDS"]
        try:
            cursor = int(os.environ.get("COMP_CWORD", ""))
        except ValueError:
            cursor = None
    else:  # zsh, fish: the line up to the cursor
        text = os.environ.get("_TYPER_COMPLETE_ARGS", "")
        cursor = None
    try:
        words = shlex.split(text)
    except ValueError:  # an unclosed quote in the word being typed
        words = text.split()
    return words[:cursor] if cursor is not None else words[:-1]


def _command(words: list[str], commands: Collection[str]) -> str | None:
    """The command the line is about, if it names one: the app is built with it alone, as
    on an ordinary run (see ``cli.build_app``)."""
    for word in words[1:]:
        if not word.startswith("-"):
            return word if word in commands else None
    return None


def values(what: str, rules_option: str | None) -> list[tuple[str, str]]:
    """``(value, help)`` pairs for ``what``: a question's answers (by its id), ``ids`` (the
    covered types), ``scenario`` (the teaching scenarios) or ``schema`` (the schema names)."""
    try:
        return _values(what, rules_option)
    except Exception:
        # A broken custom folder, an unreadable file: offer nothing rather than a traceback.
        if os.environ.get("CRYO_CHECK_DEBUG"):
            raise
        return []


def _values(what: str, rules_option: str | None) -> list[tuple[str, str]]:
    if what == "schema":
        from cryo_check.rulebook.schemas import SCHEMAS

        return [(name, about) for name, about in SCHEMAS.items()]
    from cryo_check.rulebook.loader import load_rules

    rules = load_rules(rules_option)
    if what == "scenario":
        return [(s.id, s.title) for s in rules.scenarios]
    if what == "ids":
        return [(c.id, c.name) for c in rules.cancers.values()]
    question = rules.questions.get(what)
    if question is None:
        return []
    if question.kind == CANCER_KIND:
        found = []
        for cancer in rules.cancers.values():
            found += [(_word(name), cancer.name) for name in (cancer.id, *cancer.aliases)]
        return found
    if question.kind == CHOICE:
        answers = [(c.value, c.label) for c in question.choices]
        return [*answers, (question.unknown[0], "not known")]
    return []


def _word(value: str) -> str:
    """A value as one word on the command line: bash inserts what it is given as it is, so
    spaces are escaped for it (zsh and fish quote completions themselves)."""
    if os.environ.get(COMPLETE_VAR, "").endswith("bash") and " " in value:
        return value.replace(" ", "\\ ")
    return value


def script(shell: str, prog: str) -> str:
    """The completion script for ``shell`` (Typer's), to be sourced or installed."""
    # Typer's own scripts, as --show-completion prints them (typer.completion imports it).
    from typer.completion import get_completion_script  # type: ignore[attr-defined]

    return get_completion_script(prog_name=prog, complete_var=COMPLETE_VAR, shell=shell) + "\n"
