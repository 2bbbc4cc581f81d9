"""``quiz``: the questions of the page's challenge mode, printed as a worksheet."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from mailsim.commands import EXIT_OK
from mailsim.views.captions import ui

if TYPE_CHECKING:
    from mailsim.views.quiz import Question

LETTERS = "abcd"


def _count_arg(value: str) -> int:
    from mailsim.units import positive_whole_number

    number = positive_whole_number(value)
    if number is None:
        raise argparse.ArgumentTypeError(f"{value!r}: expected a whole number from 1 up")
    return number


def worksheet(questions: Sequence[Question], lang: str, *, scenario: str, seed: int,
              answers: bool = False, lesson: Mapping[str, Any] | None = None) -> str:
    """The questions numbered, options a–d and the step each is about; then the answer
    key with the reasons (``answers``) and the scenario's own questions."""
    out = [ui("quiz.title", lang, scenario=scenario, seed=seed, count=len(questions)), ""]
    if not questions:
        out += [ui("quiz.none", lang), ""]
    for number, q in enumerate(questions, 1):
        phase = ui(f"quiz.phase.{q.phase or 'other'}", lang)
        out.append(f"{number}. {ui('quiz.step', lang, step=q.step, phase=phase)}")
        out.append(f"   {q.prompt[lang]}")
        out += [f"   {LETTERS[k]}) {option[lang]}" for k, option in enumerate(q.options)]
        out.append("")
    if answers and questions:
        out += [ui("quiz.answers", lang), ""]
        for number, q in enumerate(questions, 1):
            out.append(f"{number}. {LETTERS[q.answer]}) {q.options[q.answer][lang]}")
            out += [f"   {q.reason[lang]}", ""]
    own = (lesson or {}).get("questions") or []
    if own:
        out += [ui("quiz.lesson", lang), ""]
        out += [f"- {text.get(lang) or text.get('en', '')}" for text in own]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def cmd_quiz(args: argparse.Namespace) -> int:
    from mailsim.commands.html import page_source
    from mailsim.views.quiz import questions

    trace, _, lesson = page_source(args.source, args.seed)
    chosen = questions(trace, args.count, seed=args.seed)
    print(worksheet(chosen, args.lang, scenario=trace.header.scenario,
                    seed=trace.header.seed if args.seed is None else args.seed,
                    answers=args.answers, lesson=lesson), end="")
    return EXIT_OK


def register(commands: Any) -> None:
    quiz = commands.add_parser(
        "quiz", help="print questions made from a run, for a worksheet (the page's challenge mode)",
        description="Print multiple-choice questions made from a scenario's run (or a saved "
                    "trace), each about one step and meant to be answered before it: who speaks "
                    "next, to which port, which reply code comes back, where the mail is now, "
                    "what the DNS answer is, whether a tap on the link could read the line. The "
                    "same questions as the classroom page's challenge mode (mailsim html).")
    quiz.add_argument("source", nargs="?", metavar="SCENARIO | TRACE.jsonl",
                      help="a scenario (file or bundled name) or a trace file "
                           "(default: the article's route)")
    quiz.add_argument("--lang", choices=("en", "ja"), default="en", help="the worksheet's language")
    quiz.add_argument("-n", "--count", type=_count_arg, default=10, metavar="N",
                      help="how many questions at most (default: 10)")
    quiz.add_argument("--answers", action="store_true",
                      help="add the answer key with the reason for each answer")
    quiz.add_argument("--seed", type=int,
                      help="the run's seed (default: the scenario's); for a saved trace, "
                           "another choice of questions")
    quiz.set_defaults(handler=cmd_quiz)
