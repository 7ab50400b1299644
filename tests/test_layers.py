"""The package's layers point one way, and its import graph has no cycles.

    core  <-  rulebook  <-  render  <-  commands  <-  cli (and the top-level tools)

``errors`` and ``paths`` sit below them all. Every import counts, including those inside
functions."""

from __future__ import annotations

import ast

from .conftest import REPO

PACKAGE = REPO / "cryo_check"


def import_graph() -> dict[str, set[str]]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        modules[name] = path
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph, or None."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        for nxt in sorted(graph[node]):
            if nxt in path:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in done:
                found = visit(nxt, [*path, nxt])
                if found:
                    return found
        done.add(node)
        return None

    for start in sorted(graph):
        found = visit(start, [start])
        if found:
            return found
    return None


def test_the_checker_finds_a_cycle() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None


LAYERS = ("core", "rulebook", "render", "commands")


def layer(module: str) -> int:
    """core 0, rulebook 1, render 2, commands 3, the CLI and other top-level tools 4;
    errors, paths, environment and the package itself -1 (everything may use them)."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    if module == "cryo_check" or parts[-1] in ("errors", "paths", "environment"):
        return -1
    return len(LAYERS)


def test_layers_point_one_way() -> None:
    graph = import_graph()
    upward = sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        for target in targets
        if layer(target) > layer(module)
    )
    assert upward == []
    assert {layer(m) for m in graph} == {-1, 0, 1, 2, 3, 4}


def test_there_is_no_import_cycle_in_cryo_check() -> None:
    graph = import_graph()
    assert len(graph) > 20
    assert cycle(graph) is None, " -> ".join(cycle(graph) or [])
