"""The debrief as data, shared by both front ends and by the class comparison: the ending and how history
differs from it, every post's result beside what really happened ("your year against history"), the epilogue,
the questions, and the student's own reflections.

Like ``game.text`` it imports only the engine, so the plain front end, the TUI and ``compare`` all build the
same debrief and differ only in layout. Every piece of history carries its source keys; the wording around it
("How history differs", "Your year") is written here once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.engine import GameState
from game.engine.data import Country, Scenario, label
from game.engine.expr import Env

#: The labels the debrief puts before its kinds of text; written once, used by every rendering.
HISTORY_DIFFERS = "How history differs"
WHAT_HAPPENED = "What happened"
YOUR_YEAR = "Your year against history"
#: The debrief's other headings, as both front ends show them.
OBJECTIVES = "What you set out to learn"
QUESTIONS = "Questions for discussion"
RECORD_SAVED = "Your game record is saved in"
MATCHES = "your year ended the same way"
DIFFERS = "your year did not end that way: here the model's result differs from history"


@dataclass(frozen=True)
class Item:
    """One piece of debrief text: a label ('What happened'), the text, and the source keys it rests on."""

    label: str
    text: str
    sources: tuple[str, ...] = ()

    def line(self) -> str:
        """The item as one line of prose: 'Label: text (sources: A, B)'."""
        head = f"{self.label}: " if self.label else ""
        return f"{head}{self.text}{sources_text(self.sources)}"


@dataclass(frozen=True)
class PostResult:
    """A post's result at the end of the game beside what really happened there."""

    country: Country
    index: int
    matched: bool | None  # None: the scenario gives no outcome to compare with

    @property
    def verdict(self) -> str:
        return "" if self.matched is None else (MATCHES if self.matched else DIFFERS)


@dataclass(frozen=True)
class Post:
    result: PostResult
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Debrief:
    ending: tuple[Item, ...]  # the ending's title and text, then how history differs
    summary: str  # "At 7 of the 9 posts you ran, your year ended as history did; ..."; empty without outcomes
    posts: tuple[Post, ...]
    reflections: tuple[Item, ...]
    epilogue: Item | None
    objectives: tuple[str, ...]
    questions: tuple[str, ...]
    source_questions: tuple[Item, ...]


def posts_title(deb: Debrief) -> str:
    """What the list of every post's result is called: beside what really happened only where the scenario
    says what did (a scenario that names no history, aftermath or outcome at any post promises none)."""
    beside = " beside what really happened" if any(post.items for post in deb.posts) else ""
    return f"Your result at every post{beside}"


def sources_text(keys: Sequence[str]) -> str:
    """' (sources: PL, IK11)', ' (source: PL)', or '' for none."""
    if not keys:
        return ""
    return f" ({'source' if len(keys) == 1 else 'sources'}: {', '.join(keys)})"


def _env(state: GameState) -> Env:
    sc = state.scenario
    year, month = sc.month_of(min(state.turn, sc.turns))
    g = [state.climate, state.capital, state.economy, float(state.turn), float(sc.turns), float(month), float(year)]
    return sc.env([list(row) for row in state.values], g)


def year_against_history(state: GameState) -> tuple[PostResult, ...]:
    """Every post's end result beside its historical outcome: matched, differs, or None (no outcome given)."""
    env = _env(state)
    out: list[PostResult] = []
    for ci, country in enumerate(state.scenario.countries):
        matched: bool | None = None
        if country.outcome_when is not None:
            env.i = ci
            matched = country.outcome_when(env) != 0
        out.append(PostResult(country, ci, matched))
    return tuple(out)


def history_summary(results: Sequence[PostResult], question: str = "") -> str:
    """'At 7 of the 9 posts you ran, your year ended as history did; at 2 the model's result differs from
    history: Warsaw, Hanoi.' and, where any differs, the scenario's question why."""
    run = [r for r in results if r.country.acts and r.matched is not None]
    if not run:
        return ""
    same = [r for r in run if r.matched]
    differ = [r.country.post for r in run if not r.matched]
    text = f"At {len(same)} of the {len(run)} posts you ran, your year ended as history did"
    if differ:
        text += f"; at {len(differ)} the model's result differs from history: {', '.join(differ)}"
    return text + "." + (f" {question}" if differ and question else "")


