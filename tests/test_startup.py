"""Guards for start-up speed and the rule cache: facts that do not depend on the machine.

Timings live in benchmarks/ (``python benchmarks/run.py``); these tests pin what makes the
timings possible: what is imported on each path, and that a cache hit does no YAML work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cryo_check import cache
from cryo_check.loader import load_rules
from cryo_check.ruleset import RuleSet

from .conftest import RULES_DIR, run_env

HEAVY = ("rich", "yaml", "cryo_check.models", "cryo_check.validation", "cryo_check.authoring")


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


def test_a_check_from_the_cache_parses_no_yaml_and_builds_no_models(tmp_path: Path) -> None:
    env = {**run_env(), "CRYO_CHECK_CACHE_DIR": str(tmp_path)}
    run = (
        "import sys\n"
        "from cryo_check.cli import run\n"
        "sys.argv = ['cryo-check']\n"
        "code = run(['check', '-c', 'kidney', '-s', 'early', '--size', '3', "
        "'--fit-for-surgery', 'no', '-f', 'json', '--no-input'])\n"
        "assert code == 0\n"
    )
    cold = modules_after(run, env)
    assert "yaml" in cold  # the first run validated the YAML and filled the cache
    assert len(list(tmp_path.glob("rules-*.json"))) == 1
    warm = modules_after(run, env)
    assert not warm & set(HEAVY), warm & set(HEAVY)


def test_json_output_does_not_import_rich() -> None:
    loaded = modules_after(
        "from cryo_check.cli import run\nrun(['check', '-c', 'lung', '-f', 'json', '--no-input'])"
    )
    assert "rich" not in loaded


# --- the cache ---------------------------------------------------------------------------


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("CRYO_CHECK_CACHE_DIR", str(directory))
    return directory


def copy_rules(tmp_path: Path) -> Path:
    import shutil

    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    return folder


def test_a_cache_round_trip_gives_the_same_rule_set(private_cache: Path) -> None:
    first = load_rules(RULES_DIR)
    (entry,) = private_cache.glob("rules-*.json")
    second = load_rules(RULES_DIR)
    assert second == first
    assert second is not first
    assert cache.decode(json.loads(json.dumps(cache.encode(first)))) == first
    assert entry.stat().st_size > 0


def test_an_edited_rule_file_misses_the_cache(private_cache: Path, tmp_path: Path) -> None:
    folder = copy_rules(tmp_path)
    before = load_rules(folder)
    (first,) = private_cache.glob("rules-*.json")
    kidney = folder / "kidney.yaml"
    kidney.write_text(
        kidney.read_text(encoding="utf-8").replace("less_than: 4cm", "less_than: 5cm"),
        encoding="utf-8",
    )
    after = load_rules(folder)
    assert after.digest != before.digest
    assert after.cancers["kidney"].criteria[1].test.threshold_cm == 5.0
    (second,) = private_cache.glob("rules-*.json")  # the stale entry was removed
    assert second != first


def test_an_edit_that_keeps_size_and_time_still_misses(private_cache: Path, tmp_path: Path) -> None:
    folder = copy_rules(tmp_path)
    load_rules(folder)
    kidney = folder / "kidney.yaml"
    status = kidney.stat()
    text = kidney.read_text(encoding="utf-8")
    kidney.write_text(text.replace("less_than: 4cm", "less_than: 5cm"), encoding="utf-8")
    os.utime(kidney, ns=(status.st_atime_ns, status.st_mtime_ns))  # same size, same time
    assert kidney.stat().st_size == status.st_size
    assert load_rules(folder).cancers["kidney"].criteria[1].test.threshold_cm == 5.0


def test_a_cache_others_can_write_is_not_trusted(private_cache: Path) -> None:
    load_rules(RULES_DIR)
    (entry,) = private_cache.glob("rules-*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    text = json.dumps(data).replace('"threshold_cm": 4.0', '"threshold_cm": 40.0')
    assert text != json.dumps(data)
    entry.write_text(text, encoding="utf-8")
    entry.chmod(0o666)  # anyone could have written this
    assert load_rules(RULES_DIR).cancers["kidney"].criteria[1].test.threshold_cm == 4.0
    entry.chmod(0o600)
    entry.write_text(text, encoding="utf-8")
    # Owned and private: trusted (a cache is the user's own file, like their rules).
    assert load_rules(RULES_DIR).cancers["kidney"].criteria[1].test.threshold_cm == 40.0


def test_a_cache_of_the_wrong_shape_is_not_used(private_cache: Path) -> None:
    good = load_rules(RULES_DIR)
    (entry,) = private_cache.glob("rules-*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["rules"]["cancers"] = [["kidney", 5]]
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert load_rules(RULES_DIR) == good


@pytest.mark.parametrize(
    "corruption",
    [
        "not json at all",
        "{}",
        '{"format": 1, "version": "0.0.0", "key": "x", "rules": {}}',
        # A tampered cache naming a type that is not one of the rule set's own.
        '{"format": 1, "version": "VERSION", "key": "KEY", '
        '"rules": {"__t": "Popen", "args": ["touch", "PWNED"]}}',
    ],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(
    private_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corruption: str
) -> None:
    from cryo_check import __version__

    good = load_rules(RULES_DIR)
    (entry,) = private_cache.glob("rules-*.json")
    key = cache.key_for(RULES_DIR)
    assert key is not None
    entry.write_text(corruption.replace("VERSION", __version__).replace("KEY", key), "utf-8")
    entry.chmod(0o600)
    monkeypatch.chdir(tmp_path)
    assert load_rules(RULES_DIR) == good
    assert json.loads(entry.read_text(encoding="utf-8"))["key"] == key  # rewritten
    assert not (tmp_path / "PWNED").exists()


def test_a_cache_from_another_version_is_not_trusted(
    private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_rules(RULES_DIR)
    key = cache.key_for(RULES_DIR)
    monkeypatch.setattr(cache, "__version__", "999.0")
    assert cache.key_for(RULES_DIR) != key


def test_no_cache_where_it_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    monkeypatch.setenv("CRYO_CHECK_CACHE_DIR", str(blocker / "cache"))
    assert isinstance(load_rules(RULES_DIR), RuleSet)
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"


def test_no_cache_when_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRYO_CHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CRYO_CHECK_NO_CACHE", "1")
    load_rules(RULES_DIR)
    assert not (tmp_path / "cache").exists()


def test_a_broken_folder_is_never_cached(private_cache: Path, tmp_path: Path) -> None:
    from cryo_check.errors import RulesError

    folder = copy_rules(tmp_path)
    (folder / "bad.yaml").write_text("id: [\n", encoding="utf-8")
    for _ in range(2):  # the second run must find the problem again, not a cached rule set
        with pytest.raises(RulesError):
            load_rules(folder)
    assert not list(private_cache.glob("rules-*.json"))


def test_the_cache_folder_defaults_to_the_users_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRYO_CHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert cache.cache_dir() == Path("/somewhere/cryo-check")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == Path("~/.cache/cryo-check").expanduser()
