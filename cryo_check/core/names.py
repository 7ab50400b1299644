"""Reading a typed cancer name: every word accounted for, or a question back.

``read_name`` turns what a person typed ("my mum's metastatic renal cell carcinoma") into a
covered type, the stage its words imply and what each word was read as; or, when a careful
reader could not say, a ``NameQuestion`` that says why and which answers fit. Nothing is
guessed: a word found nowhere in the vocabulary is reported, never dropped; a typo is asked
about, never silently corrected; a name that fits several types asks which.

The vocabulary is data (``rules/names.yaml``, the rule files' ``aliases`` and the stage
question of ``rules/questions.yaml``) compiled by ``vocabulary`` into plain values, so it can
be cached as JSON. Standard library only: this module is on the start-up path.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple, Self, get_args, get_origin

from cryo_check.core.questions import CANCER, check_cancer_text, fold_numbered, normalize_name
from cryo_check.core.suggest import distance_within
from cryo_check.errors import AnswerError

#: The roles a word of a name is read in (``NameReading.words``).
TYPE = "type"
DESCRIPTOR = "descriptor"
STAGE = "stage"
NOT_COVERED = "not-covered"
SPREAD_TO = "spread-to"

#: Kinds of question back (``NameQuestion.kind``).
INVALID = "invalid"
NOT_UNDERSTOOD = "not-understood"
TYPO = "typo"
SPREAD_ELSEWHERE = "spread-to"
SPREAD_UNCLEAR = "spread-unclear"
TWO_TYPES = "two-types"
AMBIGUOUS = "ambiguous"
NO_TYPE = "no-type"
STAGE_CONFLICT = "stage-conflict"
STAGE_UNCLEAR = "stage-unclear"
GROWTH = "growth"
NOT_CANCER = "not-cancer"
OTHER_SENSE = "other-sense"

LIST_HINT = "'cryo-check rules list' shows every covered type"

# Typos: a word of 4-7 letters may be one edit from a known word, a longer one two; shorter
# words (bcc, scc, cin) are too close to each other to guess at, and long ones are not names.
_TYPO_MIN, _TYPO_LONG, _TYPO_MAX = 4, 8, 30
#: Hints are looked for in this many words not understood (the rest are only listed).
_TYPO_WORDS = 3


class Vocabulary(NamedTuple):
    """Everything ``read_name`` needs, as plain values (``to_json``/``from_json`` keep it).

    Phrases are normalised (``phrase_key``) and hold one role each: ``types``, ``descriptors``,
    ``stages``, ``unclear``, ``unknown_stage``, ``sites`` or ``cancers``.
    """

    #: Covered type id -> its name, as shown.
    names: dict[str, str]
    #: Every name of a covered type, normalised, as written in a rule file -> its id.
    exact: dict[str, str]
    #: The covered types that are precancerous conditions (their name says so).
    precancers: frozenset[str]
    #: Phrase naming covered types -> their ids (one for an alias, several for a shared word).
    types: dict[str, tuple[str, ...]]
    #: The ``types`` phrases that name a place (all aliases; shared words marked so).
    says_where: frozenset[str]
    #: The ``types`` phrases asked about unless the rest of the name pins one type.
    always_ask: frozenset[str]
    #: Shared phrase -> why it is asked about.
    why: dict[str, str]
    #: Phrase that describes without naming a type -> its group (histology, side, people...).
    descriptors: dict[str, str]
    cancer_words: frozenset[str]
    precancer_words: frozenset[str]
    #: Words that can name a benign growth ("tumour"), and words that say it is not a cancer.
    growth_words: frozenset[str]
    benign_words: frozenset[str]
    conjunctions: frozenset[str]
    #: Words adding a second cancer without joining places ("with").
    joiners: frozenset[str]
    #: Phrase where a word of a covered name means something else -> that word, and what it
    #: means there ("cervical spine" -> ["cervical", "the neck"]).
    senses: dict[str, tuple[str, ...]]
    #: Word root -> the covered place word it names ("nephr" -> "kidney").
    roots: dict[str, str]
    #: Stage phrase -> stage value; unclear stage phrase -> why; "not known" phrases.
    stages: dict[str, str]
    unclear: dict[str, str]
    unknown_stage: frozenset[str]
    #: The stage question's values, in order.
    stage_values: tuple[str, ...]
    #: The question a name's words may answer (names.yaml ``answered_by_names``: the stage),
    #: and its choice that spread words mean.
    question: str
    spread: str
    #: Places and cancers the documents do not cover: phrase -> name shown.
    sites: dict[str, str]
    cancers: dict[str, str]
    #: Name shown -> what the result must say about it.
    site_notes: dict[str, str]
    #: How a spread TO a place is written (see rules/names.yaml ``spread_to``).
    after_place: frozenset[str]
    before_place: frozenset[str]
    ambiguous_before: frozenset[str]
    movers: frozenset[str]
    toward: frozenset[str]
    origin: frozenset[str]
    places: dict[str, str]
    #: Names that are a place and describing words ("bone cancer"): a place after "secondary".
    place_names: frozenset[str]
    destination_places: frozenset[str]
    #: Every word of every phrase (plurals are folded onto these).
    known: frozenset[str]
    #: Word -> the covered types it is a typo target for (empty: a word, but of no type).
    spell: dict[str, tuple[str, ...]]
    #: The most words in one phrase.
    longest: int

    def to_json(self) -> dict[str, Any]:
        """Plain JSON values: sets become sorted lists, tuples lists."""
        out: dict[str, Any] = {}
        for field, value in self._asdict().items():
            if isinstance(value, frozenset):
                out[field] = sorted(value)
            elif isinstance(value, dict):
                out[field] = {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}
            elif isinstance(value, tuple):
                out[field] = list(value)
            else:
                out[field] = value
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """The vocabulary ``to_json`` wrote: each JSON list or object back to the type its
        field is annotated with (the annotations are evaluated: no ``__future__`` import)."""
        values: dict[str, Any] = {}
        for field, annotation in cls.__annotations__.items():
            value = data[field]
            shape: Any = get_origin(annotation)
            if shape is frozenset or shape is tuple:
                values[field] = shape(value)
            elif shape is dict and get_origin(get_args(annotation)[1]) is tuple:
                values[field] = {k: tuple(v) for k, v in value.items()}
            else:
                values[field] = value
        return cls(**values)


class NameReading(NamedTuple):
    text: str
    cancer: str | None
    stage: str | None
    site: str | None
    words: tuple[tuple[str, str], ...]
    note: str | None


class NameQuestion(AnswerError):  # noqa: N818 - a question back, not a failure
    """A name cryo-check will not read without asking: why, and the answers that fit.

    ``choices`` are covered type ids, or stage values for a stage question (may be empty);
    ``kind`` says which question it is; ``cancer`` and ``stage`` keep what was read when the
    question is about the stage only; ``words`` are the words not understood.
    """

    def __init__(
        self,
        message: str,
        fix: str,
        choices: Iterable[str] = (),
        *,
        kind: str,
        cancer: str | None = None,
        stage: str | None = None,
        words: tuple[str, ...] = (),
    ) -> None:
        super().__init__(CANCER, message, fix)
        self.choices = tuple(choices)
        self.kind = kind
        self.cancer = cancer
        self.stage = stage
        self.words = words


# --- normalising -------------------------------------------------------------------------

_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018`\u00b4\u02bc", "'"))
_POSSESSIVE = re.compile(r"'s\b")
_NOT_WORD = re.compile(r"[^\w&]+")


def phrase_key(text: str, numbered: str) -> list[str]:
    """The words of ``text`` as names are compared (``normalize_name``, then punctuation),
    ``numbered`` (the question names answer: "stage") folded with its number.

    "Cancer of the Kidney" -> ["kidney", "cancer"]; "mum's" -> ["mum"]; "stage IVb" ->
    ["stage", "iv"]; "Retinoblastoma (cancer in the retina)" -> five words.
    """
    folded = normalize_name(text.translate(_APOSTROPHES))
    # "stage 4b" is "stage 4", as it is for --stage (one reader of numbered stages)
    folded = fold_numbered(folded, numbered)
    if "'" in folded:  # a rule folder's check keys hundreds of phrases; few have one
        folded = _POSSESSIVE.sub("", folded).replace("'", "")
    return [w for w in _NOT_WORD.sub(" ", folded).replace("_", " ").split() if w]


def _singulars(word: str) -> list[str]:
    """What a plural may be the plural of: ovaries -> ovary, boxes -> box, cells -> cell."""
    if len(word) < 4:
        return []
    endings = (("ies", "y"), ("es", ""), ("s", ""))
    return [word[: -len(e)] + r for e, r in endings if word.endswith(e) and not word.endswith("ss")]


def _singular(word: str, known: frozenset[str]) -> str:
    """A plural folded onto a known word (kidneys, ovaries); else the word as is."""
    if word in known:
        return word
    return next((one for one in _singulars(word) if one in known), word)


# --- building the vocabulary ---------------------------------------------------------------


def _strings(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    raise ValueError(f"expected a list of words, got {value!r}")


def build_vocabulary(
    cancer_names: Mapping[str, tuple[str, ...]],
    names_data: Mapping[str, Any],
    stage_question: Mapping[str, Any],
) -> tuple[Vocabulary, list[str]]:
    """The vocabulary and every inconsistency in it, built once (``vocabulary`` and
    ``vocabulary_problems`` are this, for those who want one of the two)."""
    return _build(cancer_names, names_data, stage_question)


def vocabulary_problems(
    cancer_names: Mapping[str, tuple[str, ...]],
    names_data: Mapping[str, Any],
    stage_question: Mapping[str, Any],
) -> list[str]:
    """Every inconsistency in the vocabulary: a phrase with two roles, a word that names an
    unknown type, a spread word that is not a stage word. Empty when all is well."""
    return _build(cancer_names, names_data, stage_question)[1]


def vocabulary(
    cancer_names: dict[str, tuple[str, ...]],
    names_data: dict[str, Any],
    stage_question: dict[str, Any],
) -> Vocabulary:
    """The vocabulary from plain data; raises ValueError listing every inconsistency.

    ``cancer_names``: id -> (name, *aliases) of each cancer rule file; ``names_data``:
    rules/names.yaml; ``stage_question``: the stage entry of rules/questions.yaml.
    """
    vocab, problems = _build(cancer_names, names_data, stage_question)
    if problems:
        raise ValueError("; ".join(problems))
    return vocab


def _build(
    cancer_names: Mapping[str, tuple[str, ...]],
    names_data: Mapping[str, Any],
    stage_question: Mapping[str, Any],
) -> tuple[Vocabulary, list[str]]:
    problems: list[str] = []
    roles: dict[str, str] = {}  # phrase -> where it was declared, to find a phrase in two roles
    answered = names_data.get("answered_by_names") or {}
    question, spread_value = str(answered.get("question", "")), str(answered.get("spread", ""))
    if not question or not spread_value:
        problems.append("answered_by_names: name the question a name's words answer")

    def _key(text: str) -> str:
        return " ".join(phrase_key(text, question))

    def claim(phrase: str, role: str, same_role_ok: bool = False) -> str | None:
        key = _key(phrase)
        if not key:
            problems.append(f"{role}: {phrase!r} has no words")
            return None
        owner = roles.get(key)
        if owner is not None and owner != role and not (same_role_ok and owner == role):
            problems.append(f"{phrase!r} is both {owner} and {role}")
            return None
        roles[key] = role
        return key

    # Covered types: each file's id, name and aliases name it alone.
    names: dict[str, str] = {}
    exact: dict[str, str] = {}
    types: dict[str, tuple[str, ...]] = {}
    says_where: set[str] = set()
    for cid, (name, *aliases) in cancer_names.items():
        names[cid] = name
        for phrase in (name, *aliases):
            key = claim(phrase, f"a name of '{cid}'")
            if key is not None:
                exact[key] = cid
                types[key] = (cid,)
                says_where.add(key)

    # Words shared by several covered types.
    always_ask: set[str] = set()
    why: dict[str, str] = {}
    for i, entry in enumerate(names_data.get("shared") or []):
        ids = tuple(_strings(entry.get("types")))
        for cid in ids:
            if cid not in cancer_names:
                problems.append(f"shared[{i}]: '{cid}' is not a covered type")
        for phrase in _strings(entry.get("names")):
            key = claim(phrase, f"shared[{i}]")
            if key is None:
                continue
            types[key] = ids
            if entry.get("says_where"):
                says_where.add(key)
            if entry.get("always_ask"):
                always_ask.add(key)
            if entry.get("why"):
                why[key] = " ".join(str(entry["why"]).split())

    # An id typed alone is that type ("cervical"); inside a longer name, an id that is also a
    # shared word reads as the shared word ("abnormal cervical cells").
    for cid in cancer_names:
        key = _key(cid)
        exact[key] = cid
        if key not in types:
            claim(cid, f"a name of '{cid}'")
            types[key] = (cid,)
            says_where.add(key)
        elif cid not in types[key]:
            problems.append(f"the id '{cid}' is a word shared by {', '.join(types[key])}")

    # Descriptors, by group.
    descriptors: dict[str, str] = {}
    groups = names_data.get("descriptors") or {}
    for group, phrases in groups.items():
        for phrase in _strings(phrases):
            key = claim(phrase, "a descriptor")
            if key is not None:
                descriptors[key] = str(group)
    cancer_words = frozenset(_key(p) for p in _strings(groups.get("cancer")))
    precancer_words = frozenset(_key(p) for p in _strings(groups.get("precancer")))
    growth_words = frozenset(_key(p) for p in _strings(groups.get("growth")))
    benign_words = frozenset(_key(p) for p in _strings(groups.get("benign")))
    conjunctions = frozenset(_key(p) for p in _strings(names_data.get("conjunctions")))
    joiners = frozenset(_key(p) for p in _strings(names_data.get("joiners")))
    for word in sorted((conjunctions | joiners) - descriptors.keys()):
        problems.append(f"conjunction {word!r} is not a descriptor")

    # Other senses of a covered name's word: "cervical spine" is in the neck.
    senses: dict[str, tuple[str, ...]] = {}
    for i, entry in enumerate(names_data.get("other_senses") or []):
        word = _key(str(entry.get("word", "")))
        if word not in types:
            problems.append(f"other_senses[{i}]: {word!r} is not a word of a covered name")
        for after in _strings(entry.get("before")):
            key = claim(f"{word} {after}", f"other_senses[{i}]")
            if key is not None:
                senses[key] = (word, " ".join(str(entry.get("means", "")).split()))
    roots: dict[str, str] = {}
    for root, place in (names_data.get("roots") or {}).items():
        if _key(str(place)) not in types:
            problems.append(f"roots: {place!r} is not a word of a covered name")
        roots[_key(str(root))] = _key(str(place))

    # Stage words: the stage question's values, aliases, unclear and unknown answers.
    stages: dict[str, str] = {}
    unclear: dict[str, str] = {}
    values: list[str] = []
    for choice in stage_question.get("choices") or []:
        value = str(choice["value"])
        values.append(value)
        for phrase in (value, *_strings(choice.get("aliases"))):
            key = claim(phrase, "a stage word", same_role_ok=True)
            if key is not None:
                stages[key] = value
    for group in stage_question.get("unclear") or []:
        text = " ".join(str(group.get("why", "")).split())
        for phrase in _strings(group.get("answers")):
            if _key(phrase) in types:
                continue  # in a name it is that name's word: "stage 0" is carcinoma in situ
            key = claim(phrase, "an unclear stage word")
            if key is not None:
                unclear[key] = text
    unknown_stage: set[str] = set()
    for phrase in _strings(stage_question.get("unknown")):
        key = claim(phrase, "a 'not known' stage word")
        if key is not None:
            unknown_stage.add(key)

    # Places and cancers not covered.
    uncovered = names_data.get("not_covered") or {}
    sites: dict[str, str] = {}
    cancers: dict[str, str] = {}
    for target, section in ((sites, "sites"), (cancers, "cancers")):
        for label, phrases in (uncovered.get(section) or {}).items():
            for phrase in _strings(phrases):
                key = claim(phrase, "not covered")
                if key is not None:
                    target[key] = str(label)
    site_notes = {
        str(k): " ".join(str(v).split()) for k, v in (uncovered.get("notes") or {}).items()
    }
    for label in site_notes:
        if label not in set(sites.values()) | set(cancers.values()):
            problems.append(f"not_covered.notes: {label!r} is not a name in not_covered")

    # Spread TO a place.
    spread = names_data.get("spread_to") or {}

    def spread_words(field: str) -> frozenset[str]:
        words = frozenset(_key(p) for p in _strings(spread.get(field)))
        for word in sorted(words):
            if stages.get(word) != spread_value:
                problems.append(
                    f"spread_to.{field}: {word!r} is not a word of '{question}' for "
                    f"'{spread_value}'"
                )
        return words

    after_place = spread_words("after_place")
    before_place = spread_words("before_place")
    ambiguous_before = spread_words("ambiguous_before")
    movers = spread_words("movers")
    toward = frozenset(_key(p) for p in _strings(spread.get("toward")))
    origin = frozenset(_key(p) for p in _strings(spread.get("origin")))
    places = {_key(k): " ".join(str(v).split()) for k, v in (spread.get("places") or {}).items()}
    destination_places = frozenset(_key(p) for p in _strings(spread.get("destination_places")))
    for field, words in (("toward", toward), ("origin", origin)):
        for word in sorted(words - descriptors.keys()):
            problems.append(f"spread_to.{field}: {word!r} is not a descriptor")
    for word in sorted(places.keys() - types.keys() - sites.keys()):
        problems.append(f"spread_to.places: {word!r} is neither a covered name nor a site")
    all_places = {**{key: key for key in sites}, **{key: key for key in senses}, **places}
    # "bone cancer", "cancer in the retina": a place and words that describe; read as the place
    # when written after "secondary" or "spread to" (but "kidney cancer metastases" are the
    # metastases OF a kidney cancer, so only a bare place is read before "metastases")
    place_names = frozenset(
        key
        for key in [*types, *sites]
        if key not in all_places
        and " ".join(w for w in key.split() if w not in descriptors) in all_places
    )
    for word in sorted(destination_places - all_places.keys()):
        problems.append(f"spread_to.destination_places: {word!r} is not a place")

    precancers = frozenset(
        cid for cid, name in names.items() if precancer_words & set(phrase_key(name, question))
    )
    phrases = [*types, *descriptors, *stages, *unclear, *unknown_stage, *sites, *cancers, *senses]
    known = frozenset(w for p in phrases for w in p.split())
    spell = _spell_targets(types, phrases)
    vocab = Vocabulary(
        names=names,
        exact=exact,
        precancers=precancers,
        types=types,
        says_where=frozenset(says_where),
        always_ask=frozenset(always_ask),
        why=why,
        descriptors=descriptors,
        cancer_words=cancer_words,
        precancer_words=precancer_words,
        growth_words=growth_words,
        benign_words=benign_words,
        conjunctions=conjunctions,
        joiners=joiners,
        senses=senses,
        roots=roots,
        stages=stages,
        unclear=unclear,
        unknown_stage=frozenset(unknown_stage),
        stage_values=tuple(values),
        question=question,
        spread=spread_value,
        sites=sites,
        cancers=cancers,
        site_notes=site_notes,
        after_place=after_place,
        before_place=before_place,
        ambiguous_before=ambiguous_before,
        movers=movers,
        toward=toward,
        origin=origin,
        places=all_places,
        place_names=place_names,
        destination_places=destination_places,
        known=known,
        spell=spell,
        longest=max((len(p.split()) for p in phrases), default=1),
    )
    return vocab, problems


def _spell_targets(
    types: Mapping[str, tuple[str, ...]], phrases: list[str]
) -> dict[str, tuple[str, ...]]:
    """Word -> the covered types a typo of it may mean.

    A one-word name of a type is a target for that type; a word found only inside names of
    types (keratosis) for those types; any other word (bowel, carcinoma, metastatic) is a
    target for none, so a typo near it is never steered to a covered type.
    """
    inside: dict[str, set[str]] = {}
    elsewhere: set[str] = set()
    for phrase in phrases:
        for word in phrase.split():
            if phrase in types:
                inside.setdefault(word, set()).update(types[phrase])
            else:
                elsewhere.add(word)
    spell: dict[str, tuple[str, ...]] = {}
    for word in sorted({w for p in phrases for w in p.split()}):
        if word in types:
            spell[word] = types[word]
        elif word in elsewhere:
            spell[word] = ()
        else:
            spell[word] = tuple(sorted(inside.get(word, ())))
    return spell


# --- reading ---------------------------------------------------------------------------------


class _Item(NamedTuple):
    phrase: str
    kind: str  # type, descriptor, stage, unclear, unknown-stage, site, cancer, sense, unknown


def _items(words: list[str], vocab: Vocabulary) -> list[_Item]:
    """The words as phrases, longest first at each position (linear: at most ``longest``
    lookups per word)."""
    tables: tuple[tuple[str, Mapping[str, object] | frozenset[str]], ...] = (
        ("type", vocab.types),
        ("descriptor", vocab.descriptors),
        ("stage", vocab.stages),
        ("unclear", vocab.unclear),
        ("unknown-stage", vocab.unknown_stage),
        ("site", vocab.sites),
        ("cancer", vocab.cancers),
        ("sense", vocab.senses),
    )
    items: list[_Item] = []
    i = 0
    while i < len(words):
        for length in range(min(vocab.longest, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + length])
            kind = next((k for k, table in tables if phrase in table), None)
            if kind is not None:
                items.append(_Item(phrase, kind))
                i += length
                break
        else:
            # a plural of a one-word phrase that is also a word of a longer name ("cells")
            found = next(
                ((one, k) for one in _singulars(words[i]) for k, table in tables if one in table),
                None,
            )
            items.append(_Item(*found) if found else _Item(words[i], "unknown"))
            i += 1
    return items


def _is_place(item: _Item, vocab: Vocabulary, bare: bool = True) -> bool:
    """A place ("liver", "bowel"); with ``bare=False``, also a place's name ("bone cancer")."""
    if item.kind not in ("type", "site", "sense"):
        return False
    return item.phrase in vocab.places or (not bare and item.phrase in vocab.place_names)


