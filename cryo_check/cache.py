"""A cache of compiled rule sets, so that ``check`` need not parse and validate YAML each run.

* Keyed by the cryo-check version, the folder, and every rule file's name and bytes: an
  edited file, or another version of cryo-check, misses. A cache is never trusted across
  versions, and a folder's stale entries are removed when a new one is written.
* Stored as JSON and decoded into the rule set's own named tuples only (a whitelist): a cache
  file cannot build anything else or run code. Only a file the user owns and no one else can
  write is read; a corrupt, implausible or unreadable cache is ignored, and rebuilt.
* Written atomically to ``$CRYO_CHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/cryo-check``, else
  ``~/.cache/cryo-check``; nowhere when that is not writable, or when
  ``CRYO_CHECK_NO_CACHE`` is set. Only rules are cached, never anything a person answered.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from cryo_check import __version__, ruleset
from cryo_check.ruleset import RuleSet

FORMAT = 1
#: The only classes a cache may build: the rule set's own named tuples, and nothing else.
_TYPES: dict[str, type[Any]] = {
    name: cls
    for name, cls in vars(ruleset).items()
    if isinstance(cls, type) and issubclass(cls, tuple) and cls.__module__ == ruleset.__name__
}


def cache_dir() -> Path | None:
    if os.environ.get("CRYO_CHECK_NO_CACHE"):
        return None
    explicit = os.environ.get("CRYO_CHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cryo-check"


def key_for(folder: Path) -> str | None:
    """The cache key of a rule folder as it is now: its place and every rule file's bytes.

    None if it cannot be read (then the slow path reports why). Hashing the few rule files
    costs a fraction of a millisecond; a key from sizes and times could miss an edit.
    """
    if cache_dir() is None:
        return None
    digest = hashlib.sha256(json.dumps([FORMAT, __version__, str(folder.resolve())]).encode())
    try:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.endswith((".yaml", ".yml")) and entry.is_file():
                with Path(entry.path).open("rb") as handle:
                    digest.update(entry.name.encode() + b"\0" + handle.read() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


def _path(key: str, folder: Path) -> Path | None:
    directory = cache_dir()
    if directory is None:
        return None
    place = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]
    return directory / f"rules-{place}-{key[:32]}.json"


def read(key: str, folder: Path) -> RuleSet | None:
    path = _path(key, folder)
    if path is None:
        return None
    try:
        if not _private(path):
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["format"] != FORMAT or data["version"] != __version__ or data["key"] != key:
            return None
        rules = decode(data["rules"])
    except Exception:  # a missing, corrupt or foreign cache is only a miss
        return None
    return rules if _plausible(rules) else None


def _private(path: Path) -> bool:
    """Only a cache file the user owns, that no one else can write, is trusted."""
    status = path.stat()
    owner = getattr(os, "getuid", None)
    if owner is not None and status.st_uid != owner():
        return False
    return not status.st_mode & 0o022


def _plausible(rules: Any) -> bool:
    """A decoded rule set has the shape the engine relies on (or it is not used)."""
    if not isinstance(rules, RuleSet):
        return False
    if not isinstance(rules.cancers, dict) or not isinstance(rules.sources, dict):
        return False
    if not isinstance(rules.names, dict):
        return False
    cancers_ok = all(
        isinstance(c, ruleset.Cancer)
        and all(
            isinstance(k, ruleset.Criterion) and isinstance(k.test, ruleset.Test)
            for k in c.criteria
        )
        and all(isinstance(d, ruleset.Decision) for d in c.decisions)
        for c in rules.cancers.values()
    )
    return cancers_ok and all(isinstance(v, ruleset.Source) for v in rules.sources.values())


def write(key: str, folder: Path, rules: RuleSet) -> None:
    path = _path(key, folder)
    if path is None:
        return
    text = json.dumps(
        {"format": FORMAT, "version": __version__, "key": key, "rules": encode(rules)},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".rules-", dir=path.parent)  # owner-only, 0600
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).replace(path)
        # The same folder's older entries are stale now: an edited file made a new key.
        prefix = path.name.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{prefix}-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        return  # not writable: run without a cache


def encode(value: Any) -> Any:
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        out = {"__t": type(value).__name__}
        out.update({f: encode(getattr(value, f)) for f in value._fields})
        return out
    if isinstance(value, tuple):
        return {"__tuple": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"__dict": [[k, encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    return value


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__tuple" in value:
        return tuple(decode(v) for v in value["__tuple"])
    if "__dict" in value:
        return {k: decode(v) for k, v in value["__dict"]}
    cls = _TYPES[value["__t"]]  # KeyError: not one of ours, so the cache is corrupt
    return cls(**{k: decode(v) for k, v in value.items() if k != "__t"})
