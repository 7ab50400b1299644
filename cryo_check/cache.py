"""A cache of compiled rule sets, so that ``check`` need not parse and validate YAML each run.

* Keyed by the cryo-check version, the folder, and each rule file's name, size and mtime: an
  edited file, or another version of cryo-check, misses. A cache is never trusted across
  versions.
* Stored as JSON and decoded into the rule set's own dataclasses only (a whitelist): a cache
  file, even a tampered one, cannot build anything else or run code. A corrupt or unreadable
  cache is ignored, and rebuilt.
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
    """The cache key of a rule folder as it is now, or None if it cannot be read."""
    if cache_dir() is None:
        return None
    try:
        entries = sorted(
            (e.name, e.stat().st_size, e.stat().st_mtime_ns)
            for e in os.scandir(folder)
            if e.name.endswith((".yaml", ".yml")) and e.is_file()
        )
    except OSError:
        return None
    text = json.dumps([FORMAT, __version__, str(folder.resolve()), entries])
    return hashlib.sha256(text.encode()).hexdigest()


def _path(key: str) -> Path | None:
    directory = cache_dir()
    return None if directory is None else directory / f"rules-{key[:32]}.json"


def read(key: str) -> RuleSet | None:
    path = _path(key)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["format"] != FORMAT or data["version"] != __version__ or data["key"] != key:
            return None
        rules = decode(data["rules"])
    except Exception:  # a missing, corrupt or foreign cache is only a miss
        return None
    return rules if isinstance(rules, RuleSet) else None


def write(key: str, rules: RuleSet) -> None:
    path = _path(key)
    if path is None:
        return
    text = json.dumps(
        {"format": FORMAT, "version": __version__, "key": key, "rules": encode(rules)},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".rules-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).replace(path)
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
