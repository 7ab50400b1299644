"""Plain-data YAML for untrusted rule and answer files, with a line and column for every value.

``yaml.safe_load`` already refuses Python object tags, but rule folders are shared between
people, so this goes further: it builds values from the parser's *event stream* (LibYAML's
iterative parser when present) and so never hands a hostile document to a recursive composer.
It refuses, each by name and with its line:

* any tag outside plain data (``!!python/…``, custom ``!tags``, ``!!binary``, ``!!set`` …);
* nesting deeper than ``MAX_DEPTH`` (libyaml's own composer crashes on very deep nesting);
* documents that expand past ``MAX_VALUES`` values through anchors and aliases (alias bombs);
* recursive aliases, merge keys (``<<``), non-scalar or duplicate keys, and multiple documents;
* text holding a character that could drive a terminal or hide text (a control character, a
  bidi control, a zero-width character), even one written as an escape such as ``"\\e"``.

Plain values are bounded by the size of the text, which callers limit; only what aliases
add is counted against ``MAX_VALUES``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from cryo_check.core import numbers
from cryo_check.core.numbers import Numeral
from cryo_check.errors import hidden_character, shown

MAX_DEPTH = 64
MAX_VALUES = 100_000

_PLAIN_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:timestamp",
}
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"

Path = tuple[str | int, ...]
Position = tuple[int, int]
#: Plain (unquoted) words YAML 1.1, and so PyYAML, reads as booleans but YAML 1.2 (the YAML of
#: most editors and their schema checks) reads as text: ``equals: no`` is ``False`` to one and
#: ``"no"`` to the other. ``true`` and ``false`` are booleans to both.
YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off"})
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
#: A number every YAML reader reads alike: decimal digits, a point, an exponent.
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+")
#: YAML 1.2's core schema, for the files people write (``load(people=True)``).
_YAML12_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_YAML12_BOOL = {"true": True, "True": True, "TRUE": True}
_YAML12_BOOL |= {"false": False, "False": False, "FALSE": False}
#: A number in decimal digits as YAML 1.2's core schema writes one (no leading zeros to
#: misread as octal): kept as written, and read by ``numbers.read`` where it is an answer.
_YAML12_NUMBER = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_MAX_NUMBER_CHARS = 100

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


class YamlError(Exception):
    """Why a document was refused, with the 1-based line and column it was refused at."""

    def __init__(self, message: str, line: int | None, column: int | None, fix: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.fix = fix

    def located(self, name: str) -> str:
        """``name:line:column``, or as much of it as is known."""
        where = name
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where


class OverBudgetError(YamlError):
    """The document holds more values than ``load``'s ``max_values`` allows."""


