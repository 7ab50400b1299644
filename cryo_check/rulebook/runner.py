"""The example runner: every example and scenario of a rule folder against its rules.

``cryo-check rules test`` prints what ``run_examples`` returns; a file that does not validate
is a failure, never skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryo_check.core.ruleset import NOT_COVERED
from cryo_check.errors import AnswerError, Problem
from cryo_check.paths import display_path
from cryo_check.rulebook.examples import run_example, run_scenario

if TYPE_CHECKING:
    from cryo_check.rulebook.validation import FolderCheck


def flow(mapping: dict[str, Any] | tuple[tuple[str, Any], ...]) -> str:
    """``{stage: early, size: 3cm}``: answers as a person would write them in YAML."""
    items = mapping.items() if isinstance(mapping, dict) else mapping
    return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"


@dataclass(frozen=True)
class ExampleOutcome:
    file: str
    line: int | None
    name: str | None
    answers: str
    expected: str
    got: str
    expected_missing: tuple[str, ...] | None = None
    got_missing: tuple[str, ...] = ()
    kind: str = "example"

    @property
    def passed(self) -> bool:
        if self.got != self.expected:
            return False
        return self.expected_missing is None or self.expected_missing == self.got_missing

    def failure(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        label = f" '{self.name}'" if self.name else ""
        got = self.got
        expected = self.expected
        if self.expected_missing is not None:
            expected += f" (missing {flow_list(self.expected_missing)})"
            got += f" (missing {flow_list(self.got_missing)})"
        return f"{where}: {self.kind}{label} {self.answers}: expected {expected}, got {got}"


def flow_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(items) + "]"


@dataclass(frozen=True)
class TestRun:
    outcomes: tuple[ExampleOutcome, ...]
    #: Files that failed validation: each counts as one failure, never as skipped.
    broken: tuple[tuple[str, tuple[Problem, ...]], ...]

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def failed(self) -> int:
        return sum(not o.passed for o in self.outcomes) + len(self.broken)


def run_examples(checked: FolderCheck) -> TestRun:
    """Every example of every file that compiled; every broken file as a failure."""
    from cryo_check.rulebook.validation import RESERVED

    rules = checked.rules
    outcomes = []
    for cancer in rules.cancers.values():
        for example in cancer.examples:
            try:
                got, missing = run_example(cancer, example, checked.rules)
            except AnswerError as exc:
                got, missing = f"error ({exc.message})", ()
            outcomes.append(
                ExampleOutcome(
                    display_path(rules.path_of(cancer.file)),
                    example.line,
                    example.name,
                    flow(example.answers),
                    example.expect,
                    got,
                    example.expect_missing,
                    missing,
                )
            )
    broken_types = [name for name in checked.broken_files if Path(name).stem not in RESERVED]
    for scenario in checked.rules.scenarios:
        got, missing = run_scenario(checked.rules, scenario)
        if (
            got != scenario.expect
            and (got == NOT_COVERED or got.startswith("error"))
            and broken_types
        ):
            # Its type is probably in a file that did not validate (counted on its own).
            got += f" (is its type in {', '.join(broken_types)}, which does not validate?)"
        outcomes.append(
            ExampleOutcome(
                display_path(rules.path_of(scenario.file)),
                scenario.line,
                scenario.id,
                flow(scenario.answers),
                scenario.expect,
                got,
                scenario.expect_missing,
                missing,
                kind="scenario",
            )
        )
    broken = tuple(
        (name, tuple(p for p in checked.problems if p.file == name))
        for name in checked.broken_files
    )
    return TestRun(tuple(outcomes), broken)