def _place(phrase: str, vocab: Vocabulary) -> str:
    """The place in a place's name: "bone cancer" -> "bone"."""
    bare = " ".join(w for w in phrase.split() if w not in vocab.descriptors)
    return vocab.places.get(phrase) or vocab.places.get(bare, bare)


def _run_forward(items: list[_Item], start: int, vocab: Vocabulary) -> list[int]:
    """The places a spread word points to, reading on from ``start``: descriptors are passed
    over until a place ("secondary cancer in the liver"), then only "and"/"the" between places
    ("to the liver and bones"); an origin word ("from", "primary") ends the run."""
    found: list[int] = []
    for j in range(start, len(items)):
        item = items[j]
        if item.phrase in vocab.origin:
            break
        if _is_place(item, vocab, bare=False):
            found.append(j)
            continue
        between = item.phrase in vocab.conjunctions or item.phrase == "the"
        if item.kind == "descriptor" and (between or not found):
            continue
        break
    return found


class _Spread(NamedTuple):
    """Where the places of a name stand: where a cancer spread TO (``to``), said both ways
    (``unclear``), or where a cancer that started elsewhere was found (``found``: "prostate
    cancer in the bladder", grown or spread there, which the documents do not tell apart)."""

    to: set[int]
    unclear: set[int]
    found: set[int]