@dataclass
class Document:
    """The data, and where each value (or mapping key) starts, by its path from the root."""

    data: Any
    positions: dict[Path, Position]
    key_positions: dict[Path, Position]
    #: Where a plain yes/no/on/off was read as a boolean: (path, position, the word).
    yaml11_booleans: list[tuple[Path, Position, str]] = field(default_factory=list)
    #: How many values were built (what aliases repeat included): what the document costs.
    values: int = 0

    def position(self, path: Path, *, key: bool = False) -> Position | None:
        """Where the value at ``path`` starts (its key, with ``key``), else its nearest ancestor."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return None


def _where(event: Any) -> Position:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1)


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _refuse(message: str, event: Any, fix: str | None = None) -> YamlError:
    line, column = _where(event)
    return YamlError(message, line, column, fix)


class _Anchor:
    __slots__ = ("complete", "size", "value")

    def __init__(self, value: Any) -> None:
        self.value = value
        self.size = 1
        self.complete = False


class _Builder:
    def __init__(
        self,
        events: Iterator[Any],
        check_text: bool,
        people: bool = False,
        max_values: int | None = None,
    ) -> None:
        self.events = events
        self.max_values = max_values
        self.check_text = check_text
        self.people = people
        self.positions: dict[Path, Position] = {}
        self.key_positions: dict[Path, Position] = {}
        self.anchors: dict[str, _Anchor] = {}
        self.values = 0
        self.yaml11_booleans: list[tuple[Path, Position, str]] = []
        self.expanded = 0

    def _expand(self, n: int, event: Any) -> None:
        # What an alias repeats is counted; values written out are bounded by the text.
        self.values += n
        self.expanded += n
        over_budget = self.max_values is not None and self.values > self.max_values
        if self.expanded > MAX_VALUES or over_budget:  # the alias took it over: say so
            raise _refuse(
                f"the document expands to more than {MAX_VALUES:,} values through anchors and "
                "aliases (an 'alias bomb')",
                event,
                "write the values out instead of repeating aliases",
            )

    def _scalar(self, event: Any, path: Path = ()) -> Any:
        tag = event.tag
        if self.people and tag is None and not event.style:
            return self._as_people_mean(event)
        if self.people and tag in _NUMBER_TAGS:
            # ``!!float 3.99999999999999999999`` is the literal, for the one number reader,
            # not the double PyYAML would build (4.0).
            self._refuse_hidden(event)
            return Numeral(event.value)
        if tag is None or tag == "!":
            tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        if tag not in _PLAIN_TAGS:
            raise _refuse(
                f"tag '{_short_tag(tag)}' is not allowed: only plain data is accepted",
                event,
                "remove the tag",
            )
        if self.check_text:  # (a rule folder's check looks at its texts itself, all of them)
            self._refuse_hidden(event)
        if tag == _STR_TAG:
            # Text is the scalar's own characters, what PyYAML's constructor would return
            # for it: most values of a rule file are text, built here without a node.
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        try:
            value = _constructor.yaml_constructors[tag](_constructor, node)
        except (ValueError, TypeError, OverflowError) as exc:
            if tag == "tag:yaml.org,2002:int":  # Python reads at most 4,300 digits
                raise _refuse(
                    f"the number {shown(event.value)} is too long "
                    f"({len(event.value):,} characters)",
                    event,
                    "write a plausible number",
                ) from None
            # A value its tag cannot build, e.g. the date 2021-02-30.
            raise _refuse(
                f"invalid value {shown(event.value)}: {str(exc)[:120]}", event, "quote it"
            ) from None
        plain = not event.style  # LibYAML says '' for a plain scalar, PyYAML None
        if plain and tag in _NUMBER_TAGS and not _DECIMAL.fullmatch(event.value):
            # 1:30 (ninety, in base 60), 0x4, 010 (eight), 1_000, .inf: numbers to YAML 1.1
            # (and so to PyYAML), text or another number to other readers.
            raise _refuse(
                f"{shown(event.value)} is read as the number {shown(str(value))} by some YAML "
                "readers and differently by others",
                event,
                "write the number in decimal digits, or quote it if it is text",
            )
        if tag in _NUMBER_TAGS:
            self._read_number(event)
        if isinstance(value, bool) and plain and event.value.lower() in YAML11_BOOLEANS:
            self.yaml11_booleans.append((path, _where(event), event.value))
        return value

    def _read_number(self, event: Any) -> None:
        """A number of a rule file, checked as written by the one number reader: a double
        built from it (what PyYAML gives) then holds every digit it has."""
        try:
            numbers.read(event.value)
        except numbers.NumberError as exc:
            raise _refuse(
                f"the number {shown(event.value)} {exc.detail}",
                event,
                f"write it in decimal digits, at most {numbers.MAX_SIGNIFICANT_DIGITS} "
                f"significant ones and {numbers.MAX_PLACES} either side of the point",
            ) from None

    def _refuse_hidden(self, event: Any) -> None:
        hidden = hidden_character(event.value) if self.check_text else None
        if hidden is not None:
            raise _refuse(
                f"the text holds {hidden}, a character that could hide text or drive a terminal",
                event,
                "remove it",
            )

    def _as_people_mean(self, event: Any) -> Any:
        """A plain scalar of a file a person wrote, read as YAML 1.2 reads it (as most editors
        show it): ``true``/``false``, ``null``, a decimal number kept exactly (every digit of
        ``3.99999999999999999999``), else the text as typed: ``010`` is ten, not eight;
        ``off``, ``yes``, ``3:20`` and ``2020-01-01`` are words, never a boolean, a number of
        seconds or a date."""
        self._refuse_hidden(event)
        text = event.value
        if text in _YAML12_NULL:
            return None
        if text in _YAML12_BOOL:
            return _YAML12_BOOL[text]
        if len(text) <= _MAX_NUMBER_CHARS and _YAML12_NUMBER.fullmatch(text):
            return Numeral(text)  # read by the question it answers, with the one reader
        return text

    def build(self, event: Any, path: Path, depth: int) -> Any:
        """The value that starts with ``event``; consumes the events up to its end."""
        if depth > MAX_DEPTH:
            raise _too_deep(event)
        self.positions.setdefault(path, _where(event))
        if isinstance(event, yaml.AliasEvent):
            anchor = self.anchors.get(event.anchor or "")
            if anchor is None:
                raise _refuse(f"alias '*{event.anchor}' names no anchor", event)
            if not anchor.complete:
                raise _refuse(
                    f"alias '*{event.anchor}' refers to itself (a recursive alias)", event
                )
            self._expand(anchor.size, event)
            return anchor.value
        start = self.values
        self.values += 1
        if self.max_values is not None and self.values > self.max_values:
            # Every value kept costs memory (with its place): a caller's budget is a bound.
            raise OverBudgetError(
                f"the document holds more than {self.max_values:,} values", *_where(event)
            )
        if isinstance(event, yaml.ScalarEvent):
            value = self._scalar(event, path)
            anchor = None if event.anchor is None else self._anchor(event, value)
        elif isinstance(event, yaml.SequenceStartEvent):
            self._check_tag(event, _SEQ_TAG)
            value = []
            anchor = self._anchor(event, value)
            for child in self.events:  # the items, up to the sequence's end
                if isinstance(child, yaml.SequenceEndEvent):
                    break
                value.append(self.build(child, (*path, len(value)), depth + 1))
        elif isinstance(event, yaml.MappingStartEvent):
            self._check_tag(event, _MAP_TAG)
            value = {}
            anchor = self._anchor(event, value)
            self._mapping(value, path, depth)
        else:  # pragma: no cover - the parser only starts values with the events above
            raise _refuse(f"unexpected YAML event {type(event).__name__}", event)
        if anchor is not None:
            anchor.size = max(1, self.values - start)
            anchor.complete = True
        return value

    def _anchor(self, event: Any, value: Any) -> _Anchor | None:
        if event.anchor is None:
            return None
        anchor = _Anchor(value)
        self.anchors[event.anchor] = anchor
        return anchor

    def _check_tag(self, event: Any, expected: str) -> None:
        if event.tag not in (None, "!", expected):
            raise _refuse(
                f"tag '{_short_tag(event.tag)}' is not allowed: only plain data is accepted",
                event,
                "remove the tag",
            )

    def _mapping(self, value: dict[str, Any], path: Path, depth: int) -> None:
        for key_event in self.events:  # key, value, key, …, up to the mapping's end
            if isinstance(key_event, yaml.MappingEndEvent):
                break
            if not isinstance(key_event, yaml.ScalarEvent):
                raise _refuse("a mapping key must be plain text", key_event)
            if key_event.value == "<<" and key_event.implicit[0]:
                raise _refuse("merge keys ('<<') are not supported", key_event, "write keys out")
            key = self._scalar(key_event, path)
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in value:
                raise _refuse(f"duplicate key '{key}'", key_event, "keep one of them")
            self.key_positions[(*path, key)] = _where(key_event)
            value[key] = self.build(next(self.events), (*path, key), depth + 1)


def load(
    text: str, *, check_text: bool = True, people: bool = False, max_values: int | None = None
) -> Document:
    """Parse one YAML document of plain data; raises YamlError with the place it failed.

    ``check_text=False`` leaves text holding hidden characters to the caller (a rule folder's
    check reports every such value, not only the first). ``people=True`` is for the answers
    people write (answer files, YAML batches): plain values are read as YAML 1.2 reads them,
    numbers as written, for the one number reader (see ``_Builder._as_people_mean``).
    ``max_values`` bounds the values built (OverBudgetError past it, at the value).
    """
    _refuse_other_line_breaks(text)
    loader = None
    try:
        # The parser's events one by one until it has none (what yaml.parse yields, with no
        # generator between the parser and the builder: a rule folder has thousands).
        loader = _Loader(text)
        events = iter(loader.get_event, None)
        builder = _Builder(events, check_text, people, max_values)
        data: Any = None
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _refuse(
                        "the file holds more than one YAML document",
                        event,
                        "remove the extra '---'",
                    )
            elif isinstance(event, yaml.NodeEvent):
                data = builder.build(event, (), 0)
        return Document(
            data,
            builder.positions,
            builder.key_positions,
            builder.yaml11_booleans,
            builder.values,
        )
    except yaml.MarkedYAMLError as exc:
        too_deep = _nesting_error(text) if _Loader is not yaml.SafeLoader else None
        if too_deep is not None:
            raise too_deep from None
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        message = f"invalid YAML: {exc.problem or exc.context}"
        if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            raise YamlError(message, line, column, "YAML indents with spaces, not tabs") from None
        started = exc.context_mark
        if exc.context and started is not None and started.line + 1 != line:
            # Name where the unclosed construct began too: that is usually where the fix goes.
            message += (
                f" ({exc.context} that starts at line {started.line + 1}, "
                f"column {started.column + 1})"
            )
        raise YamlError(message, line, column) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (a NUL, an escape code), located in the text.
        at = exc.position
        if exc.encoding != "unicode":  # LibYAML counts UTF-8 bytes, not characters
            at = len(text.encode("utf-8")[:at].decode("utf-8", "ignore"))
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else 0
        raise YamlError(
            f"the file holds the control character U+{code:04X}, which YAML does not allow",
            line,
            column,
            "remove it; is this a text file?",
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}", None, None) from None
    finally:
        if loader is not None:
            loader.dispose()


#: Characters PyYAML (a YAML 1.1 reader) takes as line breaks and YAML 1.2 does not: NEXT
#: LINE and the other C1 controls, LINE and PARAGRAPH SEPARATOR. A key "hidden" after one in
#: a comment would be read by cryo-check and not by an editor: refused, wherever they are.
_OTHER_LINE_BREAKS = re.compile("[\x80-\x9f\u2028\u2029]")
_LINE_BREAK = re.compile("\r\n|\r|\n")


def _refuse_other_line_breaks(text: str) -> None:
    found = _OTHER_LINE_BREAKS.search(text)
    if found is None:
        return
    at = found.start()
    breaks = list(_LINE_BREAK.finditer(text, 0, at))
    line = len(breaks) + 1
    column = at - (breaks[-1].end() if breaks else 0) + 1
    import unicodedata

    char = found.group()
    name = unicodedata.name(char, "") or {"\x85": "NEXT LINE"}.get(char, "a C1 control")
    raise YamlError(
        f"the file holds U+{ord(char):04X} ({name}), which YAML 1.2 readers do not take "
        "as a line break and some older ones do",
        line,
        column,
        "remove it; end lines with an ordinary line break",
    )


def _nesting_error(text: str) -> YamlError | None:
    """cryo-check's own refusal of deep nesting, where the text nests deeper than ``MAX_DEPTH``.

    LibYAML's scanner looks ahead for keys, so on ``[[[[…`` it can fail before the builder sees
    a single deep event, in words that change between its releases (6.0.4 bundles one that
    stops at 1,000 levels). When LibYAML fails, the pure-Python parser (which looks ahead at
    most 1,024 characters) walks the text again, only as far as the failure or ``MAX_DEPTH``.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.NodeEvent) and depth > MAX_DEPTH:
                return _too_deep(event)  # where the builder would have refused it
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def _too_deep(event: Any) -> YamlError:
    return _refuse(
        f"values are nested more than {MAX_DEPTH} levels deep", event, "flatten the data"
    )


def decode(raw: bytes) -> str:
    """UTF-8 text (a BOM is allowed); raises YamlError naming the first bad byte's line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)",
            line,
            column,
            "save the file as UTF-8",
        ) from None
