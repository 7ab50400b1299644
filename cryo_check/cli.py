"""The ``cryo-check`` command line: a thin layer over the library.

Each command parses its options, calls the library and picks a renderer; no rule logic lives
here. Errors from the library reach a person as one line on stderr with a documented exit
code (see ``cryo_check.errors``), never as a traceback. Heavy modules (rich, PyYAML, pydantic
models, renderers) are imported inside the commands that need them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cryo_check import __version__
from cryo_check.cliutil import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_IO,
    PROG,
    RulesOption,
    choose_format,
    error,
    find_cancer,
    reports_errors,
)
from cryo_check.errors import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, AnswerError, InputError

if TYPE_CHECKING:
    from cryo_check.questions import Answers


FormatOption = Annotated[
    str, typer.Option("--format", "-f", metavar="[text|json|markdown]", help="Output format.")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit()


def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Says whether cancer cryotherapy (cryoablation) is commonly considered, according to two
    patient-information documents, with the reasons and the quotes they rest on.

    General information, not medical advice: consult your doctor.
    """


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
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", metavar="[text|json|markdown|html]", help="Output format."),
    ] = "text",
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help="Never prompt: questions no option answers are unknown."),
    ] = False,
    answers_file: Annotated[
        str | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="Read answers from a YAML or JSON file (question id: answer); options win.",
        ),
    ] = None,
    save_answers: Annotated[
        str | None,
        typer.Option(
            "--save-answers",
            metavar="FILE",
            help="Write the answers to FILE (YAML, or JSON for .json) to share the case.",
        ),
    ] = None,
    rules: RulesOption = None,
) -> None:
    """Check one case and say whether cryotherapy is commonly considered, and why.

    On a terminal, asks the questions that matter and that no option answered; otherwise
    (or with --no-input) unanswered questions are unknown. Exit 0 whatever the verdict.
    """
    from cryo_check.engine import evaluate
    from cryo_check.interactive import Prompter
    from cryo_check.loader import load_rules
    from cryo_check.questions import CANCER, FIT, QUESTIONS, SIZE, STAGE
    from cryo_check.render import render
    from cryo_check.report import build

    fmt = choose_format(output_format, ("text", "json", "markdown", "html"))
    options = {CANCER: cancer, STAGE: stage, SIZE: size, FIT: fit_for_surgery}
    answers = answers_from_options(**options)
    # Where each answer came from (an option, or file:line), `unknown` included: an answer
    # given is never asked again, and an error in it names its place.
    origin = {q: QUESTIONS[q].option for q, v in options.items() if v is not None}
    if answers_file is not None:
        from cryo_check.answerfile import read_answers

        # The file fills in what no option answered.
        from_file, in_file = read_answers(answers_file)
        for question, place in in_file.items():
            if question not in origin:
                answers = answers.with_answer(question, from_file.get(question))
                origin[question] = f"{place}: {question}"
    given = frozenset(origin)
    ruleset = load_rules(rules)
    try:
        if answers.cancer is not None:
            ruleset.resolve(answers.cancer)
        if not no_input and sys.stdin.isatty():
            answers = Prompter(ruleset, sys.stderr, sys.stdin).complete(answers, given)
        result = evaluate(ruleset, answers)
    except AnswerError as exc:
        raise exc.located(origin.get(exc.question, QUESTIONS[exc.question].option)) from None
    if save_answers is not None:
        from cryo_check.answerfile import save_answers as save

        save(save_answers, answers)
    render(build(result, ruleset), fmt, sys.stdout)


@reports_errors
def info(
    cancer_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID", help="A covered cancer type (id or other name); omit for general."
        ),
    ] = None,
    output_format: FormatOption = "text",
    rules: RulesOption = None,
) -> None:
    """What the documents say about cryotherapy: what it is, how it is done, side effects,
    repeat treatment; for one cancer type, what they say about it too. Each point is quoted.
    """
    from cryo_check.authoring import info_document, info_markdown, info_topics
    from cryo_check.loader import load_rules

    fmt = choose_format(output_format)
    ruleset = load_rules(rules)
    chosen = find_cancer(ruleset, cancer_id, "ID") if cancer_id is not None else None
    topics = info_topics(ruleset, chosen)
    if fmt == "text":
        from cryo_check.render.rules import render_info

        render_info(ruleset, topics, chosen, sys.stdout)
        return
    document = info_document(ruleset, topics, chosen)
    if fmt == "markdown":
        sys.stdout.write(info_markdown(document))
    else:
        from cryo_check.render.json import render_json

        sys.stdout.write(render_json(document))