def _covers(a: _Item, b: _Item, vocab: Vocabulary) -> bool:
    """Whether two places are one part of the body ("retinal cancer" and "eye", "kidney" and
    "renal"): the same place, or covered types in common."""
    if _place(a.phrase, vocab) == _place(b.phrase, vocab):
        return True
    return bool(set(vocab.types.get(a.phrase, ())) & set(vocab.types.get(b.phrase, ())))


def _spread_places(items: list[_Item], vocab: Vocabulary) -> _Spread:
    """Which places in the name are where a cancer spread TO, and which may be either.

    "liver metastases", "bone mets", "secondary bone cancer", "spread to the liver": the place
    is where the cancer went, not where it started. "metastatic liver cancer" and "secondary
    prostate cancer" are said both ways: they are returned as unclear. A cancer named for the
    place it started, then "in" another place, went there: "breast cancer in the liver" spread
    to the liver (a place where cancers spread to); "prostate cancer in the bladder" was found
    there. A place before "from" ("secondary to", "that started in") with a place after it is
    where the cancer went: "liver cancer from breast cancer".
    """
    to: set[int] = set()
    unclear: set[int] = set()
    found: set[int] = set()
    mover_seen = False
    origin: int | None = None  # the last place a cancer was named for, for "... in the liver"
    came_from = False  # an origin word since it: "that started in the breast"
    for i, item in enumerate(items):
        phrase = item.phrase
        if _is_place(item, vocab, bare=False) and item.kind != "sense" and i not in to:
            origin, came_from = i, False
        if phrase in vocab.origin:
            after = _run_forward(items, i + 1, vocab)
            if after and origin is not None and not came_from:
                to.add(origin)
            came_from = True
            continue
        if item.kind != "stage" and phrase not in vocab.toward:
            continue
        if item.kind == "stage" and phrase in vocab.after_place:
            j = i - 1
            while j >= 0 and (_is_place(items[j], vocab) or items[j].phrase in vocab.conjunctions):
                if _is_place(items[j], vocab):
                    to.add(j)
                j -= 1
        if item.kind == "stage" and phrase in vocab.before_place | vocab.ambiguous_before:
            for j in _run_forward(items, i + 1, vocab):
                destination = _place(items[j].phrase, vocab) in vocab.destination_places
                if phrase in vocab.before_place and destination:
                    to.add(j)
                elif phrase in vocab.before_place or destination:
                    unclear.add(j)
        if phrase in vocab.toward and mover_seen:
            to.update(_run_forward(items, i + 1, vocab))
        elif phrase in vocab.toward and origin is not None and not came_from:
            start = items[origin]
            for j in _run_forward(items, i + 1, vocab):
                if items[j].kind == "sense" or _covers(start, items[j], vocab):
                    continue
                if _place(items[j].phrase, vocab) in vocab.destination_places:
                    to.add(j)
                else:
                    found.add(j)
        if item.kind == "stage" and phrase in vocab.movers:
            mover_seen = True
    return _Spread(to, unclear - to, found - to)


