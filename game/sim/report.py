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

from game.engine.bounds import Unaffordable, unaffordable
from game.engine.data import Card, Scenario, is_option
from game.engine.expr import Env
from game.files import shown
from game.sim.batch import Settings, Tally

__all__ = ["JSON_FORMAT", "JSON_VERSION", "Finding", "Report", "analyse", "render_text", "to_json"]

JSON_FORMAT = "ambassador-balance-report"
JSON_VERSION = 1
#: How close (in score points) a fixed policy may come to the strong one before it counts as winning.
DEFAULT_MARGIN = 2.0
#: The best ending is "almost never reached" by the lookahead policy below this share of its games, and a lazy
#: policy "reaches it" at or above the other share.
RARE_BEST = 0.05
LAZY_BEST = 0.10
#: A card has "one answer" when the lookahead policy gives the same response in more than this share of its
#: draws (the player then learns a rule, not a judgement).
ONE_ANSWER = 0.80
_PERCENTILES = (10, 25, 50, 75, 90)
_LAZY = {
    "ignore": ("Always doing nothing", "Make unanswered {moves} hurt more (raise the cards' effects), or make "
               "the responses that answer it cheaper or stronger (capital, block)."),
    "hardline": ("Always the most coercive response", "Make coercion cost more later: raise the resentment "
                 "coercive responses add (their effects), lower their block, or make the rules by which "
                 "resentment erodes alignment bite harder."),
    "random": ("Choosing at random", "Choices barely matter: widen the gap between good and bad answers (the "
               "responses' block, the cards' block overrides, the effects of cards)."),
}
#: Greedy thinks (one month ahead), so it is not a lazy strategy; coming close to strong is worth a note only.
_SHORT_VIEW = ("If you want planning ahead to pay more, make consequences arrive later, for example with rules "
               "in which {resentment} or {ties} erode {alignment} month after month.")


@dataclass(frozen=True)
class Finding:
    """One thing the report says, and what to change."""

    kind: str  # see docs/simulate-json.md: lazy_strategy_wins, lazy_reaches_best, best_ending_rare,
    # never_affordable, never_worth_it, never_occurred, note, ok
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
    #: The mean of the aggregate (bloc cohesion) at the end of the game.
    final_cohesion: float
    responses: list[Occurrence]
    initiatives: list[Occurrence]
    #: card id -> response id -> how often this policy answered the card so (cards it answered, scenario order).
    choices: dict[str, dict[str, int]]


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
        final = [tally.final_alignment[i] / n if tally.final_alignment else c.start[0]
                 for i, c in enumerate(sc.countries)]
        stats.append(PolicyStats(
            id=name, name=pol.name, summary=pol.summary, games=tally.games, score=_score(tally.scores),
            endings={e.id: tally.endings.get(e.id, 0) for e in sc.endings},
            final_alignment={c.id: final[i] for i, c in enumerate(sc.countries)},
            final_cohesion=_cohesion(sc, final, tally),
            responses=_occurrences([r.id for r in sc.responses], [tally], "responses"),
            initiatives=_occurrences([i.id for i in sc.initiatives], [tally], "initiatives"),
            choices=_choices(sc, tally)))
    every = list(tallies.values())
    report = Report(sc, settings, margin, stats,
                    cards=_occurrences([c.id for c in sc.cards], every, "cards"),
                    events=_occurrences([e.id for e in sc.events], every, "events"),
                    endings=_occurrences([e.id for e in sc.endings], every, "endings"))
    report.findings = _findings(report, tallies)
    return report


def _cohesion(sc: Scenario, alignment: list[float], tally: Tally) -> float:
    """The mean of the games' final aggregate. For the default aggregate, a weighted mean of alignment, it is
    the aggregate of the mean final alignment, computed by the engine's own definition (expr.Env) as it always
    was; a scenario's own aggregate ([scenario] cohesion) need not be linear, so its games' values are
    averaged."""
    if sc.cohesion is not None:
        return tally.final_cohesion / (tally.games or 1)
    env = Env([[a, 0.0, 0.0, 0.0] for a in alignment], [], [c.weight for c in sc.countries])
    return env.cohesion()


