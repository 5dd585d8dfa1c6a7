"""The main scenario, directive-1980: structure, sources, historical dates, and the key balance properties.

The historical dates are pinned twice: the scenario must match the small table below, and the table must
match the project's checked fact base (shared/history/FACTS.md, next to the repository). Where FACTS.md is not
next to the checkout the FACTS checks skip, saying so, except under CI=true, where they fail: CI always has it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.engine import COUNTRY_VARS
from game.engine.data import Scenario
from game.scenario import check, load
from game.sim.batch import Settings, run
from game.sim.report import ONE_ANSWER, analyse, one_answer_cards

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "directive-1980.toml"

ACTION = {
    "gdr": ("Berlin", "double_dealing"), "poland": ("Warsaw", "double_dealing"),
    "hungary": ("Budapest", "double_dealing"), "czechoslovakia": ("Prague", "double_dealing"),
    "bulgaria": ("Sofia", "double_dealing"), "mongolia": ("Ulan-Bator", "hostile"),
    "cuba": ("Havana", "hostile"), "vietnam": ("Hanoi", "hostile"), "laos": ("Vientiane", "hostile"),
}
WATCHED = {
    "romania": ("Bucharest", "extensive"), "yugoslavia": ("Belgrade", "extensive"),
    "dprk": ("Pyongyang", "extensive"), "kampuchea": ("Phnom Penh", "unclassified"),
}

# event id -> (date in the scenario, a line of FACTS.md that states it)
DATED = {
    "directive_issued": ("1980-03-04", "- 4 Mar: the directive [DOC]."),
    "tito_dies": ("1980-05-04", "- 4 May: Tito dies in Ljubljana."),
    "treaty_lapses": ("1980-04-11", "- 11 Apr: the 1950 treaty's 30-year term ends."),
    "hua_in_japan": ("1980-05-27", "- 27 May: Hua begins an official visit to Japan, the first by a Chinese head of "
                     "government (Deng had visited as Vice-Premier in Oct 1978) [CSM80]."),
    "interkit_mierki": ("1980-06-11", "- 11–13 June: 11th Interkit meeting, Mierki, Poland"),
    "moscow_olympics": ("1980-07-19", "- 19 July – 3 Aug: Moscow Olympics, without China (decision of 24 Apr) "
                        "[OLY][CSM80B]."),
    "gdansk_strike": ("1980-08-14", "- 14 Aug: Gdańsk strike begins."),
    "gdansk_agreement": ("1980-08-31", "Gdańsk Agreement on 31 Aug [PL]."),
    "kania_replaces_gierek": ("1980-09-06", "- 6 Sept: Kania replaces Gierek [PL]."),
    "zhao_premier": ("1980-09-10", "- 10 Sept: Zhao Ziyang succeeds Hua as Premier [HUA]."),
    "solidarity_founded": ("1980-09-17", "- 17 Sept: Solidarity founded; registered on 10 Nov [PL]."),
    "solidarity_registered": ("1980-11-10", "- 17 Sept: Solidarity founded; registered on 10 Nov [PL]."),
    "wpk_congress": ("1980-10", "- October: Workers' Party of Korea 6th Congress."),
    "cpsu_congress": ("1981-02-23", "- 23 Feb: 26th CPSU Congress opens [W26]."),
}
# the events the issue names, and the month (turn) they must fall in: March 1980 is turn 1
NAMED = {"treaty_lapses": 2, "tito_dies": 3, "interkit_mierki": 4, "moscow_olympics": 5, "gdansk_strike": 6,
         "gdansk_agreement": 6, "kania_replaces_gierek": 7}


@pytest.fixture(scope="module")
def sc() -> Scenario:
    return load(SCENARIO)


def test_validates_cleanly() -> None:
    scenario, problems = check(SCENARIO)
    assert scenario is not None and problems == []


def test_calendar(sc: Scenario) -> None:
    assert (sc.start_year, sc.start_month, sc.turns) == (1980, 3, 12)


def test_posts_and_groups(sc: Scenario) -> None:
    by = {c.id: c for c in sc.countries}
    assert set(by) == set(ACTION) | set(WATCHED)
    for cid, (post, group) in ACTION.items():
        assert (by[cid].post, by[cid].group, by[cid].acts) == (post, group, True), cid
    for cid, (post, group) in WATCHED.items():
        assert (by[cid].post, by[cid].group, by[cid].acts) == (post, group, False), cid
    for c in sc.countries:
        assert c.leader and c.party and c.history and c.history_sources, c.id
        assert c.weight > 0


def test_every_source_key_exists(sc: Scenario) -> None:
    keys = {s.key for s in sc.sources}
    assert "DOC" in keys
    for card in sc.cards:
        assert card.sources and set(card.sources) <= keys, card.id
        assert card.source or card.event, card.id  # a decision cites its event's sources, not the directive
    for ev in sc.events:
        if ev.historical:
            assert ev.sources and set(ev.sources) <= keys, ev.id
    for c in sc.countries:
        assert set(c.history_sources) <= keys, c.id
    for entry in sc.glossary:
        assert set(entry.sources) <= keys, entry.key


def test_sources_cited_as_in_facts(sc: Scenario, facts: str) -> None:
    listed = set(re.findall(r"^- ([A-Za-z0-9-]+): ", facts.split("## Source keys", 1)[1], re.M))
    for s in sc.sources:
        assert s.key in listed, f"source key {s.key} is not one FACTS.md defines"


def test_content_counts(sc: Scenario) -> None:
    assert len(sc.cards) >= 12
    assert len(sc.endings) >= 5
    dated = [e for e in sc.events if e.historical and e.date]
    assert len(dated) >= 10
    assert any(not e.historical and not e.date for e in sc.events)  # conditional game-mechanic events
    assert sc.glossary and sc.reader and sc.objectives and sc.questions
    defaults = [r for r in sc.responses if r.default]
    assert len(defaults) == 1 and defaults[0].capital == defaults[0].economy == 0
    assert {"explain", "expose", "economic_care", "vigilance", "engage"} <= {r.id for r in sc.responses}
    assert "coordinate" in {i.id for i in sc.initiatives}
    assert len(next(i for i in sc.initiatives if i.id == "coordinate").countries) == len(ACTION)


def test_named_events_in_their_months(sc: Scenario) -> None:
    events = {e.id: e for e in sc.events}
    for eid, turn in NAMED.items():
        assert events[eid].turn == turn, eid


def test_dated_events_match_the_table(sc: Scenario) -> None:
    dated = {e.id: e.date for e in sc.events if e.historical and e.date}
    assert dated == {eid: date for eid, (date, _) in DATED.items()}


def test_table_matches_facts(facts: str) -> None:
    for eid, (date, line) in DATED.items():
        # look only in that year's part of the timeline (FACTS.md has a "**1980**" heading per year)
        year = date[:4]
        section = facts.split(f"**{year}**", 1)[1].split("\n**", 1)[0]
        assert line in section, f"{eid}: {line!r} not found under {year} in FACTS.md"


def test_corrected_facts_followed(sc: Scenario) -> None:
    """The corrections made to FACTS.md reach the scenario: Tsedenbal's title in 1980, and no 'state visit' to
    Japan or 'China joins the boycott' wording from before."""
    by = {c.id: c for c in sc.countries}
    assert "First Secretary of the MPRP Central Committee" in by["mongolia"].leader
    assert "General Secretary" not in by["mongolia"].leader
    assert "TSE" not in by["mongolia"].history_sources  # superseded in FACTS.md by GSE79
    events = {e.id: e for e in sc.events}
    assert "first by a Chinese head of government" in events["hua_in_japan"].text
    assert "24 April" in events["moscow_olympics"].text and "CSM80B" in events["moscow_olympics"].sources
    assert "joins the boycott" not in events["moscow_olympics"].text
    assert "11 April 1980" in events["treaty_lapses"].text and "LUTHI" in events["treaty_lapses"].sources


def test_the_debrief_compares_every_post_the_player_runs_at_once(sc: Scenario) -> None:
    """The best ending asks for alignment and resentment at all nine posts the player runs: the debrief of a
    game that missed it names the worst of the nine ('lowest of 9 posts'), not of eight, with Laos compared on
    its own (min and max took at most 8 arguments)."""
    from game.engine import new_game, play_turn
    from game.engine.debrief import debrief
    from game.sim.policies import make_policy

    acting = [c.id for c in sc.countries if c.acts]
    assert len(acting) == 9
    state, policy = new_game(sc, 1980), make_policy("hardline", sc)
    while not state.over:
        state = play_turn(state, *policy.plan(state))[0]
    missed = next(e for e in debrief(state).endings if e.ending == "bloc_holds")
    extremes = [s.extreme for s in missed.shortfalls if s.extreme is not None]
    assert [(fn, var, posts) for fn, var, posts, _ in extremes] == [("min", "alignment", 9), ("max", "resentment", 9)]
    assert all(worst in acting for *_, worst in extremes)
    assert not any(s.subject.split(".")[0] == "laos" for s in missed.shortfalls)


def test_no_claim_beyond_the_sources(sc: Scenario) -> None:
    """Text states only what FACTS.md or the directive supports: the directive reports the information
    gathering, not that every embassy did it; the engagement answer is the game's, not a claim about what
    ambassadors could do; the match between the addressees and the groups is marked as a reading, as FACTS.md
    marks it an inference ("present it as interpretation")."""
    cards = {c.id: c for c in sc.cards}
    assert "Every embassy" not in cards["information_gathering"].text
    assert "as the directive reports" in cards["information_gathering"].text
    assert "the game offers it" in sc.response("engage").text
    who = next(r for r in sc.reader if r.title == "Who received it")
    assert "our reading of the lists, not the directive's words" in who.text and "are exactly" not in who.text


@pytest.mark.slow
def test_key_balance_properties(sc: Scenario) -> None:
    """A small batch: ignoring, always the harshest response and random play each score clearly below the
    greedy one-month look-ahead (the full report, with the strong policy, is docs/balance/directive-1980.md)."""
    settings = Settings(games=40, seed=1980, policies=("random", "ignore", "hardline", "greedy"))
    report = analyse(sc, settings, run(sc, settings, jobs=1))
    by = {p.id: p for p in report.policies}
    best = by["greedy"].score.mean
    for lazy in ("random", "ignore", "hardline"):
        assert by[lazy].score.mean < best - 8, lazy
        assert by[lazy].endings["bloc_holds"] == 0, lazy
    assert by["ignore"].endings["beijing_group_grows"] == 40


# Issue 14: on no card of the main scenario does the strong (lookahead) policy give one answer in more than
# ONE_ANSWER (80 %) of its draws. party_ties was the last such card (explain 82 % in the report of 10,000 games
# per policy); it is now a judgement about the post's resentment (see its comment in the scenario).
REPORT = ROOT / "docs" / "balance" / "directive-1980.md"
# The strong policy's answers on party_ties in 200 games (seed 1980): 53 % explain, 42 % control of contacts
# (the Gdańsk decision of August 1980 changes the later months, so the counts moved by a few with it, and again
# when the settlement's stability became a draw from 0 to 12: 453 explain and 375 control of contacts before).
PARTY_TIES = {"ignore": 4, "explain": 460, "expose": 8, "economic_care": 8, "vigilance": 365, "engage": 20}


def _acting_cards(sc: Scenario) -> set[str]:
    """The cards played at posts where the player acts, and the decisions (only ever put there): the ones the
    strong policy answers."""
    return {card.id for card in sc.cards if card.event or any(sc.countries[i].acts for i in card.countries)}


@pytest.mark.slow
def test_no_card_has_one_answer(sc: Scenario) -> None:
    """The strong policy's answers in the batch `ambassador simulate directive-1980` plays by default (200 strong
    games, seed 1980): no card has one answer, and party_ties's answers are pinned (before: explain on 82 %)."""
    settings = Settings(games=200, seed=1980, policies=("strong",))
    strong = analyse(sc, settings, run(sc, settings, jobs=1)).policies[0]
    assert set(strong.choices) == _acting_cards(sc)  # every card played where the player acts was answered
    assert one_answer_cards(strong) == []
    assert strong.choices["party_ties"] == PARTY_TIES


