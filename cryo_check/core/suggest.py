"""Near names: the one suggester behind every "did you mean" (an answer, a question id, a
rule file's key or criterion, a batch column or key, a scenario, a word of a cancer name).

A suggestion is a candidate within a typo of what was typed: one edit (insert, delete,
substitute, swap two neighbours) for a word of up to seven letters, two for a longer one.
Further than that, nothing is suggested: a guess is worse than a list of what is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

#: Words of this length or more may be two edits away; shorter ones, one.
LONG_WORD = 8


def typos_allowed(word: str) -> int:
    return 1 if len(word) < LONG_WORD else 2


def near(word: str, candidates: Iterable[str], allowed: int | None = None) -> list[str]:
    """The candidates within a typo of ``word`` (``allowed`` edits, else ``typos_allowed``),
    the closest first, ties in the candidates' order; a candidate equal to ``word`` is 0."""
    limit = typos_allowed(word) if allowed is None else allowed
    scored = []
    for index, candidate in enumerate(dict.fromkeys(candidates)):
        if abs(len(candidate) - len(word)) > limit:
            continue
        distance = distance_within(word, candidate, limit)
        if distance is not None:
            scored.append((distance, index, candidate))
    return [candidate for _, _, candidate in sorted(scored)]


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest ``word`` within a typo, if any."""
    found = near(word, candidates)
    return found[0] if found else None


def did_you_mean(word: str, candidates: Sequence[str] | Iterable[str]) -> str:
    """``"did you mean 'x'? "`` for the nearest candidate, else ``""`` (to lead a fix)."""
    found = suggest(word, candidates)
    return f"did you mean '{found}'? " if found is not None else ""


def typo_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) that turn ``a`` into ``b``."""
    distance = distance_within(a, b, max(len(a), len(b)))
    assert distance is not None
    return distance


def distance_within(a: str, b: str, limit: int) -> int | None:
    """``typo_distance(a, b)`` if it is at most ``limit``, else None; only the diagonal band
    of width ``limit`` is computed, and the work stops once every cell is over the limit."""
    over = limit + 1
    previous2: list[int] = []
    previous = [j if j <= limit else over for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [i if i <= limit else over] + [over] * len(b)
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            cost = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cost = min(cost, previous2[j - 2] + 1)
            current[j] = min(cost, over)
        if min(current) > limit:
            return None
        previous2, previous = previous, current
    return previous[-1] if previous[-1] <= limit else None