def _quoted(words: Iterable[str]) -> str:
    return ", ".join(f"'{w}'" for w in words)


def _or(words: Iterable[str]) -> str:
    listed = [f"'{w}'" for w in words]
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " or " + listed[-1]


def _sentences(parts: list[str]) -> str:
    """Hints joined: after a question mark a space, else a semicolon."""
    out = ""
    for part in parts:
        out += ("" if not out else " " if out.endswith("?") else "; ") + part
    return out


def _not_understood(text: str, words: list[str], vocab: Vocabulary) -> NameQuestion:
    """Words found nowhere: a typo of a covered name is asked about ("did you mean"); any other
    word is reported as not understood, with the nearest word of any kind as a hint."""
    hints: list[str] = []
    covered: list[str] = []
    all_typos_of_types = True
    for n, word in enumerate(dict.fromkeys(words)):
        if n >= _TYPO_WORDS:  # enough to show; the rest are listed without a hint
            all_typos_of_types = False
            break
        if word in vocab.known:  # a word of a longer name, alone
            longer = sorted(p for p in _all_phrases(vocab) if word in p.split() and p != word)
            if longer:
                hints.append(f"'{word}' is part of a name such as {_or(longer[:3])}")
            all_typos_of_types = False
            continue
        near = _nearest(word, vocab)
        root = next((r for r in sorted(vocab.roots) if r in word and r != word), None)
        if root is not None:
            # "nephroblastoma" names the kidney: never "did you mean 'neuroblastoma'?"
            place = vocab.roots[root]
            of_place = set(vocab.types[place])
            near = [w for w in near if set(vocab.spell[w]) & of_place]
            if not near:
                covered += sorted(of_place)
                hints.append(
                    f"'{word}' holds '{root}-', which names the {vocab.places.get(place, place)}:"
                    f" if it is a cancer there, give '{place}'"
                )
                continue
        ids = {cid for w in near for cid in vocab.spell[w]}
        if near and all(vocab.spell[w] for w in near):
            covered += sorted(ids)
            hints.append(f"did you mean {_or(near)}?")
        else:
            all_typos_of_types = False
            if near:
                hints.append(f"did you mean {_or(near)}?")
    if any(ch.isdigit() for w in words for ch in w):
        hints.append("a size or a grade is not read in a name: the size is its own question")
    unknown = tuple(dict.fromkeys(words))
    if all_typos_of_types and covered:
        return NameQuestion(
            f"{text!r} is not a name cryo-check knows",
            _sentences([*hints, LIST_HINT]),
            dict.fromkeys(covered),
            kind=TYPO,
            words=unknown,
        )
    return NameQuestion(
        f"cryo-check did not understand {_quoted(unknown)} in {text!r}",
        _sentences([*hints, "type the cancer's type, e.g. kidney", LIST_HINT]),
        kind=NOT_UNDERSTOOD,
        words=unknown,
    )


