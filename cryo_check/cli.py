"""The ``cryo-check`` command line: a thin layer over the library.

Each command parses its options, calls the library and picks a renderer; no rule logic lives
here. Errors from the library reach a person as one line on stderr with a documented exit
code (see ``cryo_check.errors``), never as a traceback.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from cryo_check import DISCLAIMER, __version__
from cryo_check.errors import (
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    AnswerError,
    CryoCheckError,
    InputError,
)

if TYPE_CHECKING:
    from cryo_check.questions import Answers

P = ParamSpec("P")
R = TypeVar("R")

PROG = "cryo-check"
EXIT_INTERNAL = 3
EXIT_BROKEN_PIPE = 141

app = typer.Typer(
    name=PROG,
    help=(
        "Says whether cancer cryotherapy (cryoablation) is commonly considered, according to "
        "two patient-information documents, with the reasons and the quotes they rest on. "
        "General information, not medical advice: consult your doctor."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

RulesOption = Annotated[
    str | None,
    typer.Option(
        "--rules",
        metavar="DIR",
        help="Folder of rule files to use instead of the shipped ones "
        "(default: $CRYO_CHECK_RULES, else the shipped rules).",
    ),
]
FormatOption = Annotated[
    str,
    typer.Option("--format", "-f", metavar="[text|json|markdown]", help="Output format."),
]


def error(line: str) -> None:
    sys.stderr.write(f"{PROG}: {line}\n")
    sys.stderr.flush()


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn library errors into one stderr line each and their exit code; Ctrl-C into 130."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except CryoCheckError as exc:
            for line in exc.lines():
                error(line)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            sys.stderr.write("\n")
            error("interrupted")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): nothing more to say to anyone.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except typer.Exit:
            raise
        except Exception as exc:
            if os.environ.get("CRYO_CHECK_DEBUG"):
                raise
            error(
                f"internal error: {type(exc).__name__}: {exc} "
                "(this is a bug; set CRYO_CHECK_DEBUG=1 to see the traceback and please report it)"
            )
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Says whether cancer cryotherapy (cryoablation) is commonly considered, according to two
    patient-information documents. General information, not medical advice: consult your doctor.
    """


def choose_format(value: str, choices: tuple[str, ...] = ("text", "json", "markdown")) -> str:
    chosen = value.strip().lower()
    if chosen not in choices:
        raise InputError(
            "--format", f"{value!r} is not a format", "choose one of: " + ", ".join(choices)
        )
    return chosen


def answers_from_options(**raw: str | None) -> Answers:
    """The answers given as options; a bad one names its option."""
    from cryo_check.questions import QUESTIONS, Answers, parse_answer

    answers = Answers()
    for question, text in raw.items():
        try:
            answers = answers.with_answer(question, parse_answer(question, text))
        except AnswerError as exc:
            raise exc.located(QUESTIONS[question].option) from None
    return answers


@app.command()
@reports_errors
def check(
    cancer: Annotated[
        str | None,
        typer.Option(
            "--cancer",
            "-c",
            metavar="TYPE",
            help="Cancer type or another of its names, e.g. kidney, renal, basal cell carcinoma.",
        ),
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage", "-s", metavar="STAGE", help="early, locally-advanced, spread or unknown."
        ),
    ] = None,
    size: Annotated[
        str | None,
        typer.Option(
            "--size",
            metavar="SIZE",
            help="Tumour size across: a number with cm, mm or in (bare: cm), or unknown.",
        ),
    ] = None,
    fit_for_surgery: Annotated[
        str | None,
        typer.Option(
            "--fit-for-surgery",
            metavar="ANSWER",
            help="Is the person fit enough for surgery: yes, no or unknown.",
        ),
    ] = None,
    output_format: FormatOption = "text",
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help="Never prompt: questions no option answers are unknown."),
    ] = False,
    rules: RulesOption = None,
) -> None:
    """Check one case against the rules and say whether cryotherapy is commonly considered.

    On a terminal, asks the questions that matter and that no option answered; otherwise
    (or with --no-input) unanswered questions are unknown. Exit 0 whatever the verdict.
    """
    from cryo_check.engine import evaluate
    from cryo_check.interactive import Prompter
    from cryo_check.loader import load_rules
    from cryo_check.questions import QUESTIONS
    from cryo_check.render import render
    from cryo_check.report import build

    fmt = choose_format(output_format)
    answers = answers_from_options(
        cancer=cancer, stage=stage, size=size, fit_for_surgery=fit_for_surgery
    )
    ruleset = load_rules(rules)
    try:
        if answers.cancer is not None:
            ruleset.resolve(answers.cancer)
        if not no_input and sys.stdin.isatty():
            answers = Prompter(ruleset, sys.stderr, sys.stdin).complete(answers)
        result = evaluate(ruleset, answers)
    except AnswerError as exc:
        raise exc.located(QUESTIONS[exc.question].option) from None
    render(build(result, ruleset), fmt, sys.stdout)


def run(args: list[str] | None = None) -> int:
    """Run the program as the ``cryo-check`` command does; returns the exit code."""
    try:
        code = app(args=args, prog_name=PROG, standalone_mode=False)
    except typer.Abort:
        error("aborted")
        return EXIT_INTERRUPTED
    except typer.TyperException as exc:
        # Typer's own usage errors (an unknown option, a missing value): one line, exit 2.
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()  # type: ignore[attr-defined]
            return EXIT_OK
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else PROG
        message = exc.format_message()
        error(f"error: {message[:1].lower()}{message[1:]} (see '{where} --help')")
        return int(getattr(exc, "exit_code", EXIT_INPUT))
    return code if isinstance(code, int) else EXIT_OK


def main() -> None:
    sys.exit(run())


__all__ = ["DISCLAIMER", "app", "main", "run"]