def _choices(sc: Scenario, tally: Tally) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for card in sc.cards:
        row = {r.id: tally.pairs.get(f"{card.id}/{r.id}", 0) for r in sc.responses}
        if sum(row.values()):
            out[card.id] = {k: v for k, v in row.items() if v}
    return out


def one_answer_cards(policy: PolicyStats) -> list[tuple[str, str, float]]:
    """(card, response, share) for the cards the policy answered the same way in more than ONE_ANSWER of its
    draws, in scenario order."""
    out: list[tuple[str, str, float]] = []
    for card, row in policy.choices.items():
        total = sum(row.values())
        rid, n = max(row.items(), key=lambda kv: kv[1])
        if n / total > ONE_ANSWER:
            out.append((card, rid, n / total))
    return out


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
                # Greedy can score above the lookahead policy (its rollouts are few): say so, not "within 0.0".
                relation = (f"{_pts(-gap)} more than" if round(gap, 1) < 0 else "level with" if round(gap, 1) == 0
                            else f"within {_pts(gap)} of")
                out.append(Finding(
                    "note", "policy:greedy",
                    f"Thinking one month ahead is nearly enough: greedy averages {p.score.mean:.1f}, {relation} "
                    f"the lookahead policy (strong, {strong.score.mean:.1f}). Not a "
                    "lazy strategy, since it weighs every choice, but the long view adds little.",
                    _SHORT_VIEW.format(resentment=sc.words.values[2], ties=sc.words.values[1],
                                       alignment=sc.words.values[0])))
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
                    advice.replace("{moves}", sc.words.moves)))
        others = [strong.score.mean - p.score.mean for p in report.policies
                  if p is not strong and p.id != "greedy" and p.games]
        if not lazy and others:
            worst_gap = min(others)
            out.append(Finding("ok", "dominance", f"No lazy strategy wins: every fixed policy scores at least "
                                                  f"{_pts(worst_gap)} below the lookahead policy."))
        chosen = {o.id for o in strong.responses if o.games}
        costly = {(u.kind, u.id): u for u in unaffordable(sc, report.settings.difficulty)}
        for r in sc.responses:
            if ("responses", r.id) in costly:
                out.append(_never_affordable(costly["responses", r.id], r.name))
            elif r.id not in chosen:
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
            if ("initiatives", ini.id) in costly:
                out.append(_never_affordable(costly["initiatives", ini.id], ini.name))
            elif ini.id not in launched:
                out.append(Finding(
                    "never_worth_it", f"initiative:{ini.id}",
                    f"Never worth it: the lookahead policy never launched {ini.name!r} ({ini.id}) in "
                    f"{strong.games} games.", "Lower its cost or raise its effects."))
        out.extend(_ending_findings(report, strong))
        single = one_answer_cards(strong)
        if single:
            listed = "; ".join(f"{card} ({rid}, {share:.0%})" for card, rid, share in single)
            decided = any(sc.card(card).event for card in strong.choices)  # decisions are answered as cards
            out.append(Finding(
                "note", "choices",
                f"{len(single)} of {len(strong.choices)} cards{' and decisions' if decided else ''} have one "
                "answer: the lookahead policy gives the "
                f"same response in more than {ONE_ANSWER:.0%} of their draws: {listed}.",
                "For a real decision, make the second-best response on such a card nearly as good in some "
                "situations: a block override on the card, a cost, or a side effect that matters only at "
                "some posts."))
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
    off = _switched_off(sc)
    for kind, items in (("cards", report.cards), ("events", report.events), ("endings", report.endings)):
        word, verb, advice = names[kind]
        for o in items:
            if o.games == 0 and not (kind == "events" and o.id in off):
                missing_any = True
                out.append(Finding("never_occurred", f"{word}:{o.id}",
                                   f"Never occurred: the {word} {o.id!r} {verb} in {total} games.", advice))
    if not missing_any and total:
        events = "every event fired" if not off else \
            f"every event fired but the {len(off)} switched off with chance = 0"
        out.append(Finding("ok", "content", f"Every card was drawn, {events} and every ending happened at least "
                                            "once."))
    return out


