"""The balance report: from the batch's tallies to findings in plain language, then the numbers.

``analyse`` turns the tallies into a ``Report`` (findings and statistics); ``render_text`` writes it for a
teacher, ``to_json`` as the versioned document described in docs/simulate-json.md.
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine.data import Scenario
from game.sim.batch import Settings, Tally

__all__ = ["JSON_FORMAT", "JSON_VERSION", "Finding", "Report", "analyse", "render_text", "to_json"]

JSON_FORMAT = "ambassador-balance-report"
JSON_VERSION = 1
#: How close (in score points) a fixed policy may come to the strong one before it counts as winning.
DEFAULT_MARGIN = 2.0
_PERCENTILES = (10, 25, 50, 75, 90)
_LAZY = {
    "ignore": ("Always doing nothing", "Make unanswered outreach hurt more (raise the cards' effects), or make "
               "the responses that answer it cheaper or stronger (capital, block)."),
    "hardline": ("Always the most coercive response", "Make coercion cost more later: raise the resentment "
                 "coercive responses add (their effects), lower their block, or make the rules by which "
                 "resentment erodes alignment bite harder."),
    "random": ("Choosing at random", "Choices barely matter: widen the gap between good and bad answers (the "
               "responses' block, the cards' block overrides, the effects of cards)."),
}
#: Greedy thinks (one month ahead), so it is not a lazy strategy; coming close to strong is worth a note only.
_SHORT_VIEW = ("If you want planning ahead to pay more, make consequences arrive later, for example with rules "
               "in which resentment or China ties erode alignment month after month.")


@dataclass(frozen=True)
class Finding:
    """One thing the report says, and what to change."""

    kind: str  # lazy_strategy_wins, never_worth_it, never_occurred, note, ok
    subject: str  # e.g. "policy:hardline", "response:vigilance", "card:trade_promises"
    message: str
    advice: str = ""

    @property
    def problem(self) -> bool:
        return self.kind not in ("ok", "note")


@dataclass(frozen=True)
class Score:
    mean: float
    sd: float
    min: int
    max: int
    percentiles: dict[int, int]


@dataclass(frozen=True)
class Occurrence:
    """An item across the games: in what share it occurred, how often, and its median turn."""

    id: str
    games: int
    share: float
    occurrences: int
    median_turn: int | None


@dataclass
class PolicyStats:
    id: str
    name: str
    summary: str
    games: int
    score: Score
    endings: dict[str, int]
    final_alignment: dict[str, float]
    responses: list[Occurrence]
    initiatives: list[Occurrence]


@dataclass
class Report:
    scenario: Scenario
    settings: Settings
    margin: float
    policies: list[PolicyStats]
    cards: list[Occurrence]
    events: list[Occurrence]
    endings: list[Occurrence]
    findings: list[Finding] = field(default_factory=list)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.problem]


# --- statistics --------------------------------------------------------------------------------------------

def _score(hist: Counter[int]) -> Score:
    n = sum(hist.values())
    if n == 0:
        return Score(0.0, 0.0, 0, 0, dict.fromkeys(_PERCENTILES, 0))
    mean = sum(s * c for s, c in hist.items()) / n
    var = sum(c * (s - mean) ** 2 for s, c in hist.items()) / n
    ordered = sorted(hist.items())
    pct: dict[int, int] = {}
    for p in _PERCENTILES:
        rank = max(1, math.ceil(p / 100 * n))  # nearest rank
        seen = 0
        for s, c in ordered:
            seen += c
            if seen >= rank:
                pct[p] = s
                break
    return Score(mean, math.sqrt(var), ordered[0][0], ordered[-1][0], pct)


def _median_turn(hist: list[int] | None) -> int | None:
    if not hist or not sum(hist):
        return None
    half = (sum(hist) + 1) // 2
    seen = 0
    for turn, n in enumerate(hist):
        seen += n
        if seen >= half:
            return turn
    return None  # pragma: no cover - unreachable


def _occurrences(ids: list[str], tallies: list[Tally], kind: str) -> list[Occurrence]:
    total = sum(t.games for t in tallies)
    out: list[Occurrence] = []
    for item in ids:
        games = sum(t.games_with.get(kind, {}).get(item, 0) for t in tallies)
        hist: list[int] | None = None
        for t in tallies:
            h = t.turns.get(kind, {}).get(item)
            if h is not None:
                hist = list(h) if hist is None else [a + b for a, b in zip(hist, h, strict=True)]
        out.append(Occurrence(item, games, games / total if total else 0.0, sum(hist) if hist else 0,
                              _median_turn(hist)))
    return out


def analyse(scenario: Scenario, settings: Settings, tallies: dict[str, Tally],
            margin: float = DEFAULT_MARGIN) -> Report:
    from game.sim.policies import make_policy

    sc = scenario
    stats: list[PolicyStats] = []
    for name, tally in tallies.items():
        pol = make_policy(name, sc)
        n = tally.games or 1
        stats.append(PolicyStats(
            id=name, name=pol.name, summary=pol.summary, games=tally.games, score=_score(tally.scores),
            endings={e.id: tally.endings.get(e.id, 0) for e in sc.endings},
            final_alignment={c.id: tally.final_alignment[i] / n for i, c in enumerate(sc.countries)},
            responses=_occurrences([r.id for r in sc.responses], [tally], "responses"),
            initiatives=_occurrences([i.id for i in sc.initiatives], [tally], "initiatives")))
    every = list(tallies.values())
    report = Report(sc, settings, margin, stats,
                    cards=_occurrences([c.id for c in sc.cards], every, "cards"),
                    events=_occurrences([e.id for e in sc.events], every, "events"),
                    endings=_occurrences([e.id for e in sc.endings], every, "endings"))
    report.findings = _findings(report, tallies)
    return report


# --- findings ----------------------------------------------------------------------------------------------

def _findings(report: Report, tallies: dict[str, Tally]) -> list[Finding]:
    sc = report.scenario
    out: list[Finding] = []
    total = sum(p.games for p in report.policies)
    by_id = {p.id: p for p in report.policies}
    strong = by_id.get("strong")
    if strong is not None and strong.games:
        lazy = []
        for p in report.policies:
            if p is strong or not p.games:
                continue
            gap = strong.score.mean - p.score.mean
            if gap <= report.margin and p.id == "greedy":
                out.append(Finding(
                    "note", "policy:greedy",
                    f"Thinking one month ahead is nearly enough: greedy averages {p.score.mean:.1f}, within "
                    f"{_pts(max(gap, 0.0))} of the lookahead policy (strong, {strong.score.mean:.1f}). Not a "
                    "lazy strategy, since it weighs every choice, but the long view adds little.", _SHORT_VIEW))
            elif gap <= report.margin:
                what, advice = _LAZY.get(p.id, (f"The scripted policy {p.name!r}", "A fixed line plays as well "
                                                "as thinking ahead: make its preferred responses cost more, or "
                                                "their side effects heavier, where they should not be the "
                                                "answer."))
                lazy.append(p.id)
                better = "scores more than" if gap < 0 else "comes within " + _pts(gap) + " of"
                out.append(Finding(
                    "lazy_strategy_wins", f"policy:{p.id}",
                    f"A lazy strategy wins. {what} ({p.id}) averages {p.score.mean:.1f} and {better} the "
                    f"lookahead policy (strong, {strong.score.mean:.1f}); the margin is {_pts(report.margin)}.",
                    advice))
        others = [strong.score.mean - p.score.mean for p in report.policies
                  if p is not strong and p.id != "greedy" and p.games]
        if not lazy and others:
            worst_gap = min(others)
            out.append(Finding("ok", "dominance", f"No lazy strategy wins: every fixed policy scores at least "
                                                  f"{_pts(worst_gap)} below the lookahead policy."))
        chosen = {o.id for o in strong.responses if o.games}
        for r in sc.responses:
            if r.id not in chosen:
                out.append(Finding(
                    "never_worth_it", f"response:{r.id}",
                    f"Never worth it: the lookahead policy never chose {r.name!r} ({r.id}) in "
                    f"{strong.games} games.",
                    "Make it cheaper or stronger (capital, economy, block), or give it a block override on the "
                    "cards it should answer best." if not r.default else
                    "Doing nothing never paid: fine if every card should be answered, but then the budget "
                    "never forces a choice; consider less capital."))
        launched = {o.id for o in strong.initiatives if o.games}
        for ini in sc.initiatives:
            if ini.id not in launched:
                out.append(Finding(
                    "never_worth_it", f"initiative:{ini.id}",
                    f"Never worth it: the lookahead policy never launched {ini.name!r} ({ini.id}) in "
                    f"{strong.games} games.", "Lower its cost or raise its effects."))
    elif report.policies:
        out.append(Finding("ok", "dominance", "Dominance was not checked: add the strong policy to compare "
                                              "the others with a player who thinks ahead."))
    names = {"cards": ("card", "was never drawn", "Check its `when` condition, its `weight` and its groups: "
                       "they may need values the game never reaches."),
             "events": ("event", "never fired", "Check its `when` condition and its `chance`: the values it "
                        "waits for may never get there."),
             "endings": ("ending", "never happened", "Loosen its `when` condition (or the conditions of the "
                         "endings before it, which are tried first).")}
    missing_any = False
    for kind, items in (("cards", report.cards), ("events", report.events), ("endings", report.endings)):
        word, verb, advice = names[kind]
        for o in items:
            if o.games == 0:
                missing_any = True
                out.append(Finding("never_occurred", f"{word}:{o.id}",
                                   f"Never occurred: the {word} {o.id!r} {verb} in {total} games.", advice))
    if not missing_any and total:
        out.append(Finding("ok", "content", "Every card was drawn, every event fired and every ending happened "
                                            "at least once."))
    return out


def _pts(x: float) -> str:
    return f"{x:.1f} point{'s' if abs(x - 1) > 1e-9 else ''}"


# --- text --------------------------------------------------------------------------------------------------

def render_text(report: Report, width: int = 100) -> str:
    sc, st = report.scenario, report.settings
    lines: list[str] = []
    games = ", ".join(f"{p.id} {p.games}" for p in report.policies)
    lines.append(f"Balance report: {sc.title} ({Path(sc.file).name}, sha256 {sc.sha256[:12]})")
    lines.append(f"Games per policy: {games}. Seed {st.seed}.")
    lines.append("")
    problems = report.problems
    lines.append("Verdict: " + ("nothing to change." if not problems else
                                f"{len(problems)} thing{'s' if len(problems) != 1 else ''} to change."))
    wrap = textwrap.TextWrapper(width=width, initial_indent="  ", subsequent_indent="     ")
    for k, f in enumerate(problems, 1):
        wrap.initial_indent = f"  {k}. "
        lines.append(wrap.fill(f.message))
        if f.advice:
            wrap.initial_indent = "     Change: "
            lines.append(wrap.fill(f.advice))
    for f in report.findings:
        if not f.problem:
            wrap.initial_indent = "  ok " if f.kind == "ok" else "  note "
            lines.append(wrap.fill(f.message))
            if f.kind == "note" and f.advice:
                wrap.initial_indent = "     "
                lines.append(wrap.fill(f.advice))
    lines.append("")
    lines.append("Policies")
    for p in report.policies:
        wrap.initial_indent = f"  {p.id}: "
        lines.append(wrap.fill(p.summary if p.summary.endswith(".") else p.summary + "."))
    lines.append("")
    lines.append("Scores (mean ± spread; 10th / 25th / median / 75th / 90th percentile; lowest and highest)")
    w = max(len(p.id) for p in report.policies) if report.policies else 6
    for p in report.policies:
        s = p.score
        pct = " / ".join(str(s.percentiles[q]) for q in _PERCENTILES)
        lines.append(f"  {p.id:<{w}}  {s.mean:6.1f} ± {s.sd:4.1f}   {pct}   ({s.min} to {s.max})")
    lines.append("")
    lines.append("Endings (share of each policy's games)")
    ew = max(len(e.id) for e in sc.endings)
    lines.append("  " + " " * ew + "".join(f"  {p.id[:9]:>9}" for p in report.policies))
    for e in sc.endings:
        row = "".join(f"  {_share(p.endings[e.id], p.games):>9}" for p in report.policies)
        lines.append(f"  {e.id:<{ew}}{row}")
    lines.append("")
    lines.append("Final alignment per country (mean at the end; the start in brackets)")
    cw = max(len(c.id) for c in sc.countries) + 6
    for c in sc.countries:
        row = "".join(f"  {p.final_alignment[c.id]:9.1f}" for p in report.policies)
        label = f"{c.id} ({c.start[0]:g})"
        lines.append(f"  {label:<{cw}}{row}")
    lines.append("")
    lines.append("Responses (share of each policy's answers to cards); initiatives (share of its months)")
    rw = max([len(r.id) for r in sc.responses] + [len(i.id) for i in sc.initiatives])
    answers = {p.id: sum(o.occurrences for o in p.responses) for p in report.policies}
    for k, r in enumerate(sc.responses):
        row = "".join(f"  {_share(p.responses[k].occurrences, answers[p.id]):>9}" for p in report.policies)
        lines.append(f"  {r.id:<{rw}}{row}")
    for k, ini in enumerate(sc.initiatives):
        row = "".join(f"  {_share(p.initiatives[k].occurrences, p.games * sc.turns):>9}" for p in report.policies)
        lines.append(f"  {ini.id:<{rw}}{row}")
    lines.append("")
    lines.append("Content (share of all games it occurred in; median month of its occurrences)")
    for title, items in (("cards", report.cards), ("events", report.events), ("endings", report.endings)):
        if not items:
            continue
        lines.append(f"  {title}")
        iw = max(len(o.id) for o in items)
        for o in items:
            when = f"month {o.median_turn}" if o.median_turn is not None else "never"
            flag = "   <- never occurred" if o.games == 0 else ""
            lines.append(f"    {o.id:<{iw}}  {o.share * 100:5.1f}%  {when}{flag}")
    return "\n".join(lines) + "\n"


def _share(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else "-"


# --- JSON --------------------------------------------------------------------------------------------------

def _occ_json(o: Occurrence) -> dict[str, Any]:
    return {"id": o.id, "games": o.games, "share": round(o.share, 6), "occurrences": o.occurrences,
            "median_turn": o.median_turn}


def to_json(report: Report) -> dict[str, Any]:
    """The report as the versioned document of docs/simulate-json.md."""
    sc, st = report.scenario, report.settings
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "scenario": {"id": sc.id, "title": sc.title, "file": sc.file, "sha256": sc.sha256, "turns": sc.turns},
        "settings": {"games": st.games, "seed": st.seed, "policies": list(st.policies),
                     "slow_games": st.slow_games, "rollouts": st.rollouts, "samples": st.samples,
                     "difficulty": st.difficulty, "margin": report.margin},
        "verdict": {"problems": len(report.problems)},
        "findings": [{"kind": f.kind, "subject": f.subject, "message": f.message, "advice": f.advice}
                     for f in report.findings],
        "policies": [{
            "id": p.id, "name": p.name, "summary": p.summary, "games": p.games,
            "score": {"mean": round(p.score.mean, 6), "sd": round(p.score.sd, 6), "min": p.score.min,
                      "max": p.score.max, "percentiles": {f"p{q}": v for q, v in p.score.percentiles.items()}},
            "endings": {k: {"games": v, "share": round(v / p.games, 6) if p.games else 0.0}
                        for k, v in p.endings.items()},
            "final_alignment": {k: round(v, 6) for k, v in p.final_alignment.items()},
            "responses": [_occ_json(o) for o in p.responses],
            "initiatives": [_occ_json(o) for o in p.initiatives],
        } for p in report.policies],
        "content": {"cards": [_occ_json(o) for o in report.cards],
                    "events": [_occ_json(o) for o in report.events],
                    "endings": [_occ_json(o) for o in report.endings]},
    }