def _all_phrases(vocab: Vocabulary) -> list[str]:
    return [
        *vocab.types,
        *vocab.descriptors,
        *vocab.stages,
        *vocab.unclear,
        *vocab.sites,
        *vocab.cancers,
    ]


def _nearest(word: str, vocab: Vocabulary) -> list[str]:
    """The known words nearest ``word`` within a typo's reach, closest first, else none."""
    if not (_TYPO_MIN <= len(word) <= _TYPO_MAX) or not word.isalpha():
        return []
    allowed = 1 if len(word) < _TYPO_LONG else 2
    scored = sorted(
        (distance, known)
        for known in vocab.spell
        if abs(len(known) - len(word)) <= allowed and len(known) >= _TYPO_MIN
        for distance in (distance_within(word, known, allowed),)
        if distance is not None
    )
    if not scored:
        return []
    best = scored[0][0]
    return [known for distance, known in scored if distance == best]


def _label(ids: Iterable[str], vocab: Vocabulary) -> str:
    return ", ".join(f"{cid} ({vocab.names[cid]})" for cid in ids)


#: Marks a name may hold besides letters, digits and spaces: they join or separate words
#: ("Bowen's", "non-Hodgkin", "ca.", "kidney cancer, early", "(RCC)", "kidney/renal").
_PLAIN_MARKS = frozenset("_-\u2010\u2011\u2013\u2014'\u2018\u2019`.,;:()[]/&\"\u201c\u201d")


def _plain_mark(ch: str) -> bool:
    return ch.isalnum() or ch.isspace() or ch in _PLAIN_MARKS


