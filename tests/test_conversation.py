"""Whole conversations at a real 80x24 terminal: read-back before the verdict, `back`,
changing a line, `?`, units, numbers after a refused stage word, Ctrl-C and Ctrl-D.

What is asserted is what a person sees: the screen (pyte is not needed: the program writes
lines, never moves the cursor), read from the pseudo-terminal's output.
"""

from __future__ import annotations

import io
import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest

pytestmark = pytest.mark.slow

TIMEOUT = 15
READ_BACK = "This is what I understood:"
CONFIRM = "Enter if this is right, or a line's number to change it ["
CANCER_PROMPT = "Cancer type [a name, ? for the list, Enter for unknown]: "
STAGE_PROMPT = "Stage [a-d or a name, Enter for unknown]: "
SIZE_PROMPT = "Tumour size [? for help, Enter for unknown]: "
FIT_PROMPT = "Fit enough for surgery [1-3 or a name, Enter for unknown]: "


class Screen:
    def __init__(self, child: Any, log: io.StringIO) -> None:
        self.child = child
        self.log = log

    def answer(self, prompt: str, text: str) -> None:
        self.child.expect_exact(prompt)
        self.child.sendline(text)

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        status: int | None = self.child.exitstatus
        assert status is not None
        return status

    @property
    def text(self) -> str:
        return self.log.getvalue().replace("\r\n", "\n")


