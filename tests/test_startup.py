"""Guards for start-up speed and the shipped compiled rules: facts that do not depend on the
machine.

Timings live in benchmarks/ (``python benchmarks/run.py``); these tests pin what makes the
timings possible: what is imported on each path, that the shipped rules are read from their
compiled form with no YAML work, that the compiled form is the compilation of ``rules/`` as it
is, and that a run writes nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cryo_check.errors import RulesError
from cryo_check.rulebook import compiled, options
from cryo_check.rulebook.loader import load_rules, shipped_rules
from cryo_check.rulebook.validation import check_rules

from .conftest import RULES_DIR, run_env

HEAVY = (
    "rich",
    "yaml",
    "cryo_check.rulebook.models",
    "cryo_check.rulebook.validation",
    "cryo_check.rulebook.runner",
    # Completion and schemas: only when a shell asks, or a schema is printed.
    "cryo_check.commands.completion",
    "cryo_check.rulebook.schemas",
    # The typed documents are types only on these paths; pydantic reads them for `schema`.
    "cryo_check.core.documents",
)


def modules_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    probe = code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env=env or run_env(),
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_importing_the_cli_imports_nothing_heavy() -> None:
    loaded = modules_after("import cryo_check.cli")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


CHECK = (
    "import sys\n"
    "from cryo_check.cli import run\n"
    "sys.argv = ['cryo-check']\n"
    "code = run(['check', '-c', 'kidney', '-s', 'early', '--size', '3', "
    "'--fit-for-surgery', 'no', '-f', 'json', '--no-input'])\n"
    "assert code == 0\n"
)


def test_a_check_with_the_shipped_rules_parses_no_yaml_and_builds_no_models() -> None:
    loaded = modules_after(CHECK)
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_a_check_writes_nothing_anywhere(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**run_env(), "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    subprocess.run([sys.executable, "-c", CHECK], check=True, env=env, cwd=tmp_path)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["home"]


def test_a_custom_folder_is_validated_on_every_run(tmp_path: Path) -> None:
    folder = copy_rules(tmp_path)
    assert load_rules(folder).digest == shipped_rules().digest
    kidney = folder / "kidney.yaml"
    kidney.write_text(
        kidney.read_text(encoding="utf-8").replace("less_than: 4cm", "less_than: 6cm")
    )
    edited = load_rules(folder)
    (criterion,) = [c for c in edited.cancers["kidney"].criteria if c.id == "under-4cm"]
    assert criterion.test.describe() == "under 6 cm"
    (folder / "bad.yaml").write_text("id: [\n", encoding="utf-8")
    for _ in range(2):  # the second run finds the problem again: nothing was remembered
        with pytest.raises(RulesError):
            load_rules(folder)


def test_the_program_tunes_the_collector_before_it_imports_typer() -> None:
    """The command (``cryo_check.__main__:main``) sets the collector's threshold before any
    heavy import, where it saves the most; importing the package as a library does not."""
    probe = (
        "import gc, json, sys\n"
        "default = gc.get_threshold()[0]\n"
        "seen = {}\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        seen.setdefault(name, gc.get_threshold()[0])\n"
        "sys.meta_path.insert(0, Watch())\n"
        "import cryo_check.__main__ as entry\n"
        "imported = gc.get_threshold()[0]\n"
        "sys.argv = ['cryo-check', '--version']\n"
        "try:\n"
        "    entry.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "at_typer = seen['typer']\n"
        "print(json.dumps([default, imported, at_typer, entry.GC_THRESHOLD, gc.get_threshold()]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=run_env()
    )
    default, imported, at_typer, threshold, after = json.loads(done.stdout.splitlines()[-1])
    assert default != threshold  # 700 on 3.11 and 3.12, 2,000 on 3.13
    assert imported == default  # untouched by an import
    assert at_typer == threshold == 100_000
    assert after[0] == threshold


def test_json_output_does_not_import_rich() -> None:
    loaded = modules_after(
        "from cryo_check.cli import run\nrun(['check', '-c', 'lung', '-f', 'json', '--no-input'])"
    )
    assert "rich" not in loaded


def copy_rules(tmp_path: Path) -> Path:
    import shutil

    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    return folder


def test_the_shipped_compiled_rules_are_the_compilation_of_rules() -> None:
    checked = check_rules(RULES_DIR)
    assert checked.problems == []
    shipped = compiled.COMPILED.read_text(encoding="utf-8")
    assert shipped == compiled.dump(checked.rules), (
        "rules/ changed: run python -m cryo_check.rulebook.compiled"
    )
    shipped_options = options.OPTIONS.read_text(encoding="utf-8")
    assert shipped_options == options.dump_options(checked.rules, compiled.FORMAT), (
        "rules/ changed: run python -m cryo_check.rulebook.compiled"
    )
    assert [o["option"] for o in options.load_options()] == [
        "--cancer",
        "--stage",
        "--size",
        "--fit-for-surgery",
    ]


def test_the_compiled_rules_read_back_as_the_rule_set_they_were_made_from() -> None:
    checked = check_rules(RULES_DIR)
    assert compiled.load(RULES_DIR) == checked.rules._replace(folder=str(RULES_DIR))


def test_the_compiled_file_can_build_only_the_rule_sets_own_types(tmp_path: Path) -> None:
    forged = tmp_path / "compiled.json"
    forged.write_text(
        json.dumps({"format": compiled.FORMAT, "rules": {"__t": "Popen", "args": ["true"]}}),
        encoding="utf-8",
    )
    with pytest.raises(KeyError):
        compiled.load(RULES_DIR, forged)
    assert "Popen" not in compiled._TYPES


#: Modules on every check's path whose named tuples are built as the program starts.
NAMED_TUPLE_MODULES = (
    "cryo_check.core.ruleset",
    "cryo_check.core.questions",
    "cryo_check.core.names",
    "cryo_check.core.numbers",
    "cryo_check.core.engine",
    "cryo_check.core.case",
    "cryo_check.core.sections",
    "cryo_check.errors",
    "cryo_check.commands.common",
)


def text_annotations(module_name: str) -> list[str]:
    """The named tuples of a module whose fields are annotated with text (a ForwardRef each,
    compiled as the class is made): what ``from __future__ import annotations`` does."""
    import importlib
    import typing

    module = importlib.import_module(module_name)
    found = []
    for name, cls in vars(module).items():
        made_here = isinstance(cls, type) and cls.__module__ == module_name
        if made_here and issubclass(cls, tuple) and hasattr(cls, "_fields"):
            for field, annotation in getattr(cls, "__annotations__", {}).items():
                if isinstance(annotation, str | typing.ForwardRef):
                    found.append(f"{name}.{field}")
    return found


@pytest.mark.parametrize("module_name", NAMED_TUPLE_MODULES)
def test_named_tuples_on_the_start_up_path_have_evaluated_annotations(module_name: str) -> None:
    assert text_annotations(module_name) == []


def test_the_functions_typer_reads_have_evaluated_annotations() -> None:
    """Typer reads each command's signature twice (as a signature, then as type hints):
    annotations kept as text would be compiled and evaluated each time, building every
    ``typer.Option`` again, on every run."""
    import inspect

    from cryo_check import cli
    from cryo_check.commands import check, common

    functions: list[Callable[..., object]] = [cli.root, cli._version, check.check]
    functions += [common.completes_from_rules("cancer"), common.completes("a")]
    for function in functions:
        written = inspect.get_annotations(function)
        assert not [k for k, v in written.items() if isinstance(v, str)], function.__name__