def reflection_items(sc: Scenario, reflections: Sequence[tuple[int, str]]) -> tuple[Item, ...]:
    """The student's own monthly lines, labelled with their month."""
    return tuple(Item(sc.month_label(turn), text) for turn, text in reflections if text.strip())


def build(state: GameState, reflections: Sequence[tuple[int, str]] = ()) -> Debrief:
    """The whole debrief of a finished game (``reflections``: the student's (turn, line) pairs, if any)."""
    sc = state.scenario
    ending: list[Item] = []
    if state.ending:
        e = sc.ending(state.ending)
        ending.append(Item("", e.text))
        if e.history:
            ending.append(Item(HISTORY_DIFFERS, e.history, e.history_sources))
    results = year_against_history(state)
    posts: list[Post] = []
    for r in results:
        c = r.country
        items: list[Item] = []
        if c.history:
            items.append(Item(WHAT_HAPPENED, c.history, c.history_sources))
        if c.aftermath:
            items.append(Item(label(sc.words.afterwards), c.aftermath, c.aftermath_sources))
        if r.matched is not None:
            items.append(Item(YOUR_YEAR, f"in history it {c.outcome}; {r.verdict}.", c.outcome_sources))
        posts.append(Post(r, tuple(items)))
    return Debrief(
        ending=tuple(ending), summary=history_summary(results, sc.differs), posts=tuple(posts),
        reflections=reflection_items(sc, reflections),
        epilogue=Item("", sc.epilogue, sc.epilogue_sources) if sc.epilogue else None,
        objectives=sc.objectives, questions=sc.questions,
        source_questions=tuple(Item(q.topic, q.text, q.sources) for q in sc.source_questions))


# --- the teacher's guide: the questions and their notes, generated from the scenario ----------------------

GUIDE_BEGIN = ("<!-- questions: generated by `python -m game.debrief` from scenarios/directive-1980.toml; "
               "do not edit -->")
GUIDE_END = "<!-- questions: end -->"


def guide_questions(sc: Scenario) -> str:
    """The debrief's questions with their teacher's notes, as the Markdown block of docs/teachers-guide.md."""
    lines = [GUIDE_BEGIN, ""]
    if sc.questions:
        lines += ["**Questions for discussion** (the debrief shows them too)", ""]
        for k, q in enumerate(sc.questions, 1):
            lines.append(f"{k}. {q}")
            if k <= len(sc.notes):
                lines += ["", f"   *Note for the teacher:* {sc.notes[k - 1]}"]
            lines.append("")
    if sc.source_questions:
        lines += [f"**The {sc.words.reference} as a source**", ""]
        for k, sq in enumerate(sc.source_questions, 1):
            lines.append(f"{k}. *{sq.topic}.* {sq.text}{sources_text(sq.sources)}")
            if sq.note:
                lines += ["", f"   *Note for the teacher:* {sq.note}"]
            lines.append("")
    lines.append(GUIDE_END)
    return "\n".join(lines)


def update_guide(guide: str, sc: Scenario) -> str:
    """The guide's text with its generated block replaced (ValueError if the markers are missing)."""
    start, end = guide.find(GUIDE_BEGIN), guide.find(GUIDE_END)
    if start < 0 or end < start:
        raise ValueError("the guide has no generated questions block (its begin and end markers)")
    return guide[:start] + guide_questions(sc) + guide[end + len(GUIDE_END):]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m game.debrief [SCENARIO] [GUIDE]``: rewrite the guide's questions block from the scenario."""
    import sys
    from pathlib import Path

    from game.scenario import load

    args = list(sys.argv[1:] if argv is None else argv)
    scenario = Path(args[0]) if args else Path("scenarios/directive-1980.toml")
    guide = Path(args[1]) if len(args) > 1 else Path("docs/teachers-guide.md")
    guide.write_text(update_guide(guide.read_text(encoding="utf-8"), load(scenario)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
