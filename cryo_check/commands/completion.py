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
import io
import os
import re
import shlex
import sys
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
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
    # Typer registers its shells' completers when it adds its own --install-completion, which
    # cryo-check replaces with one of its own (see ``script``): registered here instead.
    from typer.completion import completion_init  # type: ignore[attr-defined]

    completion_init()
    bash = os.environ.get(COMPLETE_VAR, "").endswith("bash")
    answer = io.StringIO()
    try:
        app = build_app(_command(_words(), commands), completion=True)
        with contextlib.redirect_stdout(answer):
            app(args=[], prog_name=prog, standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    except Exception:
        if os.environ.get("CRYO_CHECK_DEBUG"):
            raise
        return 1
    finally:
        text = answer.getvalue()
        sys.stdout.write(_for_bash(text) if bash else text)
    return 0


def _for_bash(text: str) -> str:
    """Bash puts what it is offered on the line as it is, so each value is quoted for it here,
    after Typer has matched the values against the word as typed (unquoted): ``renal\\ c``
    and ``"renal c`` both complete to renal cell carcinoma. Inside an open quote the value is
    left as it is (bash completes within the quote and closes it)."""
    words = os.environ.get("COMP_WORDS", "").split("\n")  # Typer's script joins them with LF
    try:
        typed = words[int(os.environ.get("COMP_CWORD", ""))]
    except (ValueError, IndexError):
        typed = ""
    if typed[:1] in {'"', "'"}:
        return text
    return "".join(_escaped(line) + end for line, end in _lines(text))


def _lines(text: str) -> Iterator[tuple[str, str]]:
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        yield body, line[len(body) :]


def _escaped(value: str) -> str:
    """``value`` as one bash word, a backslash before each character the shell would read."""
    return "".join(c if c.isalnum() or c in _SAFE else "\\" + c for c in value)


_SAFE = frozenset("_-.,/:@%+=^")


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
            found += [(name, cancer.name) for name in (cancer.id, *cancer.aliases)]
        return found
    if question.kind == CHOICE:
        answers = [(c.value, c.label) for c in question.choices]
        return [*answers, (question.unknown[0], "not known")]
    return []


def script(shell: str, prog: str) -> str:
    """The completion script for ``shell``, to be sourced or installed.

    Typer's scripts for bash and fish; zsh's is Typer's with another ending. Autoloaded from
    ``fpath`` (as ``--install-completion`` installs it), the file is the completion function
    itself, so it completes every Tab, the first included, where Typer's only defines a
    function and registers it; evaluated (``eval "$(cryo-check completion zsh)"``) or sourced,
    it registers the function, as Typer's does.
    """
    # Typer's own scripts, as --show-completion prints them (typer.completion imports it).
    from typer.completion import get_completion_script  # type: ignore[attr-defined]

    text: str = get_completion_script(prog_name=prog, complete_var=COMPLETE_VAR, shell=shell)
    if shell == "zsh":
        function = _ZSH_FUNCTION.search(text)
        register = f"compdef {function.group(1)} {prog}" if function else ""
        if function and register in text:
            text = text.replace(register, _ZSH_ENDING.format(func=function.group(1), prog=prog))
    return text.strip("\n") + "\n"


_ZSH_FUNCTION = re.compile(r"^(\w+)\(\) \{", re.MULTILINE)
_ZSH_ENDING = """if [[ $zsh_eval_context[-1] == (eval|file) ]]; then
  # evaluated or sourced: register for the Tabs to come
  compdef {func} {prog}
else
  # autoloaded from fpath, this file is the completion function: complete this Tab
  {func} "$@"
fi"""


def detected_shell() -> str | None:
    """The shell cryo-check runs under (bash, zsh or fish), else None."""
    try:
        import shellingham  # Typer's own dependency, for the same question

        name: str = shellingham.detect_shell()[0]
    except Exception:
        name = Path(os.environ.get("SHELL", "")).name
    return name if name in SHELLS else None


def install(shell: str, prog: str, home: Path) -> Path:
    """Install the completion script where ``shell`` loads it from; returns that file.

    bash: ``~/.bash_completions/PROG.sh``, sourced from ``~/.bashrc``; zsh: ``~/.zfunc/_PROG``,
    with ``fpath+=~/.zfunc`` before ``compinit`` in ``~/.zshrc``; fish: its completions folder.
    A line already in a start-up file is not added again.
    """
    if shell == "fish":
        target = home / ".config" / "fish" / "completions" / f"{prog}.fish"
    elif shell == "zsh":
        target = home / ".zfunc" / f"_{prog}"
        _add_line(home / ".zshrc", "fpath+=~/.zfunc; autoload -Uz compinit; compinit")
    else:
        target = home / ".bash_completions" / f"{prog}.sh"
        _add_line(home / ".bashrc", f"source {target}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(script(shell, prog), encoding="utf-8")
    return target


def _add_line(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if line not in text.splitlines():
        path.write_text(text + ("" if text.endswith("\n") or not text else "\n") + line + "\n")
