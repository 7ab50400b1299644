"""The quiz's conversation (``cryo-check quiz``): imported only when a quiz runs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from rich.text import Text

from cryo_check.core.quiz import QuizCase
from cryo_check.core.ruleset import (
    COMMONLY,
    INSUFFICIENT,
    MAY,
    NOT_COVERED,
    NOT_TYPICALLY,
    RuleSet,
)
from cryo_check.core.scoring import VERDICT_WORDS, read_prediction
from cryo_check.errors import AnswerError, InputError

#: What stops the quiz at the prompt (so does the end of input, Ctrl-D).
STOP = ("q", "quit")


class Quiz:
    """The conversation: a case, a prediction (asked, or the next one given), the answer."""

    def __init__(
        self, rules: RuleSet, out: TextIO, inp: TextIO, given: Iterator[str] | None
    ) -> None:
        from cryo_check.render.text import make_console

        self.rules = rules
        self.console = make_console(out)
        self.inp = inp
        self.given = given

    def run(self, cases: list[QuizCase]) -> None:
        from cryo_check.render.rules import disclaimer_panel

        right = asked = 0
        for number, case in enumerate(cases, start=1):
            self.show(case, number, len(cases))
            predicted = self.prediction()
            if predicted is None:
                break  # stopped (q, or the end of input): the score so far
            asked += 1
            right += self.answer(case, predicted)
        self.console.rule()
        self.console.print(
            Text(f"Score: {right} out of {asked} agree with what the documents support", "bold")
        )
        self.console.print()
        self.console.print(disclaimer_panel())

    def show(self, case: QuizCase, number: int, total: int) -> None:
        # A scenario's title is not shown: some titles give the answer away.
        self.console.rule()
        self.console.print(Text(f"Case {number} of {total}", style="bold"))
        if case.story:
            self.console.print(Text(case.story))
        for label, answer in case.shown:
            self.console.print(Text(f"  {label}: {answer}"))
        self.console.print(Text("What do the documents support?"))
        for choice in CHOICES_SHOWN:
            self.console.print(Text(f"  {choice}"))

    def prediction(self) -> str | None:
        """The verdict predicted, asked until it reads as one; None to stop."""
        if self.given is not None:
            written = next(self.given)
            self.console.print(Text(f"Prediction: {written}"))
            try:
                return read_choice(written)
            except AnswerError as exc:
                raise InputError("--prediction", exc.message, exc.fix) from None
        while True:
            self.console.print(Text("Your prediction (1-5, or in words; q to stop): "), end="")
            self.console.file.flush()
            line = self.inp.readline()
            if not line or line.strip().lower() in STOP:
                self.console.print()
                return None
            try:
                return read_choice(line)
            except AnswerError as exc:
                self.console.print(Text(f"{exc.message}: {exc.fix}."))

    def answer(self, case: QuizCase, predicted: str) -> bool:
        """Say what the documents support and why; True when the prediction agrees."""
        from cryo_check.core.scoring import VERDICT_WORDS, score, supported_words
        from cryo_check.render.teaching import deciding_lines
        from cryo_check.render.text import bullets

        result = case.result
        supported = supported_words(result)
        agrees = predicted == result.verdict
        if agrees:
            self.console.print(Text(f"Yes: the documents support '{supported}'.", "bold"))
        else:
            self.console.print(
                Text(
                    f"Not this time: the documents support '{supported}', "
                    f"not '{VERDICT_WORDS[predicted]}'.",
                    "bold",
                )
            )
        self.console.print(Text("What decided it:"))
        self.console.print(bullets(deciding_lines(result, self.rules)))
        if not agrees and result.cancer is not None:
            scored = score(self.rules, result.cancer, result.answers, predicted)
            if scored.right_if:
                self.console.print(Text(f"Your prediction would fit if {scored.right_if}."))
        return agrees


#: The verdicts as the quiz offers them, numbered.
CHOICES = (COMMONLY, MAY, NOT_TYPICALLY, NOT_COVERED, INSUFFICIENT)
CHOICES_SHOWN = tuple(f"{n} {VERDICT_WORDS[v]}" for n, v in enumerate(CHOICES, start=1))


def read_choice(text: str) -> str:
    """A prediction by its number in ``CHOICES`` or in words (``read_prediction``)."""
    stripped = text.strip()
    if stripped.isdigit() and 1 <= int(stripped) <= len(CHOICES):
        return CHOICES[int(stripped) - 1]
    return read_prediction(stripped)
