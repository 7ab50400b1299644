"""``cryo-check rules …``: inspect, validate, test and export rule folders."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cryo_check.commands.common import (
    OnceCommand,
    RulesOption,
    choose_format,
    completes,
    completes_from_rules,
    examples,
    find_cancer,
    format_option,
)
from cryo_check.commands.handler import reports_errors
from cryo_check.errors import EXIT_OK, EXIT_RULES, InputError
from cryo_check.render import formats

ListFormat = Annotated[str, format_option("rules-list")]
TableFormat = Annotated[str, format_option("table")]

rules_app = typer.Typer(
    help="Inspect, validate, test and export rule folders (the shipped ones, or your own).",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    epilog=examples("cryo-check rules list", "cryo-check rules validate"),
)

IdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="A covered cancer type: its id or another of its names.",
        autocompletion=completes_from_rules("ids"),
    ),
]
#: What `rules export` writes: the formats of a selection of types, and the rule-file schemas.
EXPORTS = (*formats("export"), "json-schema")


@rules_app.command(
    "list",
    cls=OnceCommand,
    epilog=examples("cryo-check rules list", "cryo-check rules list --format json"),
)
@reports_errors
def list_rules(
    output_format: ListFormat = "text",
    rules: RulesOption = None,
) -> None:
    """Every covered cancer type: its names, its criteria (a line each) and the sources."""
    from cryo_check.core.report import listing
    from cryo_check.render import formats, render
    from cryo_check.rulebook.loader import load_rules

    fmt = choose_format(output_format, formats("rules-list"))
    render("rules-list", listing(load_rules(rules)), fmt, sys.stdout)


@rules_app.command(
    cls=OnceCommand,
    epilog=examples("cryo-check rules show kidney", "cryo-check rules show renal"),
)
@reports_errors
def show(cancer_id: IdArgument, rules: RulesOption = None) -> None:
    """One cancer type's criteria (question, test, threshold, quote, source), its decisions,
    and the verdict each path of answers leads to, as a tree.
    """
    from cryo_check.render.rules import render_show
    from cryo_check.rulebook.loader import load_rules

    ruleset = load_rules(rules)
    render_show(ruleset, find_cancer(ruleset, cancer_id, "ID"), sys.stdout)


@rules_app.command(
    cls=OnceCommand,
    epilog=examples("cryo-check rules validate", "cryo-check rules validate --rules rules"),
)
@reports_errors
def validate(
    rules: RulesOption = None,
    sources: Annotated[
        str | None,
        typer.Option(
            "--sources",
            metavar="DIR",
            help="A folder with the full texts of the sources: check every quote against them, "
            "word for word.",
        ),
    ] = None,
) -> None:
    """Check every rule file and report every problem in every file, one line each
    (file:line:column: field: problem (fix)). Exit 1 if there is any.
    """
    from pathlib import Path

    from cryo_check.paths import rules_dir
    from cryo_check.rulebook.validation import check_rules

    checked = check_rules(rules_dir(rules), Path(sources) if sources else None)
    for problem in checked.problems:
        typer.echo(f"{problem}")
    files = len(checked.files)
    if checked.problems:
        broken = len(checked.broken_files)
        count = f"{len(checked.problems)} problem{'s' * (len(checked.problems) != 1)}"
        where = f" in {broken} of {files} file{'s' * (files != 1)}" if files else ""
        typer.echo(count + where)
        raise typer.Exit(EXIT_RULES)
    quotes = (
        f"; all {checked.quotes_checked} quotes found word for word in their sources"
        if sources
        else ""
    )
    typer.echo(
        f"{checked.folder}: {files} files, {len(checked.rules.cancers)} cancer types, "
        f"{len(checked.rules.sources)} sources: no problems{quotes}"
    )


@rules_app.command("test", cls=OnceCommand, epilog=examples("cryo-check rules test"))
@reports_errors
def run_rule_tests(rules: RulesOption = None) -> None:
    """Run every rule file's examples through the engine; a file that does not validate
    counts as a failure, never as skipped. Ends with 'N passed, M failed'; exit 1 on failure.
    """
    from cryo_check.paths import rules_dir
    from cryo_check.rulebook.runner import run_examples
    from cryo_check.rulebook.validation import check_rules

    run = run_examples(check_rules(rules_dir(rules)))
    by_file: dict[str, str] = {}
    for outcome in run.outcomes:
        by_file[outcome.file] = by_file.get(outcome.file, "") + ("." if outcome.passed else "F")
    for name, _ in run.broken:
        by_file[name] = by_file.get(name, "") + "E"
    for name in sorted(by_file):
        typer.echo(f"{name} {by_file[name]}")
    failures = [o for o in run.outcomes if not o.passed]
    if failures or run.broken:
        typer.echo("")
        typer.echo("failures:")
        for outcome in failures:
            typer.echo(f"FAILED {outcome.failure()}")
        for _, problems in run.broken:
            for problem in problems:
                typer.echo(f"INVALID {problem}")
    typer.echo(f"{run.passed} passed, {run.failed} failed")
    raise typer.Exit(EXIT_RULES if run.failed else EXIT_OK)


@rules_app.command(
    cls=OnceCommand,
    epilog=examples("cryo-check rules table kidney", "cryo-check rules table liver --format csv"),
)
@reports_errors
def table(
    cancer_id: IdArgument,
    output_format: TableFormat = "text",
    rules: RulesOption = None,
) -> None:
    """Every combination of the answers a type's criteria read (sizes as the bands of its
    thresholds), with the verdict each gives.
    """
    from cryo_check.core.documents import TableDocument
    from cryo_check.core.explain import decision_table
    from cryo_check.render import formats, render
    from cryo_check.rulebook.loader import load_rules

    fmt = choose_format(output_format, formats("table"))
    cancer = find_cancer(load_rules(rules), cancer_id, "ID")
    render("table", TableDocument(cancer, decision_table(cancer)), fmt, sys.stdout)


@rules_app.command(
    cls=OnceCommand,
    epilog=examples(
        "cryo-check rules export --format markdown kidney",
        "cryo-check rules export --format mermaid liver",
        "cryo-check rules export --format json-schema cancer",
        "cryo-check rules export --format gift kidney",
        "cryo-check rules export --format worksheet kidney",
        "cryo-check rules export --format answer-key-html kidney",
    ),
)
@reports_errors
def export(
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="[" + "|".join(EXPORTS) + "]",
            help="What to export.",
            autocompletion=completes(*EXPORTS),
        ),
    ],
    cancer_ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID",
            help="Cancer types to export (default: all); for json-schema, the rule file kinds "
            "(cancer, sources, info, scenarios, questions; default: one schema for any).",
            autocompletion=completes_from_rules("ids"),
        ),
    ] = None,
    rules: RulesOption = None,
) -> None:
    """Export the rules: a Markdown handout (a criteria table per type, quotes, sources,
    disclaimer), Mermaid flowcharts of each decision, the JSON Schema of a kind of rule
    file (the ones in rules/schemas/), built from the folder's questions and sources, a
    self-contained HTML page for a class (an explorer, tables, paths and scenarios), a
    Moodle GIFT question bank (a multiple-choice question per combination of answers, its
    one key computed by the engine, its feedback quoting the documents), or a worksheet of
    cases without verdicts and its answer key (Markdown, or -html for a printable page).
    """
    from cryo_check.core.documents import Selection
    from cryo_check.render import render
    from cryo_check.rulebook.loader import load_rules

    fmt = choose_format(output_format, EXPORTS)
    ruleset = load_rules(rules)
    if fmt == "json-schema":
        from cryo_check.rulebook.schemas import KINDS, rule_file_schema, schema_json

        if len(cancer_ids or ()) > 1:
            raise InputError("ID", "json-schema exports one kind at a time", "give one kind")
        kind = choose_format(cancer_ids[0], KINDS, "KIND") if cancer_ids else None
        sys.stdout.write(schema_json(rule_file_schema(kind, ruleset)))
        return
    cancers = [find_cancer(ruleset, i, "ID") for i in cancer_ids] if cancer_ids else None
    render("export", Selection(ruleset, cancers or list(ruleset.cancers.values())), fmt, sys.stdout)