def _never_affordable(u: Unaffordable, name: str) -> Finding:
    holds = "a month" if u.resource == "capital" else "a game"
    return Finding(
        "never_affordable", f"{u.kind[:-1]}:{u.id}",
        f"Can never be afforded: {name!r} ({u.id}) costs {u.cost:g} {u.resource}, and {holds} never holds more "
        f"than {u.ceiling:g} at this difficulty.",
        f"Lower its {u.resource} cost to {u.ceiling:g} or less, or raise the {u.resource} of the difficulty.")


def _ending_findings(report: Report, strong: PolicyStats) -> list[Finding]:
    """The endings, read: is the best one within reach of a player who thinks ahead, and out of reach of a lazy
    one? The best ending is the one with the highest bonus (the first of them in scenario order)."""
    sc = report.scenario
    best = max(sc.endings, key=lambda e: e.bonus)
    if sum(1 for e in sc.endings if e.bonus == best.bonus) > 1:
        return []  # no single best ending to read
    out: list[Finding] = []
    share = strong.endings[best.id] / strong.games
    # Reached in no game at all, it is a content finding (never_occurred) already.
    if share < RARE_BEST and any(p.endings[best.id] for p in report.policies):
        out.append(Finding(
            "best_ending_rare", f"ending:{best.id}",
            f"The best ending is almost out of reach: the lookahead policy reached {best.title!r} ({best.id}, "
            f"bonus {best.bonus:+g}) in {strong.endings[best.id]} of {strong.games} games ({share:.0%}).",
            "Loosen its `when` condition, or make good play pay more (stronger responses, cheaper initiatives), "
            "unless the best ending is meant to be a rare feat: then say so in its text."))
    for p in report.policies:
        if p is strong or p.id == "greedy" or not p.games:
            continue
        lazy_share = p.endings[best.id] / p.games
        if lazy_share >= LAZY_BEST:
            what = _LAZY.get(p.id, (f"The scripted policy {p.name!r}", ""))[0]
            out.append(Finding(
                "lazy_reaches_best", f"policy:{p.id}",
                f"A lazy strategy reaches the best ending: {what} ({p.id}) reached {best.title!r} in "
                f"{p.endings[best.id]} of {p.games} games ({lazy_share:.0%}; the lookahead policy "
                f"{share:.0%}).",
                "Tighten the best ending's condition (for example on resentment or stability as well as the "
                "aggregate), so that it asks for judgement, not one fixed line."))
    return out


def _switched_off(sc: Scenario) -> set[str]:
    """The events a teacher switched off with chance = 0: never firing is what they asked for."""
    return {ev.id for ev in sc.events if ev.chance == 0}


def _pts(x: float) -> str:
    return f"{x:.1f} point{'s' if abs(x - 1) > 1e-9 else ''}"


# --- text --------------------------------------------------------------------------------------------------

