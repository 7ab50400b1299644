"""``cryo-check check``: one case, from options, ``--answer``, an answer file and prompts.

Every route's answers are resolved once (``core.case.resolve``), so an error names the
option, file line or prompt it came from; the engine is then pure.
"""

# No ``from __future__ import annotations``: Typer reads the signature of ``check`` (twice, as
# a signature and as type hints), and annotations kept as text would be compiled and
# evaluated each time, building every typer.Option again; as objects, they are built once.
import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cryo_check.commands.common import (
    Command,
    RulesOption,
    choose_format,
    completes_from_rules,
    format_option,
)
from cryo_check.commands.handler import reports_errors
from cryo_check.errors import InputError, shown

if TYPE_CHECKING:
    from cryo_check.core.case import Given
    from cryo_check.core.questions import Answers
    from cryo_check.core.ruleset import RuleSet

CheckFormat = Annotated[str, format_option("check")]


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


def given_by_options(
    rules: "RuleSet", by_option: dict[str, str | None], pairs: list[str]
) -> "list[Given]":
    """The answers given as options, each with its option (``--size``, ``--answer size``)."""
    from cryo_check.core.case import Given

    given = [
        Given(q, raw, rules.question(q).where()) for q, raw in by_option.items() if raw is not None
    ]
    for pair in pairs:
        question, sep, raw = pair.partition("=")
        question = question.strip()
        if not sep or not question:
            raise InputError(
                "--answer", f"{shown(pair)} is not ID=VALUE", "e.g. --answer stage=early"
            )
        where = f"--answer {question}" if question in rules.questions else "--answer"
        given.append(Given(question, raw, where))
    return given


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
    details: Annotated[
        bool,
        typer.Option(
            "--details",
            help="Text: the full result (every answer, criterion, quote and note), not the "
            "short card that fits one screen. Markdown, HTML and JSON are always full.",
        ),
    ] = False,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="Text: linear, with no box drawing or tables (for screen readers); "
            "also when TERM=dumb.",
        ),
    ] = False,
) -> None:
    """Check one case and say whether cryotherapy is commonly considered, and why.

    On a terminal, asks the questions that matter and that no option answered; otherwise
    (or with --no-input) unanswered questions are unknown. Exit 0 whatever the verdict.
    """
    from cryo_check.core.case import read, with_name
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
    # Each answer as written and where (an option, or file:line), `unknown` included: an
    # answer given is never asked again, and an error in it names its place.
    given = given_by_options(ruleset, question_options, answer or [])
    if answers_file is not None:
        from cryo_check.commands.answerfile import read_answers

        # The file fills in what no option answered.
        by_option = {g.question for g in given}
        given += [g for g in read_answers(answers_file, ruleset) if g.question not in by_option]
    answers, sources, unitless = read(ruleset, given)  # every answer read before any question
    if not no_input and sys.stdin.isatty():
        from cryo_check.commands.interactive import Prompter

        prompter = Prompter(ruleset, sys.stderr, sys.stdin)
        prompted = prompter.complete(answers, sources, unitless)
        # Read again only after prompts: an answer changed there is read as answered.
        answers, sources, unitless = read(
            ruleset, _after_prompts(ruleset, given, answers, prompted)
        )
    case = with_name(ruleset, answers, sources, unitless)
    result = evaluate(ruleset, case)
    if save_answers is not None:
        from cryo_check.commands.answerfile import save_answers as save

        save(save_answers, answers, ruleset)
    report = build(result, ruleset, as_of)
    if fmt == "text":
        from cryo_check.render.text import render_text, write_card

        if details:
            render_text(report, sys.stdout, plain=plain)
        else:
            write_card(report, sys.stdout, plain=plain)
        return
    render("check", report, fmt, sys.stdout)


def _after_prompts(
    rules: "RuleSet", given: "list[Given]", before: "Answers", after: "Answers"
) -> "list[Given]":
    """``given`` with what the prompts settled: an answer kept as written where it was not
    changed (so how it was read still shows), else as answered at the prompt."""
    from cryo_check.core.case import given_as

    kept = [g for g in given if after.get(g.question) == before.get(g.question)]
    answered = {g.question for g in kept}
    changed = {q: v for q, v in after.items() if q not in answered}
    return kept + given_as(rules, changed, {})


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


COMMANDS = {
    "check": Command(
        lambda: _with_question_options(check),
        (
            "cryo-check check -c kidney -s early --size 3cm --fit-for-surgery no",
            "cryo-check check --cancer renal --stage spread --no-input --format json",
            "cryo-check check -c liver -s early --format markdown",
        ),
    )
}