def test_gdansk_puts_a_decision_to_the_player(sc: Scenario) -> None:
    """Gdańsk, August 1980: the strike puts a decision at Warsaw, three options, the free one applied when it is
    left; its text keeps the record (FACTS.md, [PL]) and the game's decision apart."""
    event = next(ev for ev in sc.events if ev.id == "gdansk_strike")
    assert event.turn == 6 and event.countries == (sc.countries.index(sc.country("poland")),)
    decision = sc.card(event.decision)
    assert [sc.response(r).name for r in decision.responses] == [
        "Advise a negotiated settlement", "Press Warsaw to stand firm", "Leave it to the Polish leadership"]
    assert sc.default_for(decision).id == "gdansk_strike.wait" and sc.default_for(decision).capital == 0
    # How far talks would steady Poland no one could know: the settlement's stability is drawn from 0 to 12.
    assert [(e.var, e.spread) for e in sc.response("gdansk_strike.settle").effects] == \
        [("stability", (0.0, 12.0)), ("alignment", None)]
    assert event.sources == ("PL",) and "On 14 August 1980 a strike begins at Gdańsk" in event.text
    assert "The decision that follows is the game's" in event.text


def test_balance_report_has_no_one_answer_card(sc: Scenario) -> None:
    """The committed full report (docs/balance/directive-1980.md, 10,000 games per policy) shows every card the
    strong policy answered, none with one answer above ONE_ANSWER."""
    text = REPORT.read_text(encoding="utf-8")
    table = text.split("Choices on each card", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    rows = {line.split()[0]: [int(n) for n in re.findall(r" (\d+)%", line)] for line in table}
    assert set(rows) == _acting_cards(sc)
    for card, shares in rows.items():
        assert shares and max(shares) <= ONE_ANSWER * 100, (card, shares)
    assert "<- one answer" not in text


def test_the_july_hint_claims_no_level_of_polands_stability(sc: Scenario) -> None:
    """A hint is fixed text, shown in its month whatever the values are. July's said Poland's stability was
    'already low', but left alone (no answers) July opens with it at 59, above the 55 under which a 'pressure and
    promises' post draws a second card (Poland draws one that month), and answers that steady Poland raise it."""
    from game.engine import new_game, play_turn

    state = new_game(sc)
    while state.turn < 5:
        state, _ = play_turn(state, {}, ())
    assert sc.month_label(state.turn) == "July 1980"
    assert state.value("poland", "stability") == 59 and len(state.cards_at("poland")) == 1
    july = [text for turn, text in sc.hints if turn == 5]
    assert len(july) == 1 and "Poland" in july[0]
    assert not re.search(r"(Poland's stability|[Ss]tability in Poland) (is|has been)|\balready\b", july[0]), july[0]


def test_the_glossary_gives_every_threshold_that_draws_a_second_card(sc: Scenario) -> None:
    """Each group's cards_per_turn rule names a variable and a threshold (stability < 55 or resentment > 45 at
    the 'pressure and promises' posts, ...); the glossary entry of that variable gives the number and says it
    brings a card, as the player reads there why a post has two."""
    entries = {e.title.lower(): e.text for e in sc.glossary}
    found = []
    for group in sc.groups:
        for var, _, number in re.findall(r"([a-z_]+) ([<>]) (\d+)", group.cards_per_turn.source):
            text = entries[sc.words.values[COUNTRY_VARS.index(var)].lower()]
            found.append(var)
            assert number in re.findall(r"\d+", text) and "second card" in text, (group.id, var, number, text)
    assert sorted(found) == ["china_ties", "resentment", "stability", "stability"]
    # by hand, from the rule of the 'pressure and promises' group: 1 + (stability < 55 or resentment > 45)
    assert "above 45 at a 'pressure and promises' post" in entries["resentment"]