def read_name(text: str, vocab: Vocabulary) -> NameReading:
    """What ``text`` names: a covered type, or a type not covered; else a NameQuestion.

    The order of questions: text that is no name; words not understood or mistyped; a cancer
    that spread to the place named; more than one type or place, or none; the stage words.
    """
    try:
        shown = check_cancer_text(text)
    except AnswerError as exc:
        raise NameQuestion(exc.message, exc.fix or "", kind=INVALID) from None
    # Marks are read as spaces between words; one that could change what they mean
    # ("early?", "≠ metastatic", an emoji) is asked about, not dropped.
    odd = tuple(dict.fromkeys(ch for ch in shown if not _plain_mark(ch)))
    if odd:
        raise NameQuestion(
            f"{shown!r} holds {_quoted(odd)}, which cryo-check does not read in a name: it "
            "reads words, and a mark such as '?' or '≠' could change what they mean",
            "type the name in words, e.g. kidney cancer, and give a stage only if it is known",
            kind=NOT_UNDERSTOOD,
            words=odd,
        )
    words = [_singular(w, vocab.known) for w in phrase_key(shown, vocab.question)]
    whole = " ".join(words)
    if whole in vocab.exact:  # a name as a rule file writes it, or a type's id
        return NameReading(shown, vocab.exact[whole], None, None, ((whole, TYPE),), None)
    items = _items(words, vocab)

    unknown = [item.phrase for item in items if item.kind == "unknown"]
    if unknown:
        raise _not_understood(shown, unknown, vocab)

    spread = _spread_places(items, vocab)
    to, unclear_places, found = spread.to, spread.unclear, spread.found
    stage_values = sorted({vocab.stages[i.phrase] for i in items if i.kind == "stage"})
    unclear_words = [i.phrase for i in items if i.kind == "unclear"]
    named = [i for i in items if i.kind == "cancer"]
    elsewhere = to | unclear_places | found
    other_sense = [i for n, i in enumerate(items) if i.kind == "sense" and n not in elsewhere]
    if other_sense:
        raise _other_sense(shown, other_sense[0], vocab)
    starts = [n for n, i in enumerate(items) if i.kind in ("type", "site") and n not in elsewhere]
    started = [items[n] for n in starts]
    if started or named:  # a place where it started is named: the others are where it went
        to |= unclear_places
        unclear_places = set()
    # a cancer that went to another place has spread, whatever else is said; so has one
    # "secondary to" another (a phrase holding a spread word)
    held = {vocab.stages.get(w) for i in items if i.kind == "descriptor" for w in i.phrase.split()}
    if to or vocab.spread in held:
        stage_values = sorted({*stage_values, vocab.spread})

    def role(n: int, item: _Item) -> str:
        if n in to or n in found:
            return SPREAD_TO
        if item.kind in ("stage", "unclear", "unknown-stage"):
            return STAGE
        return {"type": TYPE, "site": NOT_COVERED, "cancer": NOT_COVERED}.get(item.kind, DESCRIPTOR)

    read = tuple((item.phrase, role(n, item)) for n, item in enumerate(items))
    implied = stage_values[0] if len(stage_values) == 1 else None

    # A cancer that spread TO the place named, with no word for where it started.
    if not started and not named and (to or unclear_places):
        spread_places = [_place(items[n].phrase, vocab) for n in sorted(to | unclear_places)]
        place = " and ".join(spread_places)
        if to:
            raise NameQuestion(
                f"{shown!r} is a cancer that started somewhere else and has spread to the "
                f"{place}: its type is the place where it started",
                "give the type of cancer it started as, e.g. 'kidney cancer', and the stage "
                f"'{vocab.spread}'; if it is not known, the documents' rules cannot be applied",
                kind=SPREAD_ELSEWHERE,
                stage=vocab.spread,
            )
        ids = [i for n in sorted(unclear_places) for i in vocab.types.get(items[n].phrase, ())]
        raise NameQuestion(
            f"{shown!r} can mean a cancer that started in the {place} and has spread, or one "
            f"that started somewhere else and has spread to the {place}",
            f"if it started in the {place}, give '{place} cancer' and the stage "
            f"'{vocab.spread}'; if it started elsewhere, give the type of cancer it started as",
            dict.fromkeys(ids),
            kind=SPREAD_UNCLEAR,
            stage=vocab.spread,
        )

    covered = [i for i in started if i.kind == "type"]
    places = [i for i in started if i.kind == "site"]
    _check_growth(shown, items, covered, to, vocab)
    joined = any(i.phrase in vocab.conjunctions | vocab.joiners for i in items)
    kinds = {i.phrase for i in items if i.kind == "descriptor"}
    wants_cancer = bool(kinds & vocab.cancer_words) and not kinds & vocab.precancer_words
    wants_precancer = bool(kinds & vocab.precancer_words) and not kinds & vocab.cancer_words

    def by_kind(ids: set[str]) -> set[str]:
        if wants_precancer and ids & vocab.precancers:
            return ids & vocab.precancers
        if wants_cancer and ids - vocab.precancers:
            return ids - vocab.precancers
        return ids

    where = [i for i in covered if i.phrase in vocab.says_where]
    cancer_id: str | None = None
    site: str | None = None
    note_parts: list[str] = []
    # a kind of cancer beside a bare place is that kind there ("skin melanoma", "melanoma of
    # the eye"); beside another cancer's name ("kidney cancer, melanoma"), or joined, it is two
    second = joined or any(i.phrase not in vocab.places for i in where)
    if named and not (where and second):
        labels = list(dict.fromkeys(vocab.cancers[i.phrase] for i in named))
        if joined:  # "bowel cancer and melanoma" names both
            labels = list(dict.fromkeys([*(vocab.sites[i.phrase] for i in places), *labels]))
        site = " and ".join(labels)
        note_parts += [vocab.site_notes[label] for label in labels if label in vocab.site_notes]
    elif places and not where:
        site = " and ".join(dict.fromkeys(vocab.sites[i.phrase] for i in places))
    elif places or (named and where):
        others = [vocab.sites[i.phrase] for i in places] + [vocab.cancers[i.phrase] for i in named]
        ids = sorted(by_kind({c for i in where for c in vocab.types[i.phrase]}))
        raise NameQuestion(
            f"{shown!r} names more than one place or kind of cancer: "
            + ", ".join([*(i.phrase for i in where), *others]),
            f"give one type; the documents do not cover {_or(others)}; covered here: "
            + (_label(ids, vocab) if ids else "none"),
            ids,
            kind=TWO_TYPES,
        )
    elif covered:
        joined_ids = by_kind(set().union(*(vocab.types[i.phrase] for i in covered)))
        if (
            joined
            and len({frozenset(vocab.types[i.phrase]) for i in covered}) > 1
            and joined_ids & vocab.precancers
            and joined_ids - vocab.precancers
        ):
            # joined names that may be a cancer and a precancer are two conditions: "cervical
            # and cervical dysplasia" is never narrowed to the one type they share ("skin
            # cancer and bcc", one cancer said twice, still reads as the narrower)
            ids = sorted(joined_ids)
            raise NameQuestion(
                f"{shown!r} names more than one covered type: "
                + _quoted(i.phrase for i in covered),
                f"give one type: {_label(ids, vocab)}",
                ids,
                kind=TWO_TYPES,
            )
        cancer_id = _one_type(shown, covered, by_kind, vocab)
        _check_kind(shown, cancer_id, kinds, covered, vocab)
    else:
        ids = sorted(vocab.precancers) if wants_precancer else []
        raise NameQuestion(
            f"{shown!r} does not say which type of cancer it is",
            f"give the type, e.g. kidney; {LIST_HINT}"
            if not ids
            else f"choose one of: {_label(ids, vocab)}",
            ids,
            kind=AMBIGUOUS if ids else NO_TYPE,
        )

    # the stage question's first choice is its earliest (questions are declared in order): a
    # cancer found grown into another place is not said to be that without a question
    earliest = list(vocab.stage_values[:1])
    if found and cancer_id is not None and (not stage_values or stage_values == earliest):
        place = " and ".join(_place(items[n].phrase, vocab) for n in sorted(found))
        raise NameQuestion(
            f"{shown!r} is {_a_name(vocab.names[cancer_id])} found in the {place}: it has "
            f"grown or spread there from where it started, and the documents do not say "
            "whether that counts as locally advanced or spread"
            + (f", nor as {_or(stage_values)}" if stage_values else ""),
            f"give the type alone ({cancer_id}) and the stage the care team gives, one of: "
            + _or(vocab.stage_values),
            vocab.stage_values,
            kind=STAGE_UNCLEAR,
            cancer=cancer_id,
        )
    if len(stage_values) > 1:
        raise NameQuestion(
            f"{shown!r} holds stage words that disagree: "
            + ", ".join(
                [
                    *(f"'{i.phrase}'" for i in items if i.kind == "stage"),
                    *(f"'{items[n].phrase}' (where it spread to)" for n in sorted(to)),
                ]
            ),
            f"give one stage: {_or(stage_values)}",
            stage_values,
            kind=STAGE_CONFLICT,
            cancer=cancer_id,
        )
    if unclear_words and cancer_id is not None:
        reasons = list(dict.fromkeys(vocab.unclear[w] for w in unclear_words))
        raise NameQuestion(
            f"{shown!r} says the stage is {_or(unclear_words)}, which does not say which stage "
            "the documents mean: " + "; ".join(reasons),
            f"give the stage as one of: {_or(vocab.stage_values)}",
            vocab.stage_values,
            kind=STAGE_UNCLEAR,
            cancer=cancer_id,
            stage=implied,
        )

    if cancer_id is not None and " ".join(words) not in vocab.exact:
        note_parts.insert(0, f"read as {vocab.names[cancer_id]}")
    if to:
        went = " and ".join(_place(items[n].phrase, vocab) for n in sorted(to))
        note_parts.append(f"the cancer has spread to the {went}; its type is where it started")
    if found:
        went = " and ".join(_place(items[n].phrase, vocab) for n in sorted(found))
        note_parts.append(f"the cancer was found in the {went}; its type is where it started")
    return NameReading(
        text=shown,
        cancer=cancer_id,
        stage=implied,
        site=site,
        words=read,
        note="; ".join(note_parts) or None,
    )


