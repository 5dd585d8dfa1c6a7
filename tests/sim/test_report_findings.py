"""The balance report reads the endings, the budget and the choices: tallies made by hand, findings known."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

from game.engine.data import Scenario
from game.scenario import load
from game.sim.batch import Settings, Tally
from game.sim.report import Report, analyse, render_text, to_json

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = load(ROOT / "scenarios" / "tutorial.toml")  # gdr 2, poland 2, mongolia 1, romania 1 (weights)
POLICIES = ("ignore", "strong")


def _tally(policy: str, games: int, endings: dict[str, int], alignment: list[float],
           pairs: dict[str, int] | None = None) -> Tally:
    return Tally(policy, games, Counter({70: games}), endings, [a * games for a in alignment],
                 pairs=Counter(pairs or {}))


def _analyse(sc: Scenario, tallies: list[Tally], difficulty: str = "") -> Report:
    settings = Settings(games=100, policies=tuple(t.policy for t in tallies), difficulty=difficulty)
    return analyse(sc, settings, {t.policy: t for t in tallies})


def _kinds(report: Report) -> set[tuple[str, str]]:
    return {(f.subject, f.kind) for f in report.findings}


def test_best_ending_rare_and_a_lazy_policy_reaching_it() -> None:
    # The best ending is bloc_holds (bonus +10): strong reaches it in 4 of 100 games (under 5 %), ignore in 10
    # of 100 (10 %: a lazy policy reaching it).
    report = _analyse(TUTORIAL, [
        _tally("ignore", 100, {"bloc_holds": 10, "beijing_gains": 90}, [80, 60, 90, 30]),
        _tally("strong", 100, {"bloc_holds": 4, "strained": 96}, [86, 70, 90, 30]),
    ])
    kinds = _kinds(report)
    assert ("ending:bloc_holds", "best_ending_rare") in kinds
    assert ("policy:ignore", "lazy_reaches_best") in kinds
    rare = next(f for f in report.findings if f.kind == "best_ending_rare")
    assert "reached 'The bloc holds' (bloc_holds, bonus +10) in 4 of 100 games (4%)" in rare.message
    assert "Verdict: nothing to change." not in render_text(report)


def test_the_best_ending_within_reach_is_no_finding() -> None:
    report = _analyse(TUTORIAL, [
        _tally("ignore", 100, {"bloc_holds": 9, "beijing_gains": 91}, [80, 60, 90, 30]),
        _tally("strong", 100, {"bloc_holds": 5, "strained": 95}, [86, 70, 90, 30]),
    ])
    kinds = {kind for _, kind in _kinds(report)}
    assert "best_ending_rare" not in kinds and "lazy_reaches_best" not in kinds


def test_a_best_ending_no_game_reached_is_left_to_the_content_finding() -> None:
    report = _analyse(TUTORIAL, [
        _tally("ignore", 100, {"beijing_gains": 100}, [80, 60, 90, 30]),
        _tally("strong", 100, {"strained": 100}, [86, 70, 90, 30]),
    ])
    assert "best_ending_rare" not in {kind for _, kind in _kinds(report)}


def test_final_aggregate_by_hand() -> None:
    # (2 * 86 + 2 * 70 + 1 * 90 + 1 * 30) / 6 = 432 / 6 = 72.0; ignore: (160 + 120 + 90 + 30) / 6 = 66.7
    report = _analyse(TUTORIAL, [
        _tally("ignore", 100, {"beijing_gains": 100}, [80, 60, 90, 30]),
        _tally("strong", 100, {"strained": 100}, [86, 70, 90, 30]),
    ])
    by = {p.id: p for p in report.policies}
    assert by["strong"].final_cohesion == 72.0
    assert round(by["ignore"].final_cohesion, 1) == 66.7
    assert to_json(report)["policies"][1]["final_cohesion"] == 72.0
    assert "  strong    72.0" in render_text(report)


def test_never_affordable_is_not_never_worth_it() -> None:
    # At the tutorial's own resources a month holds at most 4 + 1 carried over = 5 capital (no event adds any);
    # a response costing 6 can never be paid, and one costing 5 can but was never chosen.
    responses = tuple(replace(r, capital=6.0) if r.id == "expose" else
                      replace(r, capital=5.0) if r.id == "economic_care" else r for r in TUTORIAL.responses)
    sc = replace(TUTORIAL, responses=responses)
    pairs = {"embassy_invitations/explain": 50, "embassy_invitations/vigilance": 50}
    report = _analyse(sc, [
        _tally("ignore", 100, {"beijing_gains": 100}, [80, 60, 90, 30]),
        _tally("strong", 100, {"bloc_holds": 50, "strained": 50}, [86, 70, 90, 30], pairs),
    ])
    kinds = _kinds(report)
    assert ("response:expose", "never_affordable") in kinds and ("response:expose", "never_worth_it") not in kinds
    assert ("response:economic_care", "never_worth_it") in kinds
    message = next(f.message for f in report.findings if f.subject == "response:expose")
    assert "costs 6 capital, and a month never holds more than 5" in message


def test_one_answer_cards() -> None:
    # 81 of 100 answers on one card is one answer; 80 of 100 is not (more than 80 %).
    pairs = {"embassy_invitations/vigilance": 81, "embassy_invitations/explain": 19,
             "youth_contacts/vigilance": 80, "youth_contacts/engage": 20}
    report = _analyse(TUTORIAL, [
        _tally("ignore", 100, {"beijing_gains": 100}, [80, 60, 90, 30]),
        _tally("strong", 100, {"bloc_holds": 50, "strained": 50}, [86, 70, 90, 30], pairs),
    ])
    note = next(f for f in report.findings if f.subject == "choices")
    assert note.kind == "note"
    assert note.message.startswith("1 of 2 cards have one answer")
    assert "embassy_invitations (vigilance, 81%)" in note.message and "youth_contacts" not in note.message
    text = render_text(report)
    assert "  embassy_invitations  vigilance 81%, explain 19%   <- one answer" in text
    assert "  youth_contacts       vigilance 80%, engage 20%\n" in text


def test_an_event_switched_off_is_not_a_problem() -> None:
    # These hand-made tallies record no content at all, so every card, event and ending "never occurred", but
    # for the event switched off with chance = 0.
    events = tuple(replace(e, chance=0.0) if e.id == "unrest" else e for e in TUTORIAL.events)
    report = _analyse(replace(TUTORIAL, events=events), [
        _tally("ignore", 100, {"beijing_gains": 100}, [80, 60, 90, 30]),
        _tally("strong", 100, {"strained": 100}, [86, 70, 90, 30]),
    ])
    kinds = _kinds(report)
    assert ("event:tito_dies", "never_occurred") in kinds
    assert not any(subject == "event:unrest" for subject, _ in kinds)
    assert "    unrest       0.0%  never   (switched off: chance = 0)" in render_text(report)


def _scored(policy: str, score: int) -> Tally:
    return Tally(policy, 100, Counter({score: 100}), {"strained": 100}, [86.0 * 100, 70.0 * 100, 90.0 * 100,
                                                                          30.0 * 100])


def test_greedy_above_the_lookahead_policy_is_said_so() -> None:
    """greedy at 71 and strong at 70: greedy is 1 point above, not 'within 0.0 points of' the lookahead policy
    (what a teacher read when greedy scored 56.9 and strong 56.6)."""
    def note(greedy: int) -> str:
        report = _analyse(TUTORIAL, [_scored("greedy", greedy), _scored("strong", 70)])
        return next(f.message for f in report.findings if f.subject == "policy:greedy")

    assert note(71).startswith("Thinking one month ahead is nearly enough: greedy averages 71.0, 1.0 point "
                               "more than the lookahead policy (strong, 70.0). ")
    assert note(70).startswith("Thinking one month ahead is nearly enough: greedy averages 70.0, level with "
                               "the lookahead policy (strong, 70.0). ")
    assert note(69).startswith("Thinking one month ahead is nearly enough: greedy averages 69.0, within 1.0 "
                               "point of the lookahead policy (strong, 70.0). ")


def test_one_answer_counts_decisions_as_decisions() -> None:
    """A decision is answered like a card, but a teacher who wrote 8 cards and 1 decision read '4 of 9 cards':
    the count names the decisions it takes in."""
    main = load(ROOT / "scenarios" / "directive-1980.toml")
    pairs = {"event.gdansk_strike/gdansk_strike.settle": 90, "event.gdansk_strike/gdansk_strike.firm": 10,
             "official_contacts/explain": 50, "official_contacts/ignore": 50}
    alignment = [70.0] * len(main.countries)
    report = _analyse(main, [_tally("ignore", 100, {"bloc_holds": 100}, alignment),
                             _tally("strong", 100, {"bloc_holds": 100}, alignment, pairs)])
    note = next(f for f in report.findings if f.subject == "choices")
    assert note.message.startswith("1 of 2 cards and decisions have one answer: the lookahead policy gives the "
                                   "same response in more than 80% of their draws: event.gdansk_strike "
                                   "(gdansk_strike.settle, 90%).")
