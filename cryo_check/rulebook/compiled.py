"""The shipped rules, compiled: one trusted file in the package, read on every default run.

``rules/`` is validated (PyYAML, pydantic, every check) once, by a developer, and the rule set
it compiles to is kept beside this module as JSON (``compiled_rules.json``). A run with the
shipped rules reads that one file and writes nothing; a test fails when it is not the
compilation of ``rules/`` as it is now (regenerate with ``python -m cryo_check.rulebook.compiled``).
A custom rule folder is never compiled to disk: it is validated on every run.

The JSON holds the rule set's own named tuples and nothing else (a whitelist), and is part of
the installed package, like the code that reads it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from cryo_check.core import names, questions, ruleset
from cryo_check.core.ruleset import RuleSet, asked

COMPILED = Path(__file__).resolve().parent / "compiled_rules.json"

FORMAT = 4
#: The only classes the file may build: the named tuples of the rule set, the questions and
#: the name vocabulary (an exception class is no tuple, so it cannot be built).
_TYPES: dict[str, type[Any]] = {
    name: cls
    for module in (ruleset, questions, names)
    for name, cls in vars(module).items()
    if isinstance(cls, type) and issubclass(cls, tuple) and cls.__module__ == module.__name__
}


def dump(rules: RuleSet) -> str:
    """The rule set as the JSON shipped in the package (its folder is where it is found).

    Compact, and each cancer's questions are left out (they are the rule set's questions its
    criteria read, put back by ``load``): read on every run, it is kept small to parse.
    """
    lean = {cid: c._replace(asks=()) for cid, c in rules.cancers.items()}
    data = encode(rules._replace(folder="", cancers=lean, shipped=False))
    text = json.dumps({"format": FORMAT, "rules": data}, ensure_ascii=False, separators=(",", ":"))
    return text + "\n"


def load(folder: Path, path: Path = COMPILED) -> RuleSet:
    """The shipped rule set, its rule files in ``folder``."""
    text = path.read_text(encoding="utf-8")
    # A file that starts as ``dump`` writes this format has its values built as they are
    # parsed (one pass, read on every run); any other file is parsed plainly, so that its
    # format is what is refused.
    built = text.startswith(_HEAD)
    data = json.loads(text, object_hook=_built if built else None)
    if data.get("format") != FORMAT:
        raise ValueError(f"{path} is in format {data.get('format')}, not {FORMAT}")
    rules = data["rules"] if built else decode(data["rules"])
    if not isinstance(rules, RuleSet):
        raise TypeError(f"{path} does not hold a rule set")
    cancers = {
        cid: c._replace(asks=asked(rules.questions, c.criteria)) for cid, c in rules.cancers.items()
    }
    return rules._replace(folder=str(folder), cancers=cancers)


def _words(value: Any) -> bool:
    """A tuple or list of text only: kept as a plain JSON list (read back without a walk)."""
    return all(type(v) is str for v in value)


def encode(value: Any) -> Any:
    if isinstance(value, names.Vocabulary):
        return {"__vocabulary": value.to_json()}  # plain JSON, read back in one pass
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        out = {"__t": type(value).__name__}
        out.update({f: encode(getattr(value, f)) for f in value._fields})
        return out
    if isinstance(value, tuple):
        if _words(value):
            return {"__words": list(value)}
        return {"__tuple": [encode(v) for v in value]}
    if isinstance(value, dict):
        # Text to text (names, vocabularies): a plain JSON object.
        if all(type(k) is str and type(v) is str for k, v in value.items()):
            return {"__text": value}
        return {"__dict": [[k, encode(v)] for k, v in value.items()]}
    if isinstance(value, Decimal):
        return {"__decimal": str(value)}
    if isinstance(value, frozenset):
        return {"__frozenset": sorted(value)}
    if isinstance(value, list):
        return [encode(v) for v in value]
    return value


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    kind = value.get("__t")
    if kind is not None:  # most objects are records: looked for first (read on every run)
        cls = _TYPES[kind]
        return cls(**{k: decode(v) for k, v in value.items() if k != "__t"})
    if "__words" in value:
        return tuple(value["__words"])
    if "__vocabulary" in value:
        return names.Vocabulary.from_json(value["__vocabulary"])
    if "__text" in value:
        return dict(value["__text"])
    if "__tuple" in value:
        return tuple(decode(v) for v in value["__tuple"])
    if "__dict" in value:
        return {k: decode(v) for k, v in value["__dict"]}
    if "__decimal" in value:
        return Decimal(value["__decimal"])
    if "__frozenset" in value:
        return frozenset(value["__frozenset"])
    raise KeyError(f"not an encoded value: {sorted(value)[:3]}")


#: How ``dump`` starts a file of this format.
_HEAD = json.dumps({"format": FORMAT, "rules": None}, separators=(",", ":"))[:-5]


def _built(value: dict[str, Any]) -> Any:
    """One JSON object as ``decode`` reads it, its members already read (``json.loads``
    builds the innermost objects first): a record, a marked value, else the object as is."""
    kind = value.pop("__t", None)
    if kind is not None:
        return _TYPES[kind](**value)
    if len(value) == 1:
        for mark, inner in value.items():
            read = _MARKED.get(mark)
            if read is not None:
                return read(inner)
    return value


#: Each mark ``encode`` writes and how its (already read) content is built.
_MARKED: dict[str, Any] = {
    "__words": tuple,
    "__vocabulary": names.Vocabulary.from_json,
    "__text": dict,
    "__tuple": tuple,
    "__dict": dict,
    "__decimal": Decimal,
    "__frozenset": frozenset,
}


def main() -> None:
    """Compile the repository's ``rules/`` into the shipped file; refuse if it has problems."""
    import sys

    from cryo_check.paths import repository_rules_dir
    from cryo_check.rulebook import options
    from cryo_check.rulebook.validation import check_rules

    checked = check_rules(repository_rules_dir())
    for problem in checked.problems:
        print(f"error: {problem}", file=sys.stderr)
    if checked.problems:
        sys.exit(1)
    COMPILED.write_text(dump(checked.rules), encoding="utf-8")
    options.OPTIONS.write_text(options.dump_options(checked.rules, FORMAT), encoding="utf-8")
    print(f"wrote {COMPILED.name}: {len(checked.rules.cancers)} cancer types")
    print(f"wrote {options.OPTIONS.name}")


if __name__ == "__main__":
    main()
