"""Text renderings of the rules themselves (``rules list``, ``rules show``), with rich."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text
from rich.tree import Tree

from cryo_check import DISCLAIMER
from cryo_check.core.explain import Branch, Leaf, Node, decision_tree
from cryo_check.core.ruleset import VERDICTS, Cancer, RuleSet
from cryo_check.paths import display_path
from cryo_check.render.text import bullets, heading, make_console, quoted

if TYPE_CHECKING:
    from cryo_check.core.documents import RulesListDocument


def disclaimer_panel() -> Panel:
    return Panel(Text(DISCLAIMER), title="Disclaimer", title_align="left")


def render_list(document: RulesListDocument, out: TextIO) -> None:
    """``rules list`` as text, from its document (the JSON output is the same document)."""
    console = make_console(out)
    console.print(Text(f"{len(document['cancers'])} covered types", style="bold"))
    console.print(Text(f"rules from {document['folder']}"))
    for cancer in document["cancers"]:
        console.print()
        console.print(
            Text.assemble((cancer["id"], "bold"), f" — {cancer['name']} ({cancer['file']})")
        )
        lines = [Text("names: " + ", ".join(cancer["aliases"]))] if cancer["aliases"] else []
        if not cancer["criteria"]:
            lines.append(Text("no criteria: the type alone decides"))
        lines += [
            Text(f"{c['id']}: {c['question']} is {c['test']} ({c['source']})")
            for c in cancer["criteria"]
        ]
        for line in lines:
            console.print(Padding(line, (0, 0, 0, 2), expand=False))
    console.print(heading("Sources"))
    console.print(bullets([Text(f"{s['id']}: {s['citation']}") for s in document["sources"]]))
    console.print()
    console.print(disclaimer_panel())


def _decision_tree(cancer: Cancer, node: Node, into: Tree) -> None:
    if isinstance(node, Leaf):
        into.add(Text(f"→ {VERDICTS[node.verdict]}", style="bold"))
        return
    assert isinstance(node, Branch)
    for label, child in node.children:
        question = cancer.question(node.question).label
        if isinstance(child, Leaf):
            into.add(
                Text.assemble(f"{question}: {label} ", (f"→ {VERDICTS[child.verdict]}", "bold"))
            )
        else:
            _decision_tree(cancer, child, into.add(Text(f"{question}: {label}")))


def render_show(rules: RuleSet, cancer: Cancer, out: TextIO) -> None:
    console = make_console(out)
    root = Tree(
        Text.assemble(
            (cancer.name, "bold"),
            f" — id {cancer.id}, a {cancer.kind}, in {display_path(rules.path_of(cancer.file))}",
        )
    )
    if cancer.aliases:
        root.add(Text("Names: " + ", ".join(cancer.aliases)))
    root.add(Text.assemble("Listed in: ", quoted(cancer.listed_in.quote, cancer.listed_in.source)))
    criteria = root.add(Text("Criteria", style="bold"))
    if not cancer.criteria:
        criteria.add(Text("none: the type alone decides"))
    for c in cancer.criteria:
        branch = criteria.add(Text.assemble((c.id, "bold"), f" — {c.label}"))
        branch.add(Text(f"question: {c.question}; met when it is {c.test.describe()}"))
        branch.add(quoted(c.evidence.quote, c.evidence.source))
    decisions = root.add(Text("Decisions", style="bold"))
    for d in cancer.decisions:
        when = ", ".join(f"{cid} {'met' if met else 'not met'}" for cid, met in d.when) or "always"
        branch = decisions.add(Text.assemble(f"when {when} ", (f"→ {VERDICTS[d.verdict]}", "bold")))
        branch.add(Text(d.reason))
        for e in d.evidence:
            branch.add(quoted(e.quote, e.source))
    _decision_tree(cancer, decision_tree(cancer), root.add(Text("Decision paths", style="bold")))
    if cancer.notes:
        notes = root.add(Text("Notes", style="bold"))
        for n in cancer.notes:
            notes.add(
                Text.assemble(
                    f"{n.text}: " if n.text else "", quoted(n.evidence.quote, n.evidence.source)
                )
            )
    console.print(root)
    console.print()
    console.print(disclaimer_panel())
