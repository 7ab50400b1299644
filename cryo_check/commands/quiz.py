"""``cryo-check quiz``: a case at a time, the student's prediction, then what the documents
support and the criterion that decided it, ending with a score ("2 out of 3").

At a terminal it asks; anywhere else it never waits for input: the predictions are given with
``--prediction`` (one per case), or it stops at once with an error naming that option.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from cryo_check.commands.common import Command, RulesOption, completes_from_rules, find_cancer
from cryo_check.commands.handler import reports_errors
from cryo_check.errors import InputError

if TYPE_CHECKING:
    pass

#: The most cases one quiz asks.
MAX_COUNT = 100


@reports_errors
def quiz(
    count: Annotated[
        int | None,
        typer.Option(
            "--count",
            "-n",
            metavar="N",
            min=1,
            max=MAX_COUNT,
            help="How many cases to ask (default 5; with --prediction, one per prediction).",
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            metavar="S",
            help="Draw the same cases again: the cases after the scenarios are drawn at random.",
        ),
    ] = None,
    type_id: Annotated[
        str | None,
        typer.Option(
            "--type",
            metavar="ID",
            help="Only cases of one covered cancer type (its id or another of its names).",
            autocompletion=completes_from_rules("ids"),
        ),
    ] = None,
    predictions: Annotated[
        list[str] | None,
        typer.Option(
            "--prediction",
            "-p",
            metavar="VERDICT",
            help="Answer without a terminal: one prediction per case, in order (repeatable), "
            "e.g. -p 'commonly considered' -p 'not covered'.",
        ),
    ] = None,
    rules: RulesOption = None,
) -> None:
    """A quiz on what the documents support: each case (the teaching scenarios, then cases
    from the decision tables), your prediction, then what the documents support, the
    criterion that decided it and its quote; at the end, your score.
    """
    from cryo_check.core.quiz import quiz_cases
    from cryo_check.rulebook.loader import load_rules

    given = list(predictions or [])
    if given and count is not None and count != len(given):
        raise InputError(
            "--prediction",
            f"{len(given)} prediction{'s' * (len(given) != 1)} for {count} cases",
            "give one --prediction per case, or leave out --count",
        )
    interactive = not given and sys.stdin.isatty()
    if not given and not interactive:
        raise InputError(
            "--prediction",
            "the quiz asks at a terminal, and standard input is not one",
            "run it at a terminal, or give one --prediction per case, e.g. "
            "--count 1 --prediction 'may be considered'",
        )
    ruleset = load_rules(rules)
    cancer = find_cancer(ruleset, type_id, "--type") if type_id is not None else None
    cases = quiz_cases(ruleset, len(given) or count or 5, seed, cancer)
    if given and len(cases) < len(given):
        # Never a prediction silently unused: the type has fewer cases than were answered.
        raise InputError(
            "--prediction",
            f"{len(given)} predictions, but {cancer.name if cancer else 'the rules'} "
            f"give{'s' * (cancer is not None)} only {len(cases)} cases",
            f"give at most {len(cases)}",
        )
    from cryo_check.commands.quizzing import Quiz

    Quiz(ruleset, sys.stdout, sys.stdin, iter(given) if given else None).run(cases)


COMMANDS = {
    "quiz": Command(
        lambda: quiz,
        (
            "cryo-check quiz --count 1 -p 'not covered'",
            "cryo-check quiz --type kidney --seed 7 -p 1 -p 2 -p 3",
            "cryo-check quiz --count 2 -p 'commonly considered' -p 'may be considered'",
        ),
    )
}
