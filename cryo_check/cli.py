"""The ``cryo-check`` command line: a thin layer over the library.

Each command parses its options, calls the library and picks a renderer; no rule logic lives
here. Errors from the library reach a person as one line on stderr with a documented exit
code (see ``cryo_check.errors``), never as a traceback. Heavy modules (rich, PyYAML, pydantic
models, renderers) are imported inside the commands that need them.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cryo_check import __version__, environment
from cryo_check.commands.common import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_IO,
    FALLBACK_ERRORS,
    MAX_ERROR_LINE,
    PROG,
    GuardedOutput,
    OnceCommand,
    OutputLostError,
    RulesOption,
    can_encode,
    choose_format,
    completes,
    completes_from_rules,
    error,
    examples,
    find_cancer,
    format_option,
    os_error,
    report_internal,
    reports_errors,
    writes_ascii,
)
from cryo_check.errors import (
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    MAX_PATH_QUOTED,
    AnswerError,
    InputError,
    clipped,
    shown,
)

if TYPE_CHECKING:
    from cryo_check.core.questions import Answers
    from cryo_check.core.ruleset import RuleSet


CheckFormat = Annotated[str, format_option("check")]
BATCH_FORMATS = ("table", "csv", "jsonl", "html")
InfoFormat = Annotated[str, format_option("info")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit()


def _current_shell() -> str:
    from cryo_check.commands.completion import detected_shell

    shell = detected_shell()
    if shell is None:
        raise InputError(
            "--install-completion",
            "the shell in use is not bash, zsh or fish",
            "print a script with 'cryo-check completion SHELL'",
        )
    return shell


@reports_errors
def _install_completion(value: bool) -> None:
    if value:
        from cryo_check.commands.completion import install

        shell = _current_shell()
        where = install(shell, PROG, Path.home())
        typer.echo(f"{shell} completion installed in {where}")
        typer.echo("Completion will take effect once you restart the terminal")
        raise typer.Exit()


@reports_errors
def _show_completion(value: bool) -> None:
    if value:
        from cryo_check.commands.completion import script

        sys.stdout.write(script(_current_shell(), PROG))
        raise typer.Exit()


def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    install_completion: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            callback=_install_completion,
            is_eager=True,
            help="Install completion for the current shell.",
        ),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option(
            "--show-completion",
            callback=_show_completion,
            is_eager=True,
            help="Show completion for the current shell, to copy it or customize the installation.",
        ),
    ] = False,
) -> None:
    """Says whether cancer cryotherapy (cryoablation) is commonly considered, according to the
    patient-information documents its rules quote, with the reasons and the quotes they rest on.

    General information, not medical advice: consult your doctor.
    """


AnswerOption = Annotated[
    list[str] | None,
    typer.Option(
        "--answer",
        "-a",
        metavar="ID=VALUE",
        help="Answer any question by its id, e.g. --answer stage=early (repeatable); "
        "'cryo-check rules list' names the questions.",
    ),
]


def answers_from_options(
    rules: RuleSet, by_option: dict[str, str | None], pairs: list[str]
) -> tuple[Answers, dict[str, str]]:
    """The answers given as options, and where each came from; a bad one names its option."""
    from cryo_check.core.questions import Answers

    answers = Answers()
    origin: dict[str, str] = {}
    given = [(q, rules.question(q).where(), raw) for q, raw in by_option.items() if raw is not None]
    for pair in pairs:
        question, sep, raw = pair.partition("=")
        question = question.strip()
        if not sep or not question:
            raise InputError(
                "--answer", f"{shown(pair)} is not ID=VALUE", "e.g. --answer stage=early"
            )
        try:
            rules.question(question)
        except AnswerError as exc:
            raise exc.located("--answer") from None
        given.append((question, f"--answer {question}", raw))
    for question, where, raw in given:
        if question in origin:
            raise InputError(
                where,
                f"{question} is answered twice (also by {origin[question]})",
                "answer it once",
            )
        try:
            answers = answers.with_answer(question, rules.parse(question, raw))
        except AnswerError as exc:
            raise exc.located(where) from None
        origin[question] = where
    return answers, origin


@reports_errors
def check(
    question_options: dict[str, str | None],
    output_format: CheckFormat = "text",
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
            help="Write the answers to FILE (YAML, or JSON for .json) to share the case: a new "
            "file, or a regular writable one replaced (never a link or device; not -).",
        ),
    ] = None,
    answer: AnswerOption = None,
    rules: RulesOption = None,
) -> None:
    """Check one case and say whether cryotherapy is commonly considered, and why.

    On a terminal, asks the questions that matter and that no option answered; otherwise
    (or with --no-input) unanswered questions are unknown. Exit 0 whatever the verdict.
    """
    from cryo_check.core.case import resolve
    from cryo_check.core.engine import evaluate
    from cryo_check.core.report import build
    from cryo_check.environment import today
    from cryo_check.render import formats, render
    from cryo_check.rulebook.loader import load_rules

    fmt = choose_format(output_format, formats("check"))
    if save_answers is not None:
        from cryo_check.commands.answerfile import check_save_path

        check_save_path(save_answers)
    ruleset = load_rules(rules)
    as_of = today()  # read first: a bad CRYO_CHECK_TODAY is refused before any question
    # Where each answer came from (an option, or file:line), `unknown` included: an answer
    # given is never asked again, and an error in it names its place.
    answers, origin = answers_from_options(ruleset, question_options, answer or [])
    if answers_file is not None:
        from cryo_check.commands.answerfile import read_answers

        # The file fills in what no option answered.
        from_file, in_file = read_answers(answers_file, ruleset)
        for question, place in in_file.items():
            if question not in origin:
                answers = answers.with_answer(question, from_file.get(question))
                origin[question] = f"{place}: {question}"
    given = frozenset(origin)
    try:
        if not no_input and sys.stdin.isatty():
            from cryo_check.commands.interactive import Prompter

            answers = Prompter(ruleset, sys.stderr, sys.stdin).complete(answers, given)
        case = resolve(ruleset, answers, origin)
    except AnswerError as exc:
        where = origin.get(exc.question) or ruleset.question(exc.question).where()
        raise exc.located(where) from None
    result = evaluate(ruleset, case)
    if save_answers is not None:
        from cryo_check.commands.answerfile import save_answers as save

        save(save_answers, answers, ruleset)
    render("check", build(result, ruleset, as_of), fmt, sys.stdout)


def _with_question_options(command: Callable[..., None]) -> Callable[..., None]:
    """``command`` taking an option for every shipped question that declares one.

    The options come from the shipped questions (``rules/questions.yaml``): a question added
    there with an ``option`` gets its flag here with no code change. They reach ``command``
    as one mapping of question id -> text.
    """
    import inspect

    from cryo_check.rulebook.options import load_options

    # The shipped questions' options, compiled from rules/questions.yaml (a small file: help
    # and every other command are built without reading the whole rule set).
    questions = load_options()

    @functools.wraps(command)
    def with_options(**kwargs: Any) -> None:
        given = {str(q["id"]): kwargs.pop(f"q_{q['id']}") for q in questions}
        command(given, **kwargs)

    params = [
        inspect.Parameter(
            f"q_{q['id']}",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str | None,
                typer.Option(
                    *(flag for flag in (q["option"], q["short"]) if flag),
                    metavar=q["metavar"] or "VALUE",
                    help=f"{q['prompt']} {q['help']}.",
                    autocompletion=completes_from_rules(str(q["id"])),
                ),
            ],
        )
        for q in questions
    ]
    rest = list(inspect.signature(command, eval_str=True).parameters.values())[1:]
    rest = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in rest]
    with_options.__signature__ = inspect.Signature(params + rest)  # type: ignore[attr-defined]
    return with_options


@reports_errors
def info(
    cancer_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
            help="A covered cancer type (id or other name); omit for general.",
            autocompletion=completes_from_rules("ids"),
        ),
    ] = None,
    output_format: InfoFormat = "text",
    rules: RulesOption = None,
) -> None:
    """What the documents say about cryotherapy: what it is, how it is done, side effects,
    repeat treatment; for one cancer type, what they say about it too. Each point is quoted.
    """
    from cryo_check.core.report import info_document
    from cryo_check.render import formats, render
    from cryo_check.rulebook.loader import load_rules

    fmt = choose_format(output_format, formats("info"))
    ruleset = load_rules(rules)
    chosen = find_cancer(ruleset, cancer_id, "ID") if cancer_id is not None else None
    render(
        "info",
        info_document(ruleset, ruleset.topics_for(chosen, kinds=True), chosen),
        fmt,
        sys.stdout,
    )


@reports_errors
def batch(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="Cases: CSV (comma, semicolon or tab separated) with a header of question "
            "ids or labels, JSON Lines, or a YAML list; - for stdin. An id, name or student "
            "column names each case; a prediction column is scored; other columns are kept.",
        ),
    ],
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="[table|csv|jsonl|html]",
            help="Output format (default: a table on a terminal, else jsonl). The table "
            "shows the first 1,000 cases and counts them all; csv and jsonl list every case; "
            "html is a printable class-results page.",
            autocompletion=completes(*BATCH_FORMATS),
        ),
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format",
            metavar="[csv|jsonl|yaml]",
            help="Input format (default: from the file name, else from its first line).",
            autocompletion=completes("csv", "jsonl", "yaml"),
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop at the first bad row (exit 2), not skip it.")
    ] = False,
    rules: RulesOption = None,
) -> None:
    """Check many cases: one result per row, in the file's order, then a count of each
    verdict and of the predictions that agree with what the documents support.

    A row that cannot be read is written with its error (and told on stderr, with its line);
    with --strict, the run stops there, exit 2, every row before it written.
    """
    from cryo_check.commands.batch import INPUT_FORMATS, run_batch

    fmt = choose_format(
        output_format or ("table" if sys.stdout.isatty() else "jsonl"), BATCH_FORMATS
    )
    source_format = (
        choose_format(input_format, INPUT_FORMATS, "--input-format") if input_format else None
    )
    from cryo_check.rulebook.loader import load_rules

    ruleset = load_rules(rules)
    if file == "-":
        # Bytes, decoded a line at a time as UTF-8 whatever the locale says (read_cases
        # skips a byte-order mark): a line that is not UTF-8 is one bad row.
        stdin = getattr(sys.stdin, "buffer", None) or sys.stdin
        run_batch(ruleset, stdin, "<stdin>", source_format, fmt, strict=strict)
        return
    try:
        stream = Path(file).open("rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(
            "FILE", f"cannot read {shown(file, MAX_PATH_QUOTED)}: {exc.strerror}"
        ) from None
    with stream:
        run_batch(
            ruleset, stream, clipped(file, MAX_PATH_QUOTED), source_format, fmt, strict=strict
        )


@reports_errors
def demo(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="One scenario's id (default: every scenario).",
            autocompletion=completes_from_rules("scenario"),
        ),
    ] = None,
    list_only: Annotated[
        bool,
        typer.Option(
            "--list", help="List the scenarios (id and title: no answer given away) and exit."
        ),
    ] = False,
    with_verdicts: Annotated[
        bool,
        typer.Option(
            "--with-verdicts",
            help="With --list: each scenario's verdict too (for the teacher's screen, not the "
            "projector).",
        ),
    ] = False,
    rules: RulesOption = None,
) -> None:
    """Walk through the teaching scenarios: each story and its answers, then (Enter) the
    verdict, the criterion that decided it, what would change it, and the teaching point.
    """
    from cryo_check.commands.demo import list_scenarios, run_demo
    from cryo_check.rulebook.loader import load_rules

    ruleset = load_rules(rules)
    if with_verdicts and not list_only:
        raise InputError("--with-verdicts", "goes with --list", "add --list")
    if list_only:
        list_scenarios(ruleset, sys.stdout, verdicts=with_verdicts)
        return
    run_demo(ruleset, name, sys.stdin, sys.stdout, interactive=sys.stdin.isatty())


@reports_errors
def completion(
    shell: Annotated[
        str,
        typer.Argument(
            metavar="SHELL",
            help="bash, zsh or fish.",
            autocompletion=completes("bash", "zsh", "fish"),
        ),
    ],
) -> None:
    """Print the shell completion script for bash, zsh or fish: commands, options, and values
    (cancer types and their names, stages, answers, formats, rule ids, scenario names).

    To load it in every new shell: bash, add `eval "$(cryo-check completion bash)"` to
    ~/.bashrc; zsh (after compinit), `eval "$(cryo-check completion zsh)"` in ~/.zshrc; fish,
    `cryo-check completion fish > ~/.config/fish/completions/cryo-check.fish`. Or let
    `cryo-check --install-completion` install it for the shell you are in.
    """
    from cryo_check.commands.completion import SHELLS, script

    chosen = choose_format(shell, SHELLS, "SHELL")
    sys.stdout.write(script(chosen, PROG))


@reports_errors
def schema(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="check, batch, rules-list, info, or a rule file kind: cancer-file, "
            "sources-file, info-file, scenarios-file, questions-file.",
            autocompletion=completes_from_rules("schema"),
        ),
    ],
    rules: RulesOption = None,
) -> None:
    """Print the JSON Schema of a JSON output (check, a batch row, rules list, info) or of a
    rule file. Question ids, answers and units in it come from the rules in use.
    """
    from cryo_check.rulebook.loader import load_rules
    from cryo_check.rulebook.schemas import SCHEMAS, schema_text

    chosen = choose_format(name, tuple(SCHEMAS), "NAME")
    sys.stdout.write(schema_text(chosen, load_rules(rules)))


COMMANDS: dict[str, Callable[[], Callable[..., None]]] = {
    "check": lambda: _with_question_options(check),
    "info": lambda: info,
    "batch": lambda: batch,
    "demo": lambda: demo,
    "completion": lambda: completion,
    "schema": lambda: schema,
    "quiz": lambda: _quiz(),
}


def _quiz() -> Callable[..., None]:
    from cryo_check.commands.quiz import quiz

    return quiz


#: Real invocations shown in each command's help (tests/test_help.py runs every one).
EXAMPLES: dict[str, tuple[str, ...]] = {
    "": (
        "cryo-check check -c kidney -s early --size 3cm --fit-for-surgery no",
        "cryo-check rules list",
    ),
    "check": (
        "cryo-check check -c kidney -s early --size 3cm --fit-for-surgery no",
        "cryo-check check --cancer renal --stage spread --no-input --format json",
        "cryo-check check -c liver -s early --format markdown",
    ),
    "info": ("cryo-check info", "cryo-check info kidney --format markdown"),
    "batch": ("cryo-check batch examples/class-cases.csv --format csv",),
    "demo": (
        "cryo-check demo --list",
        "cryo-check demo --list --with-verdicts",
        "cryo-check demo kidney-small-not-fit",
    ),
    "completion": ("cryo-check completion bash",),
    "schema": ("cryo-check schema check", "cryo-check schema cancer-file"),
    "quiz": (
        "cryo-check quiz --count 1 -p 'not covered'",
        "cryo-check quiz --type kidney --seed 7 -p 1 -p 2 -p 3",
        "cryo-check quiz --count 2 -p 'commonly considered' -p 'may be considered'",
    ),
}


def build_app(only: str | None = None, *, completion: bool = False) -> typer.Typer:
    """The Typer app; with ``only``, holding just that command.

    Typer turns every registered command into a Click command before it parses anything, so
    when the command to run is known, building only it starts the program faster. The
    result is the same: a group with the same callback and the same command. Typer's
    ``--install-completion`` and ``--show-completion`` belong to the whole app (and to a
    shell asking for completions, ``completion``): they cost imports no command needs.
    """
    _plain_placeholders()
    built = typer.Typer(
        name=PROG,
        no_args_is_help=True,
        add_completion=False,  # cryo-check's own --install-completion (zsh's first Tab)
        epilog=examples(*EXAMPLES[""]),
        pretty_exceptions_enable=False,
        # Markdown: help written across several source lines reads as one paragraph.
        rich_markup_mode="markdown",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback()(root)
    for name, make in COMMANDS.items():
        if only in (None, name):
            built.command(name, cls=OnceCommand, epilog=examples(*EXAMPLES[name]))(make())
    if only in (None, "rules"):
        from cryo_check.commands.rules import rules_app

        built.add_typer(rules_app, name="rules")
    return built


def __getattr__(name: str) -> typer.Typer:
    # `cryo_check.cli.app` (the whole app, for tests and docs) is built only when asked for.
    if name == "app":
        return build_app()
    raise AttributeError(name)


def _plain_placeholders() -> None:
    """Help shows each option's placeholder as written (``SIZE``, ``[text|json]``) and nothing
    for a flag or beside an argument's name, where Typer would add ``<bool>`` or ``<str>``.

    Typer has no setting for this; its help asks each parameter for the text to show, and
    this answers that question, for this program's help only (no other code reads it)."""
    from typer.core import TyperArgument, TyperOption

    if getattr(TyperOption, "_cryo_check_plain", False):
        return

    def option_placeholder(self: TyperOption, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        return self.metavar if self.metavar is not None else self.display_type(ctx)

    def argument_placeholder(self: TyperArgument, ctx: Any) -> str | None:
        return None  # the name column already shows its metavar

    TyperOption.display_type_rich = option_placeholder  # type: ignore[method-assign]
    TyperArgument.display_type_rich = argument_placeholder  # type: ignore[method-assign,assignment]
    TyperOption._cryo_check_plain = True  # type: ignore[attr-defined]


def run(args: list[str] | None = None) -> int:
    """Run the program as the ``cryo-check`` command does; returns the exit code.

    Whatever the streams are (closed, full, a pipe whose reader left, an encoding without
    curly quotes), the exit code is a documented one: see ``cryo_check.errors``.
    """
    # No pydantic plugin sees what people answer or what rule files hold (a plugin such as a
    # tracing one could send it over the network). Typer validates every option with pydantic,
    # so this also spares each run pydantic's search of every installed package for plugins.
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    if os.environ.get("_CRYO_CHECK_COMPLETE"):
        # A shell asking for completions (see cryo_check.commands.completion): answered, never run.
        from cryo_check.commands.completion import complete

        return complete(build_app, (*COMMANDS, "rules"), PROG)
    argv = sys.argv[1:] if args is None else args
    streams = sys.stdin, sys.stdout, sys.stderr
    _prepare_streams()
    try:
        code = _run(argv)
        sys.stdout.flush()  # the output is delivered only once it is written
        return code
    except OutputLostError as exc:
        _discard_output(streams[1])
        return exc.exit_code()
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams


def _run(argv: list[str]) -> int:
    only = argv[0] if argv and (argv[0] in COMMANDS or argv[0] == "rules") else None
    try:
        code = build_app(only)(args=argv, prog_name=PROG, standalone_mode=False)
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
        message = clipped(exc.format_message(), MAX_ERROR_LINE // 2)
        error(f"error: {message[:1].lower()}{message[1:]} (see '{where} --help')")
        return int(getattr(exc, "exit_code", EXIT_INPUT))
    except OSError as exc:
        # Output is guarded (OutputLostError); this is a last resort, said by its cause.
        if exc.errno == errno.EPIPE:
            return EXIT_BROKEN_PIPE
        code = os_error(exc)
        if code is not None:
            return code
        report_internal(exc)
        return EXIT_INTERNAL
    return code if isinstance(code, int) else EXIT_OK


def _prepare_streams() -> None:
    """Streams a run can rely on: the standard descriptors open (so no file opened later
    takes their place), stdout guarded, characters an encoding lacks written in ASCII."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    if sys.stdin is None:
        sys.stdin = Path(os.devnull).open(encoding="utf-8")  # noqa: SIM115 - for the run
    if sys.stderr is None:
        # Closed by the caller: errors go nowhere, and the exit code still says what happened.
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - for the run
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue
        if not writes_ascii(stream):
            # A codec that does not write plain text as ASCII (PYTHONIOENCODING=undefined,
            # idna, utf-16) is replaced by ASCII, with the same stand-ins.
            stream.reconfigure(encoding="ascii", errors=FALLBACK_ERRORS)
        elif not can_encode(stream):
            stream.reconfigure(errors=FALLBACK_ERRORS)
    sys.stdout = GuardedOutput(sys.stdout)
    # $COLUMNS and $LINES as the one reader reads them, also for Typer's help and rich.
    environment.settle()


def _discard_output(stdout: Any) -> None:
    """After a lost output, send what is still buffered to /dev/null, so that the
    interpreter's last flush cannot fail (and print a traceback, and exit 120)."""
    try:
        fd = stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


def main() -> None:
    sys.exit(run())


__all__ = ["EXIT_BROKEN_PIPE", "EXIT_INTERNAL", "EXIT_IO", "build_app", "main", "run"]