@pytest.fixture
def run(tmp_path: Path) -> Iterator[Any]:
    children: list[Any] = []

    def spawn(*args: str) -> Screen:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CRYO_CHECK")}
        env.update({"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "80", "LINES": "24"})
        env.pop("FORCE_COLOR", None)
        log = io.StringIO()
        child = pexpect.spawn(
            sys.executable,
            ["-m", "cryo_check", "check", *args],
            cwd=str(tmp_path),
            env=env,
            encoding="utf-8",
            timeout=TIMEOUT,
            dimensions=(24, 80),
        )
        child.logfile_read = log
        children.append(child)
        return Screen(child, log)

    yield spawn
    for child in children:
        if not child.closed:
            child.close(force=True)


def read_back(screen: Screen) -> list[str]:
    """The lines of the last read-back shown."""
    block = screen.text.rsplit(READ_BACK, 1)[1].split(CONFIRM)[0]
    return [line.strip() for line in block.strip().splitlines()]


def test_answers_are_read_back_with_how_each_was_read_before_any_verdict(run: Any) -> None:
    screen = run()
    screen.answer(CANCER_PROMPT, "my dad's renal cancer")
    screen.answer(STAGE_PROMPT, "a")
    screen.answer(SIZE_PROMPT, "35mm")
    screen.answer(FIT_PROMPT, "2")
    screen.expect(CONFIRM)
    assert read_back(screen) == [
        "1  Cancer type: Kidney cancer, read from 'my dad's renal cancer'",
        "2  Stage: early stage (you chose a)",
        "3  Tumour size: 3.5 cm (from 35mm)",
        "4  Fit enough for surgery: not fit enough for surgery (you chose 2)",
    ]
    assert "Verdict:" not in screen.text  # nothing decided from answers not read back
    screen.child.sendline("")
    screen.expect("Verdict: Cryotherapy is commonly considered")
    assert screen.finish() == 0


def test_a_lines_number_changes_that_answer_and_the_read_back_follows(run: Any) -> None:
    screen = run("--cancer", "kidney", "--fit-for-surgery", "no")
    screen.answer(STAGE_PROMPT, "a")
    screen.answer(SIZE_PROMPT, "3cm")
    screen.answer(CONFIRM, "2")  # the stage's line
    screen.answer(STAGE_PROMPT, "c")
    screen.expect(CONFIRM)
    assert read_back(screen)[1] == "2  Stage: has spread (you chose c)"
    assert read_back(screen)[0] == "1  Cancer type: Kidney cancer (given as an option)"
    screen.child.sendline("")
    screen.expect("Verdict: Cryotherapy is not typically considered")
    assert screen.finish() == 0


@pytest.mark.parametrize("where", ["at the size prompt", "at the read-back"])
def test_back_returns_to_the_previous_question(run: Any, where: str) -> None:
    screen = run("--cancer", "kidney", "--fit-for-surgery", "no")
    screen.answer(STAGE_PROMPT, "b")  # locally advanced: size is then not asked
    if where == "at the read-back":
        screen.answer(CONFIRM, "back")
    screen.expect(READ_BACK) if where != "at the read-back" else None
    if where == "at the size prompt":
        screen.answer(CONFIRM, "back")
    screen.answer(STAGE_PROMPT, "a")  # asked again
    screen.answer(SIZE_PROMPT, "back")  # and back once more, to the stage
    screen.answer(STAGE_PROMPT, "early")
    screen.answer(SIZE_PROMPT, "3cm")
    screen.answer(CONFIRM, "")
    screen.expect("Verdict: Cryotherapy is commonly considered")
    assert screen.finish() == 0


def test_back_at_the_first_question_says_so(run: Any) -> None:
    screen = run("--stage", "spread")
    screen.answer(CANCER_PROMPT, "back")
    screen.expect("This is the first question.")
    screen.answer(CANCER_PROMPT, "kidney")
    screen.answer(CONFIRM, "")
    assert screen.finish() == 0


@pytest.mark.parametrize(("unit", "verdict"), [("mm", "commonly"), ("cm", "not typically")])
def test_a_bare_number_at_the_size_prompt_asks_for_its_unit(
    run: Any, unit: str, verdict: str
) -> None:
    screen = run("--cancer", "kidney", "--stage", "early", "--fit-for-surgery", "no")
    screen.answer(SIZE_PROMPT, "35")
    screen.answer("35 what? No unit was given [cm, mm or in]: ", unit)
    screen.expect(CONFIRM)
    size = "3.5" if unit == "mm" else "35"
    assert read_back(screen)[2] == f"3  Tumour size: {size} cm (you typed 35, then {unit})"
    screen.child.sendline("")
    screen.expect(f"Verdict: Cryotherapy is {verdict} considered")
    assert screen.finish() == 0


@pytest.mark.parametrize(
    ("typed", "told"),
    [
        ("3 x 2 cm", "'3 x 2 cm' gives more than one measurement: give the largest size across"),
        ("about 3cm", "'about 3cm' is not read: 'about' makes it a guess or a range"),
        ("<4cm", "'<4cm' is not read: '<' makes it a guess or a range"),
    ],
)
def test_sizes_as_people_write_them_are_explained_and_asked_again(
    run: Any, typed: str, told: str
) -> None:
    screen = run("--cancer", "kidney", "--stage", "early", "--fit-for-surgery", "no")
    screen.answer(SIZE_PROMPT, typed)
    screen.expect(told.split(": ")[0])
    screen.answer(SIZE_PROMPT, "3cm")
    screen.answer(CONFIRM, "")
    screen.expect("Verdict: Cryotherapy is commonly considered")
    assert screen.finish() == 0
    assert told in " ".join(screen.text.split())


def test_a_number_after_a_refused_stage_word_is_a_stage_never_a_list_position(run: Any) -> None:
    screen = run("--size", "3cm", "--fit-for-surgery", "no")
    screen.answer(CANCER_PROMPT, "liver cancer stage 2")
    screen.expect("Reading it as Liver cancer; the stage is asked on its own.")
    screen.answer(STAGE_PROMPT, "2")  # still stage 2: refused with why, not item 2
    screen.expect("the documents give no numbered stages")
    screen.answer(STAGE_PROMPT, "a")
    screen.answer(CONFIRM, "")
    screen.expect("Verdict: Cryotherapy may be considered")
    assert screen.finish() == 0
    assert "not typically" not in screen.text


def test_after_a_question_mark_the_prompt_names_the_numbers_on_the_screen(run: Any) -> None:
    screen = run("--stage", "spread")
    screen.answer(CANCER_PROMPT, "skin cancer")
    screen.expect("1  skin-bcc")
    screen.answer("Cancer type [1-2, a name, ? for all, Enter for unknown]: ", "?")
    screen.expect("10  skin-scc")
    screen.answer("Cancer type [1-10, a name, Enter for unknown]: ", "10")
    screen.answer(CONFIRM, "")
    screen.expect("Cryotherapy: Squamous cell carcinoma (skin cancer)")
    assert screen.finish() == 0
    assert "Bone cancer" not in screen.text.split(READ_BACK)[1]


@pytest.mark.parametrize(("reply", "heading"), [("y", "Prostate cancer"), ("yes", "Prostate")])
def test_y_answers_did_you_mean(run: Any, reply: str, heading: str) -> None:
    screen = run("--stage", "spread")
    screen.answer(CANCER_PROMPT, "prostrate")
    screen.expect("did you mean 'prostate'?")
    screen.answer("Cancer type [1 or y, a name, ? for all, Enter for unknown]: ", reply)
    # Read back as typed, with the yes that settled it (never "read from 'y'").
    screen.expect(f"Prostate cancer, read from 'prostrate' (you said {reply}")
    screen.answer(CONFIRM, "")
    screen.expect(f"Cryotherapy: {heading}")
    assert screen.finish() == 0


def test_n_at_did_you_mean_asks_for_the_name_again(run: Any) -> None:
    screen = run("--stage", "spread")
    screen.answer(CANCER_PROMPT, "prostrate")
    screen.answer("Cancer type [1 or y, a name, ? for all, Enter for unknown]: ", "n")
    screen.expect("Type the name again, or ? for the list.")
    screen.answer(CANCER_PROMPT, "kidney")
    screen.answer(CONFIRM, "")
    screen.expect("Cryotherapy: Kidney cancer")
    assert screen.finish() == 0


def test_ctrl_c_at_the_read_back_exits_130_with_no_verdict(run: Any) -> None:
    screen = run("--cancer", "kidney")
    screen.answer(STAGE_PROMPT, "spread")
    screen.expect(CONFIRM)
    screen.child.sendintr()
    screen.expect("cryo-check: interrupted")
    assert screen.finish() == 130
    assert "Verdict:" not in screen.text
    assert "Traceback" not in screen.text


def test_ctrl_d_at_the_read_back_is_one_line_and_no_verdict(run: Any) -> None:
    screen = run("--cancer", "kidney")
    screen.answer(STAGE_PROMPT, "spread")
    screen.expect(CONFIRM)
    screen.child.sendeof()
    screen.expect("cryo-check: error: the read-back: no answer given (end of input)")
    assert screen.finish() == 2
    assert "Verdict:" not in screen.text
    assert "Traceback" not in screen.text


def test_the_card_after_a_conversation_fits_the_screen(run: Any) -> None:
    screen = run("--cancer", "kidney")
    screen.answer(STAGE_PROMPT, "a")
    screen.answer(SIZE_PROMPT, "28mm")
    screen.answer(FIT_PROMPT, "")
    screen.answer(CONFIRM, "")
    assert screen.finish() == 0
    card = screen.text.split(CONFIRM)[-1].splitlines()[1:]
    assert len(card) <= 23
    assert card[1].startswith("Verdict: Not enough information to say yet: every answer to")
    assert max(len(line) for line in card) <= 80


def test_messages_and_prompts_break_at_words_at_80_columns(run: Any) -> None:
    screen = run("--size", "3cm", "--fit-for-surgery", "no")
    screen.answer(CANCER_PROMPT, "liver cancer stage 2")
    screen.answer(STAGE_PROMPT, "2")
    screen.answer(STAGE_PROMPT, "a")
    screen.answer(CONFIRM, "")
    assert screen.finish() == 0
    lines = screen.text.splitlines()
    assert max(len(line) for line in lines) <= 80
    # No word of the message is split across two lines ("sta / ge").
    from cryo_check.rulebook.loader import shipped_rules

    stage = shipped_rules().question("stage")
    said = {w.strip('.,:;"') for u in stage.unclear for w in u.why.split()}
    for first, second in itertools.pairwise(lines):
        if first.split() and second.split():
            joined = (first.split()[-1] + second.split()[0]).strip('.,:;"')
            assert joined not in said, (first, second)
    assert "  'stage 2', which does not say which" not in screen.text  # not cut mid-word
    assert 'they speak\n  of cancer "still in a relatively early stage"' in screen.text


def test_a_question_mark_explains_the_question_in_the_documents_words(run: Any) -> None:
    screen = run("--cancer", "kidney", "--size", "3cm", "--fit-for-surgery", "no")
    screen.answer(STAGE_PROMPT, "?")
    screen.expect("d  unknown")
    flat = " ".join(screen.text.split())
    assert (
        "What the documents say: “Cryotherapy is used to treat small, early stage kidney "
        "cancers less than 4cm across.” (kidney-page)"
    ) in flat
    assert 'Note: the documents do not define "early stage" or say how stages map to it' in flat
    screen.answer(STAGE_PROMPT, "a")
    screen.answer(CONFIRM, "")
    assert screen.finish() == 0


@pytest.mark.parametrize("typed", ["he has a bad heart", "bad heart"])
def test_free_text_for_fitness_says_it_is_for_the_care_team_and_lists_the_answers(
    run: Any, typed: str
) -> None:
    screen = run("--cancer", "kidney", "--stage", "early", "--size", "3cm")
    screen.answer(FIT_PROMPT, typed)
    screen.expect("Answer yes, no, unknown (Enter if not known), or ? for more.")
    flat = " ".join(screen.text.split())
    assert (
        f"cryo-check does not judge what '{typed}' means for “Is the person fit enough for "
        "surgery?”: that is for the care team to say."
    ) in flat
    assert "“So it's used for people who are not fit enough for surgery.” (kidney-page)" in flat
    assert "not a valid answer" not in flat
    screen.answer(FIT_PROMPT, "")
    screen.answer(CONFIRM, "")
    screen.expect("Verdict: Not enough information to say yet")
    assert screen.finish() == 0


def test_a_number_with_no_list_on_the_screen_picks_nothing(run: Any) -> None:
    screen = run("--stage", "spread")
    screen.answer(CANCER_PROMPT, "4")
    screen.expect("4 is not a name: type ? to see the numbered list.")
    screen.answer(CANCER_PROMPT, "?")
    screen.answer("Cancer type [1-10, a name, Enter for unknown]: ", "4")
    screen.answer(CONFIRM, "")
    screen.expect("Cryotherapy: Kidney cancer")
    assert screen.finish() == 0
    assert read_back(screen) == [
        "1  Cancer type: Kidney cancer (you chose 4)",
        "2  Stage: has spread (given as an option)",
    ]


# An answer given before the prompts is read back with where it came from; a size given as a
# number alone says the unit it was read in, at the read-back, where it can still be changed.
GIVEN_BEFORE = [
    (("--size", "3"), None, "Tumour size: 3 cm (given as an option: no unit was given, so it"),
    (("--size", "35mm"), None, "Tumour size: 3.5 cm (given as an option)"),
    (("--answers", "case.yaml"), "size: 3\n", "Tumour size: 3 cm (from case.yaml:1: no unit was"),
    (("--answers", "case.yaml"), "size: 3cm\n", "Tumour size: 3 cm (from case.yaml:1)"),
]


@pytest.mark.parametrize(("args", "file", "line"), GIVEN_BEFORE)
def test_an_answer_given_before_is_read_back_with_where_and_how_it_was_read(
    run: Any, tmp_path: Path, args: tuple[str, ...], file: str | None, line: str
) -> None:
    if file is not None:
        (tmp_path / "case.yaml").write_text(file, encoding="utf-8")
    screen = run("--cancer", "kidney", *args)
    screen.answer(STAGE_PROMPT, "a")
    screen.answer(FIT_PROMPT, "2")
    screen.expect(CONFIRM)
    assert any(shown.startswith(f"3  {line}") for shown in read_back(screen)), read_back(screen)
    screen.child.sendline("")
    screen.expect("Verdict: ")
    assert screen.finish() == 0