def render_text(report: Report, width: int = 100) -> str:
    sc, st = report.scenario, report.settings
    lines: list[str] = []
    games = ", ".join(f"{p.id} {p.games}" for p in report.policies)
    lines.append(f"Balance report: {sc.title} ({shown(Path(sc.file).name)}, sha256 {sc.sha256[:12]})")
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
    lines.append(f"Final aggregate (mean {report.scenario.words.aggregate} at the end of the game)")
    for p in report.policies:
        lines.append(f"  {p.id:<{w}}  {p.final_cohesion:6.1f}")
    lines.append("")
    lines.append("Endings (share of each policy's games)")
    ew = max(len(e.id) for e in sc.endings)
    lines.append("  " + " " * ew + "".join(f"  {p.id[:9]:>9}" for p in report.policies))
    for e in sc.endings:
        row = "".join(f"  {_share(p.endings[e.id], p.games):>9}" for p in report.policies)
        lines.append(f"  {e.id:<{ew}}{row}")
    lines.append("")
    lines.append(f"Final {sc.words.value('alignment')} per country (mean at the end; the start in brackets)")
    cw = max(len(c.id) for c in sc.countries) + 6
    for c in sc.countries:
        row = "".join(f"  {p.final_alignment[c.id]:9.1f}" for p in report.policies)
        label = f"{c.id} ({c.start[0]:g})"
        lines.append(f"  {label:<{cw}}{row}")
    lines.append("")
    decisions = [c for c in sc.cards if c.event]
    among = ", decisions among them" if decisions else ""
    lines.append(f"Responses (share of each policy's answers to cards{among}); initiatives (share of its months)")
    responses = [(k, r) for k, r in enumerate(sc.responses) if not is_option(r.id)]  # options: under Decisions
    rw = max([len(r.id) for r in sc.responses] + [len(i.id) for i in sc.initiatives])  # as wide as it always was
    answers = {p.id: sum(o.occurrences for o in p.responses) for p in report.policies}
    for k, r in responses:
        row = "".join(f"  {_share(p.responses[k].occurrences, answers[p.id]):>9}" for p in report.policies)
        lines.append(f"  {r.id:<{rw}}{row}")
    for k, ini in enumerate(sc.initiatives):
        row = "".join(f"  {_share(p.initiatives[k].occurrences, p.games * sc.turns):>9}" for p in report.policies)
        lines.append(f"  {ini.id:<{rw}}{row}")
    if decisions:
        lines.append("")
        lines.extend(_decisions(report, decisions, rw))
    strong = next((p for p in report.policies if p.id == "strong" and p.choices), None)
    if strong is not None:
        lines.append("")
        lines.append(f"Choices on each card (the lookahead policy's answers; more than {ONE_ANSWER:.0%} for one "
                     "answer is marked)")
        cw2 = max(len(c) for c in strong.choices)
        for card, answers in strong.choices.items():
            total = sum(answers.values())
            top = max(answers.values())
            parts = ", ".join(f"{rid} {n / total:.0%}" for rid, n in sorted(answers.items(), key=lambda kv: -kv[1]))
            flag = "   <- one answer" if top / total > ONE_ANSWER else ""
            lines.append(f"  {card:<{cw2}}  {parts}{flag}")
    lines.append("")
    lines.append("Content (share of all games it occurred in; median month of its occurrences)")
    off = _switched_off(sc)
    for title, items in (("cards", report.cards), ("events", report.events), ("endings", report.endings)):
        if not items:
            continue
        lines.append(f"  {title}")
        iw = max(len(o.id) for o in items)
        for o in items:
            when = f"month {o.median_turn}" if o.median_turn is not None else "never"
            flag = ("   (switched off: chance = 0)" if title == "events" and o.id in off else
                    "   <- never occurred" if o.games == 0 else "")
            lines.append(f"    {o.id:<{iw}}  {o.share * 100:5.1f}%  {when}{flag}")
    return "\n".join(lines) + "\n"


def _decisions(report: Report, decisions: list[Card], width: int) -> list[str]:
    """Per decision (its card id and title), each option's share of each policy's answers to that decision;
    the option that applies when the decision is left unanswered is marked. The columns line up with the
    responses' (``width``: their rows' label) where the options' labels fit."""
    sc = report.scenario
    index = {r.id: k for k, r in enumerate(sc.responses)}
    rows = [(card, [(rid, f"{rid.partition('.')[2]}{' (default)' if rid == sc.default_for(card).id else ''}")
                    for rid in card.responses]) for card in decisions]
    ow = max([width] + [len(label) + 2 for _, options in rows for _, label in options])
    lines = ["Decisions (share of each policy's answers to each decision; the default applies when it is left "
             "unanswered)", "  " + " " * ow + "".join(f"  {p.id[:9]:>9}" for p in report.policies)]
    for card, options in rows:
        answered = {p.id: sum(p.responses[index[rid]].occurrences for rid in card.responses)
                    for p in report.policies}
        lines.append(f"  {card.id}: {card.title}")
        for rid, label in options:
            row = "".join(f"  {_share(p.responses[index[rid]].occurrences, answered[p.id]):>9}"
                          for p in report.policies)
            lines.append(f"    {label:<{ow - 2}}{row}")
    return lines


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
            "final_cohesion": round(p.final_cohesion, 6),
            "choices": [{"card": card, "answers": [{"response": rid, "count": n} for rid, n in row.items()]}
                        for card, row in p.choices.items()],
            "responses": [_occ_json(o) for o in p.responses],
            "initiatives": [_occ_json(o) for o in p.initiatives],
        } for p in report.policies],
        "content": {"cards": [_occ_json(o) for o in report.cards],
                    "events": [_occ_json(o) for o in report.events],
                    "endings": [_occ_json(o) for o in report.endings]},
    }
