"""``cryo-check info`` and ``cryo-check schema``: what the documents say, and the shapes of
cryo-check's JSON and rule files."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cryo_check.commands.common import (
    Command,
    RulesOption,
    choose_format,
    completes_from_rules,
    find_cancer,
    format_option,
)
from cryo_check.commands.handler import reports_errors

InfoFormat = Annotated[str, format_option("info")]


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
    from cryo_check.environment import today
    from cryo_check.render import formats, render
    from cryo_check.rulebook.loader import load_rules

    fmt = choose_format(output_format, formats("info"))
    as_of = today()  # the sources' age is told on this day
    ruleset = load_rules(rules)
    chosen = find_cancer(ruleset, cancer_id, "ID") if cancer_id is not None else None
    topics = ruleset.topics_for(chosen, kinds=True)
    render("info", info_document(ruleset, topics, chosen, as_of), fmt, sys.stdout)


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


COMMANDS = {
    "info": Command(lambda: info, ("cryo-check info", "cryo-check info kidney --format markdown")),
    "schema": Command(lambda: schema, ("cryo-check schema check", "cryo-check schema cancer-file")),
}