def _a_name(name: str) -> str:
    """'Kidney cancer' -> 'a kidney cancer'."""
    return "a " + name[:1].lower() + name[1:]


def _other_sense(shown: str, item: _Item, vocab: Vocabulary) -> NameQuestion:
    """A question about a phrase where a covered name's word means something else:
    "cervical lymph nodes" are in the neck, not the cervix."""
    word, means = vocab.senses[item.phrase]
    usual = vocab.places.get(word, word)
    return NameQuestion(
        f"in {shown!r}, '{item.phrase}' is in {means}: '{word}' there means {means}, not the "
        f"{usual}, and a cancer found there may have started there or spread there from "
        "somewhere else",
        "give the type of cancer it started as, e.g. 'kidney cancer', and its stage; " + LIST_HINT,
        kind=OTHER_SENSE,
    )


def _says_cancer(item: _Item, vocab: Vocabulary) -> bool:
    """Whether a word says what it is, beyond a place: "cancer", "metastatic", "precancerous",
    or a name that is a cancer's or condition's own ("rcc", "melanoma", "cin3", "bcc")."""
    if item.kind == "cancer":
        return True
    if item.kind == "stage":
        return vocab.stages.get(item.phrase) == vocab.spread  # only a cancer spreads
    words = set(item.phrase.split())
    if words & (vocab.cancer_words | vocab.precancer_words):
        return True
    if item.kind == "type" and item.phrase not in vocab.places:
        return item.phrase not in vocab.place_names  # "kidney tumour", a custom alias: a place
    return False


def _check_growth(
    shown: str, items: list[_Item], covered: list[_Item], to: set[int], vocab: Vocabulary
) -> None:
    """A NameQuestion when the name says the growth is not a cancer ("benign kidney tumour"),
    or names a growth with no word that says cancer: a "kidney tumour", a "liver mass" or a
    "breast lump" can be benign, and the documents are about cancers."""
    benign = [i.phrase for i in items if i.phrase in vocab.benign_words]
    if benign:
        raise NameQuestion(
            f"{shown!r} says {_or(benign)}: the documents are about cancers and precancerous "
            "conditions, and say nothing about a growth that is not a cancer",
            "if it is a cancer, give its type, e.g. kidney cancer; ask the care team",
            kind=NOT_CANCER,
        )
    growth = [i.phrase for i in items if i.phrase in vocab.growth_words]
    if not growth or to or any(_says_cancer(i, vocab) for i in items):
        return
    ids = sorted({c for i in covered for c in vocab.types[i.phrase]})
    raise NameQuestion(
        f"{shown!r} does not say whether it is a cancer: {_or(growth)} can name a growth that "
        "is not a cancer (benign) as well as a cancer",
        f"if it is one of these, give it: {_label(ids, vocab)}; ask the care team"
        if ids
        else "if it is a cancer, give the type, e.g. kidney cancer; ask the care team",
        ids,
        kind=GROWTH,
    )