@reports_errors
def batch(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="Cases: CSV with a header of question ids, JSON Lines, or a YAML list; - for "
            "stdin. An optional id column names each case.",
        ),
    ],
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="[table|csv|jsonl]",
            help="Output format (default: a table on a terminal, else jsonl).",
        ),
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format",
            metavar="[csv|jsonl|yaml]",
            help="Input format (default: from the file name, else from its first line).",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop at the first bad row (exit 2), not skip it.")
    ] = False,
    rules: RulesOption = None,
) -> None:
    """Check many cases: one result per case, then a count of each verdict.

    A bad row is reported with its line number and skipped (with --strict, the run stops
    there, exit 2); every good row before it has been written.
    """
    from cryo_check.batch import INPUT_FORMATS, run_batch

    fmt = choose_format(
        output_format or ("table" if sys.stdout.isatty() else "jsonl"), ("table", "csv", "jsonl")
    )
    source_format = (
        choose_format(input_format, INPUT_FORMATS, "--input-format") if input_format else None
    )
    from cryo_check.loader import load_rules

    ruleset = load_rules(rules)
    if file == "-":
        run_batch(ruleset, sys.stdin, "<stdin>", source_format, fmt, strict=strict)
        return
    try:
        # utf-8-sig: spreadsheet programs often start a CSV with a byte-order mark.
        stream = Path(file).open(encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError("FILE", f"cannot read {file!r}: {exc.strerror}") from None
    with stream:
        run_batch(ruleset, stream, file, source_format, fmt, strict=strict)


@reports_errors
def demo(
    name: Annotated[
        str | None,
        typer.Argument(metavar="NAME", help="One scenario's id (default: every scenario)."),
    ] = None,
    list_only: Annotated[
        bool, typer.Option("--list", help="List the scenarios (id, title, verdict) and exit.")
    ] = False,
    rules: RulesOption = None,
) -> None:
    """Walk through the teaching scenarios: each story and its answers, then (Enter) the
    verdict, the criterion that decided it, what would change it, and the teaching point.
    """
    from cryo_check.demo import list_scenarios, run_demo
    from cryo_check.loader import load_rules

    ruleset = load_rules(rules)
    if list_only:
        list_scenarios(ruleset, sys.stdout)
        return
    run_demo(ruleset, name, sys.stdin, sys.stdout, interactive=sys.stdin.isatty())


COMMANDS: dict[str, Callable[..., None]] = {
    "check": check,
    "info": info,
    "batch": batch,
    "demo": demo,
}


def build_app(only: str | None = None) -> typer.Typer:
    """The Typer app; with ``only``, holding just that command.

    Typer turns every registered command into a Click command before it parses anything, so
    when the command to run is known, building only it starts the program faster. The
    result is the same: a group with the same callback and the same command.
    """
    built = typer.Typer(
        name=PROG,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        # Markdown: help written across several source lines reads as one paragraph.
        rich_markup_mode="markdown",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback()(root)
    for name, function in COMMANDS.items():
        if only in (None, name):
            built.command(name)(function)
    if only in (None, "rules"):
        from cryo_check.cli_rules import rules_app

        built.add_typer(rules_app, name="rules")
    return built


def __getattr__(name: str) -> typer.Typer:
    # `cryo_check.cli.app` (the whole app, for tests and docs) is built only when asked for.
    if name == "app":
        return build_app()
    raise AttributeError(name)


def run(args: list[str] | None = None) -> int:
    """Run the program as the ``cryo-check`` command does; returns the exit code."""
    argv = sys.argv[1:] if args is None else args
    only = argv[0] if argv and (argv[0] in COMMANDS or argv[0] == "rules") else None
    if not argv or "--help" in argv or "-h" in argv:
        _help_pipe_like_ours()
    try:
        code = build_app(only)(args=argv, prog_name=PROG, standalone_mode=False)
    except BrokenPipeError:
        return EXIT_BROKEN_PIPE
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


def _help_pipe_like_ours() -> None:
    """Typer prints help through its own rich console, which exits 1 on a broken pipe (1 is
    "rules could not be loaded" here); make it raise instead, so help exits 141 like the rest.
    Only for help, which imports rich anyway."""
    from rich.console import Console

    def on_broken_pipe(self: Console) -> None:
        self.quiet = True
        raise BrokenPipeError

    Console.on_broken_pipe = on_broken_pipe  # type: ignore[method-assign]


def main() -> None:
    sys.exit(run())


__all__ = ["EXIT_BROKEN_PIPE", "EXIT_INTERNAL", "EXIT_IO", "build_app", "main", "run"]
