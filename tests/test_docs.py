"""The README runs: its transcripts are real output, its Quick start is what CI runs."""

from __future__ import annotations

import re
import shlex

import pytest

from .conftest import REPO, invoke, load_script

README = (REPO / "README.md").read_text(encoding="utf-8")
TRANSCRIPT = re.compile(r"```console\n\$ cryo-check (?P<args>[^\n]*)\n(?P<output>.*?)```", re.S)


#: The pages a reader is sent to: the README, then the guides in docs/ (generated ones too).
#: The guides whose transcripts scripts/transcripts.py writes (declared there, once).
GUIDES: tuple[str, ...] = load_script("transcripts").GUIDES
PAGES = {"README.md": README} | {
    f"docs/{name}": (REPO / "docs" / name).read_text(encoding="utf-8") for name in GUIDES
}


def transcripts() -> list[tuple[str, str]]:
    return [(m["args"], m["output"]) for text in PAGES.values() for m in TRANSCRIPT.finditer(text)]


def test_the_readme_has_transcripts() -> None:
    assert len(transcripts()) >= 1


@pytest.mark.parametrize(("args", "output"), transcripts())
def test_transcript_is_real_output(args: str, output: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # the transcripts name files such as examples/class-cases.csv
    result = invoke(*shlex.split(args))
    assert result.exit_code == 0, result.stderr
    actual = "\n".join(line.rstrip() for line in result.stdout.splitlines())
    assert actual == output.rstrip("\n")


def test_quick_start_is_two_commands_and_ci_runs_them() -> None:
    block = README.split("<!-- quickstart -->", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = block.strip().splitlines()
    assert len(commands) == 2
    assert "cryo-check check" in commands[0]
    assert "pytest" in commands[1]
    assert "<!-- quickstart -->" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_every_exit_code_in_the_code_is_documented() -> None:
    from cryo_check import errors

    # The one table: every EXIT_ name in cryo_check.errors, and no exit code defined elsewhere.
    codes = {value for name, value in vars(errors).items() if name.startswith("EXIT_")}
    assert len(codes) == 7
    elsewhere = [
        path.relative_to(REPO)
        for path in (REPO / "cryo_check").rglob("*.py")
        if path.name != "errors.py"
        and re.search(r"^EXIT_\w+ = ", path.read_text(encoding="utf-8"), re.M)
    ]
    assert elsewhere == []
    section = PAGES["docs/reliability.md"].split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = {int(c) for c in re.findall(r"^\| (\d+) \|", section, re.M)}
    assert documented == codes


def test_the_readme_reads_the_same_on_a_package_index() -> None:
    # PyPI shows the README without the repository beside it: a relative link breaks there.
    # In-page anchors work anywhere; pictures are the documented exception (docs/images/ is in
    # the sdist, and the project has no public URL to point them at yet).
    links = re.findall(r"(!?)\[[^\]]*\]\(([^)\s]+)\)", README)
    for image, link in links:
        assert link.startswith(("https://", "#")) or (
            image and link.startswith("docs/images/") and (REPO / link).is_file()
        ), link


def test_the_readme_names_every_guide_and_the_guides_links_resolve() -> None:
    # The README names the guides (a relative link would break on a package index); the
    # guides link to each other and to their pictures, relative to docs/.
    for name in GUIDES:
        assert f"`docs/{name}`" in README, name
    for name in GUIDES:
        text = PAGES[f"docs/{name}"]
        for link in re.findall(r"\]\(([^)\s]+)\)", text):
            if link.startswith(("https://", "#")):
                continue
            target, _, anchor = link.partition("#")
            assert (REPO / "docs" / target).is_file(), (name, link)
            if anchor:
                headings = (REPO / "docs" / target).read_text(encoding="utf-8")
                slugs = {
                    re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-")
                    for h in re.findall(r"^#+ (.+)$", headings, re.M)
                }
                assert anchor in slugs, (name, link)
