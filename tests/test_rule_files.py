"""The shipped rule files as data: every example runs, every quote is verbatim.

The quotes are checked against the full texts of the two documents, which are reference
material beside the repository (``../shared/sources``, or ``$CRYO_CHECK_SOURCES``), never
shipped. Their SHA-256 is pinned in ``rules/sources.yaml``, so a quote is checked against
exactly the version it was taken from. Where the texts are absent the check is skipped with
a reason, except on CI (``CI`` set), where their absence is a failure.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from cryo_check import safeyaml
from cryo_check.loader import run_example
from cryo_check.ruleset import Cancer, Example, RuleSet

from .conftest import REPO, RULES_DIR

SOURCES_TEXTS = Path(os.environ.get("CRYO_CHECK_SOURCES", REPO.parent / "shared" / "sources"))


def all_examples() -> list[tuple[str, int]]:
    out = []
    for path in sorted(RULES_DIR.glob("*.yaml")):
        data = safeyaml.load(path.read_text(encoding="utf-8")).data
        out += [(path.stem, i) for i, _ in enumerate(data.get("examples", []))]
    return out


@pytest.mark.parametrize(("cancer_id", "index"), all_examples())
def test_example(rules: RuleSet, cancer_id: str, index: int) -> None:
    cancer: Cancer = rules.cancers[cancer_id]
    example: Example = cancer.examples[index]
    verdict, missing = run_example(cancer, example, rules)
    assert verdict == example.expect, example.name
    if example.expect_missing is not None:
        assert missing == example.expect_missing, example.name


def normalise(text: str) -> str:
    """Whitespace collapsed (non-breaking spaces too), curly quotes read as straight."""
    text = text.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"'})
    return re.sub(r"\s+", " ", text).strip()


def quotes(rules: RuleSet) -> list[tuple[str, str, str]]:
    """(where, source id, quote) for every quote in every rule file."""
    found = []
    for c in rules.cancers.values():
        found.append((f"{c.id}: listed_in", c.listed_in.source, c.listed_in.quote))
        found += [(f"{c.id}: {k.id}", k.evidence.source, k.evidence.quote) for k in c.criteria]
        found += [
            (f"{c.id}: decision {i}", e.source, e.quote)
            for i, d in enumerate(c.decisions)
            for e in d.evidence
        ]
        found += [(f"{c.id}: note", n.evidence.source, n.evidence.quote) for n in c.notes]
    found += [
        (f"info: {t.id}", p.evidence.source, p.evidence.quote)
        for t in rules.topics
        for p in t.points
    ]
    return found


def source_texts() -> dict[str, str]:
    if not SOURCES_TEXTS.is_dir():
        message = f"the source documents are not at {SOURCES_TEXTS} (set CRYO_CHECK_SOURCES)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    sources = safeyaml.load((RULES_DIR / "sources.yaml").read_text(encoding="utf-8")).data
    texts = {}
    for source in sources["sources"]:
        raw = (SOURCES_TEXTS / source["document"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == source["sha256"], (
            f"{source['document']} is not the version the quotes were checked against"
        )
        texts[source["id"]] = normalise(raw.decode("utf-8"))
    return texts


def test_every_quote_is_verbatim_in_its_source(rules: RuleSet) -> None:
    texts = source_texts()
    wrong = [
        f"{where}: {quote!r} is not in {source}"
        for where, source, quote in quotes(rules)
        if normalise(quote) not in texts[source]
    ]
    assert not wrong, "\n".join(wrong)


def test_every_kind_of_quote_is_checked(rules: RuleSet) -> None:
    kinds = {where.split(": ")[1].split(" ")[0] for where, _, _ in quotes(rules)}
    assert {"listed_in", "early-stage", "decision", "note", "what-it-is"} <= kinds


def test_quotes_are_short(rules: RuleSet) -> None:
    # Quotes, not copies: no single quote runs past a couple of sentences.
    long = [where for where, _, quote in quotes(rules) if len(quote) > 300]
    assert not long