def _check_kind(
    shown: str, cancer_id: str, kinds: set[str], covered: list[_Item], vocab: Vocabulary
) -> None:
    """A NameQuestion unless the words for a cancer and for a precancerous condition agree
    with the type read: "abnormal kidney cells" is not kidney cancer (the documents name no
    precancerous condition of the kidney), and "precancerous cervical cancer" says both."""
    cancer = sorted(kinds & vocab.cancer_words)
    precancer = sorted(kinds & vocab.precancer_words)
    name = vocab.names[cancer_id]
    named = name[:1].lower() + name[1:]
    # The types the words could name besides the one read (by any of their words).
    nearby = {t for i in covered for w in i.phrase.split() for t in vocab.spell.get(w, ())}
    if cancer and precancer:
        ids = sorted({cancer_id, *nearby})
        raise NameQuestion(
            f"{shown!r} says both {_or(cancer)} and {_or(precancer)}: a cancer and a "
            "precancerous condition are different types",
            f"choose one of: {_label(ids, vocab)}",
            ids,
            kind=AMBIGUOUS,
        )
    if precancer and cancer_id not in vocab.precancers:
        related = sorted(nearby & vocab.precancers)
        if related:
            ids = sorted({cancer_id, *related})
            raise NameQuestion(
                f"{shown!r} says {_or(precancer)} and names {named}: a cancer and a "
                "precancerous condition are different types",
                f"choose one of: {_label(ids, vocab)}",
                ids,
                kind=AMBIGUOUS,
            )
        listed = _label(sorted(vocab.precancers), vocab) or "none"
        raise NameQuestion(
            f"{shown!r} says {_or(precancer)}, a precancerous condition, and the documents "
            f"name none for this type, only {named}",
            f"if it is {named}, give {cancer_id}; the precancerous conditions they name: " + listed,
            [cancer_id],
            kind=AMBIGUOUS,
        )
    if cancer and cancer_id in vocab.precancers:
        ids = sorted({cancer_id, *nearby})
        raise NameQuestion(
            f"{shown!r} says {_or(cancer)}, but {named} is a precancerous condition, not a cancer",
            f"choose one of: {_label(ids, vocab)}"
            if len(ids) > 1
            else f"if it is {named}, give {cancer_id}; if it is a cancer, give its type",
            ids,
            kind=AMBIGUOUS,
        )


def _ask_in_between(
    shown: str, covered: list[_Item], undecided: list[_Item], vocab: Vocabulary
) -> None:
    """A NameQuestion for a name that may be a cancer or a precancerous condition ("cervical
    cancer in situ", "stage 0", "skin scc in situ"), with the types of the place it names."""
    ids = set.intersection(*(set(vocab.types[i.phrase]) for i in undecided))
    places = [set(vocab.types[p]) for p in vocab.says_where if len(vocab.types[p]) > 1]
    for item in covered:
        if item in undecided:
            continue
        # the type and its neighbours of the same place: "cervical cancer" -> both kinds
        named = set(vocab.types[item.phrase])
        ids &= named.union(*(place for place in places if place & named))
    reasons = "; ".join(
        dict.fromkeys(vocab.why[i.phrase] for i in undecided if i.phrase in vocab.why)
    )
    if not ids:
        types = sorted({c for i in covered if i not in undecided for c in vocab.types[i.phrase]})
        raise NameQuestion(
            f"{shown!r} says {_or(i.phrase for i in undecided)}, and the documents name no such "
            f"condition of this type: {reasons}",
            f"if it is {_or(types)}, give it; ask the care team",
            types,
            kind=AMBIGUOUS,
        )
    raise NameQuestion(
        f"{shown!r} may be a cancer or a precancerous condition: {reasons}",
        f"choose one of: {_label(sorted(ids), vocab)}",
        sorted(ids),
        kind=AMBIGUOUS,
    )


def _one_type(
    shown: str,
    covered: list[_Item],
    by_kind: Callable[[set[str]], set[str]],
    vocab: Vocabulary,
) -> str:
    """The one covered type the type words agree on, else a NameQuestion.

    Place words must agree ("kidney and liver" is two); a shared kind of cancer ("squamous
    cell carcinoma") narrows the place; cancer/precancer words choose between a cancer and a
    precancerous condition; a word marked `always_ask` is asked about unless the other words
    alone pin one type it may mean.
    """
    where = [set(vocab.types[i.phrase]) for i in covered if i.phrase in vocab.says_where]
    if where and not set.intersection(*where):
        both = sorted(by_kind(set().union(*where)))
        raise NameQuestion(
            f"{shown!r} names more than one covered type: "
            + _quoted(i.phrase for i in covered if i.phrase in vocab.says_where),
            f"give one type: {_label(both, vocab)}",
            both,
            kind=TWO_TYPES,
        )

    def narrow(phrases: list[_Item]) -> set[str]:
        place = [set(vocab.types[i.phrase]) for i in phrases if i.phrase in vocab.says_where]
        kind = [set(vocab.types[i.phrase]) for i in phrases if i.phrase not in vocab.says_where]
        at = set.intersection(*place) if place else set()
        of = set.intersection(*kind) if kind else set()
        if at and kind and not at & of:
            # a place and a kind of cancer the documents do not put together ("kidney squamous
            # cell carcinoma"), or two cancers ("bcc and scc"): never one with the other dropped
            both = sorted(by_kind(at | set().union(*kind)))
            raise NameQuestion(
                f"{shown!r} names more than one covered type, or a kind of cancer the "
                "documents do not name for that place: " + _quoted(i.phrase for i in phrases),
                f"give one type: {_label(both, vocab)}",
                both,
                kind=TWO_TYPES,
            )
        found = at & of if at & of else (at or of or set().union(*kind))
        result: set[str] = by_kind(found)
        return result

    asked = [i for i in covered if i.phrase in vocab.always_ask]
    undecided = [i for i in asked if set(vocab.types[i.phrase]) & vocab.precancers]
    if undecided and any(set(vocab.types[i.phrase]) - vocab.precancers for i in undecided):
        # "carcinoma in situ", "Bowen's disease": a cancer or a precancerous condition, which
        # the words "cancer" or "precancerous" beside it do not settle; only a place narrows it
        _ask_in_between(shown, covered, undecided, vocab)
    ids = narrow(covered)
    if asked:
        plain = narrow([i for i in covered if i.phrase not in vocab.always_ask])
        if len(plain) == 1 and plain <= set().union(*(vocab.types[i.phrase] for i in asked)):
            return plain.pop()
        ids = ids or set().union(*(vocab.types[i.phrase] for i in asked))
    elif len(ids) == 1:
        return ids.pop()
    choices = sorted(ids)
    # why a word is always asked about first ("carcinoma in situ"), then why others are shared
    reasons = [vocab.why[i.phrase] for i in asked if i.phrase in vocab.why]
    reasons += [vocab.why[i.phrase] for i in covered if i.phrase in vocab.why]
    reason = "; ".join(dict.fromkeys(reasons))
    said = "is asked about before it is read as a" if len(choices) == 1 else "fits more than one"
    raise NameQuestion(
        f"{shown!r} {said} covered type" + (f": {reason}" if reason else ""),
        f"choose one of: {_label(choices, vocab)}",
        choices,
        kind=AMBIGUOUS,
    )
