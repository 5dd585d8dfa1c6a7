"""The second bundled scenario, beijing-1980: the directive's year seen from Beijing.

It is written only through the format. What is pinned here: its posts and groups; that it is the Soviet game's
world seen from the other side (the same countries, leaders, weights and starting values, openness starting at
100 minus alignment); that the directive's five instructions are Moscow's cards and every phrase the scenario
quotes from the directive is in the translation (shared/seed/, beside the repository, like FACTS.md); that its
dated events are the Soviet game's, on the same dates, plus the ones pinned to FACTS.md here; its debrief; and
the key balance properties. The history checks common to the bundled scenarios (sources named, abbreviations
explained, nothing unconfirmed) are in test_history_text.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Ambassador

from game.engine.data import Scenario, label
from game.scenario import check, load
from game.sim.batch import Settings, run
from game.sim.report import analyse

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "beijing-1980.toml"
SOVIET = ROOT / "scenarios" / "directive-1980.toml"

ACTION = {
    "gdr": ("Berlin", "double_dealing"), "poland": ("Warsaw", "double_dealing"),
    "hungary": ("Budapest", "double_dealing"), "czechoslovakia": ("Prague", "double_dealing"),
    "bulgaria": ("Sofia", "double_dealing"), "romania": ("Bucharest", "extensive"),
    "yugoslavia": ("Belgrade", "extensive"), "dprk": ("Pyongyang", "extensive"),
}
WATCHED = {
    "mongolia": ("Ulan-Bator", "hostile"), "cuba": ("Havana", "hostile"), "vietnam": ("Hanoi", "hostile"),
    "laos": ("Vientiane", "hostile"), "kampuchea": ("Phnom Penh", "unclassified"),
}

# The dated events this scenario has and the Soviet one does not: (date, a line of FACTS.md that states it).
OWN_DATED = {
    "olympic_decision": ("1980-04-24", "- 24 Apr: the Chinese Olympic Committee decides to boycott the Moscow "
                                       "Olympics unless Soviet troops leave Afghanistan by 24 May [CSM80B]."),
}

#: A phrase the scenario quotes: between single quotes that are not apostrophes ("Beijing's" is not a quote).
QUOTE = re.compile(r"(?<!\w)'([^']+)'(?!\w)")


@pytest.fixture(scope="module")
def sc() -> Scenario:
    return load(SCENARIO)


@pytest.fixture(scope="module")
def soviet() -> Scenario:
    return load(SOVIET)


def test_validates_cleanly() -> None:
    scenario, problems = check(SCENARIO)
    assert scenario is not None and problems == []


def test_calendar(sc: Scenario) -> None:
    assert (sc.id, sc.start_year, sc.start_month, sc.turns) == ("beijing_1980", 1980, 3, 12)


def test_posts_and_groups(sc: Scenario) -> None:
    by = {c.id: c for c in sc.countries}
    assert set(by) == set(ACTION) | set(WATCHED)
    for cid, (post, group) in ACTION.items():
        assert (by[cid].post, by[cid].group, by[cid].acts) == (post, group, True), cid
    for cid, (post, group) in WATCHED.items():
        assert (by[cid].post, by[cid].group, by[cid].acts) == (post, group, False), cid


def test_the_soviet_games_world_from_the_other_side(sc: Scenario, soviet: Scenario) -> None:
    """The same countries, in the same order, with the same leaders, parties, weights and starting ties,
    resentment and stability; openness (the first value) starts at 100 minus the Soviet game's alignment."""
    assert [c.id for c in sc.countries] == [c.id for c in soviet.countries]
    for ours, theirs in zip(sc.countries, soviet.countries, strict=True):
        assert (ours.name, ours.short, ours.common, ours.post, ours.group, ours.weight, ours.leader, ours.party) \
            == (theirs.name, theirs.short, theirs.common, theirs.post, theirs.group, theirs.weight, theirs.leader,
                theirs.party), ours.id
        assert ours.start[0] == 100 - theirs.start[0], ours.id
        assert ours.start[1:] == theirs.start[1:], ours.id


def test_the_aggregates_start_as_mirror_images(sc: Scenario, soviet: Scenario) -> None:
    """Worked by hand from directive-1980.toml: the weights are 2 (GDR, Poland), 1.5 (Hungary, Czechoslovakia,
    Bulgaria, Cuba, Vietnam), 1 (Mongolia, Laos, Romania, Yugoslavia, DPRK) and 0.5 (Kampuchea), 17 in all;
    the weighted alignments sum to 176 + 152 + 120 + 132 + 135 + 90 + 129 + 132 + 84 + 38 + 24 + 44 + 38 = 1294,
    so bloc cohesion starts at 1294 / 17 = 76.118 and Beijing's aggregate at 23.882."""

    def start(s: Scenario) -> float:
        return sum(c.weight * c.start[0] for c in s.countries) / sum(c.weight for c in s.countries)

    assert start(soviet) == pytest.approx(76.118, abs=0.001)
    assert start(sc) == pytest.approx(23.882, abs=0.001)


def test_the_five_instructions_are_moscows_cards(sc: Scenario) -> None:
    refs = {card.source for card in sc.cards}
    assert {f"Instruction {n}" for n in range(1, 6)} <= refs
    assert refs <= {f"Instruction {n}" for n in range(1, 6)} | {"Closing paragraph"}
    for card in sc.cards:
        assert card.sources == ("DOC",), card.id
        assert QUOTE.search(card.text), f"{card.id} quotes nothing of the directive"


def misquoted(text: str, directive: str) -> list[str]:
    """The phrases ``text`` quotes that the directive does not contain (whitespace and case aside)."""
    plain = " ".join(directive.split()).lower()
    return [q for q in QUOTE.findall(text) if " ".join(q.split()).lower() not in plain]


def test_the_quote_check_can_fail(directive: str) -> None:
    said = "Moscow denounces Beijing's 'split tactic' and its 'hypocritical efforts to separate the questions'."
    assert misquoted(said, directive) == ["split tactic"]


def test_every_quote_of_the_directive_is_in_it(sc: Scenario, directive: str) -> None:
    """Moscow's cards, the envoy's responses and initiatives, and the groups quote the directive's own words."""
    texts = {f"card {c.id}": f"{c.title} {c.text}" for c in sc.cards}
    texts |= {f"response {r.id}": f"{r.name} {r.text}" for r in sc.responses}
    texts |= {f"initiative {i.id}": f"{i.name} {i.text}" for i in sc.initiatives}
    texts |= {f"group {g.id}": g.summary for g in sc.groups}
    quoted = {where: QUOTE.findall(text) for where, text in texts.items()}
    assert sum(map(len, quoted.values())) >= 20
    for where, text in texts.items():
        assert misquoted(text, directive) == [], where


def test_dated_events_are_the_soviet_games_and_facts(sc: Scenario, soviet: Scenario, facts: str) -> None:
    """The events both scenarios have fall on the same dates (the Soviet scenario's test pins those to FACTS.md);
    this scenario's own are pinned to FACTS.md here."""
    ours = {e.id: e.date for e in sc.events if e.historical and e.date}
    theirs = {e.id: e.date for e in soviet.events if e.historical and e.date}
    assert set(ours) == set(theirs) | set(OWN_DATED)
    for eid, date in ours.items():
        assert date == (theirs[eid] if eid in theirs else OWN_DATED[eid][0]), eid
    for eid, (date, line) in OWN_DATED.items():
        section = facts.split(f"**{date[:4]}**", 1)[1].split("\n**", 1)[0]
        assert line in section, f"{eid}: {line!r} not found under {date[:4]} in FACTS.md"
    assert [(c.date, c.country) for c in sc.changes] == [(c.date, c.country) for c in soviet.changes]


def test_the_debrief_reads_the_directive_from_beijing(sc: Scenario) -> None:
    assert sc.objectives and len(sc.notes) == len(sc.questions) >= 6
    assert sum("Beijing" in q for q in sc.questions) >= 4
    assert sc.differs and "?" in sc.differs
    for word in ("Tashkent", "independent foreign policy", "consultations"):
        assert word in sc.epilogue
    topics = " ".join(q.topic for q in sc.source_questions).lower()
    assert {"audience", "language", "omissions"} <= set(re.findall(r"[a-z]+", topics))
    assert "Reading it from Beijing" in {e.title for e in sc.reader}
    assert sc.ending("own_group").history_sources == ("HU82",)
    # Each capital's aftermath tells its course with China: headed so, not 'Relations with Moscow afterwards'.
    assert label(sc.words.afterwards) == "Relations with Beijing afterwards"


@pytest.mark.slow
def test_key_balance_properties(sc: Scenario) -> None:
    """A small batch: doing nothing, always pressure and random play each score clearly below the greedy
    one-month look-ahead and never reach the best ending (the full report is docs/balance/beijing-1980.md)."""
    settings = Settings(games=40, seed=1980, policies=("random", "ignore", "hardline", "greedy"))
    report = analyse(sc, settings, run(sc, settings, jobs=1))
    by = {p.id: p for p in report.policies}
    for lazy in ("random", "ignore", "hardline"):
        assert by[lazy].score.mean < by["greedy"].score.mean - 1.5, lazy
        assert by[lazy].endings["neutrality_spreads"] == 0, lazy
    assert by["ignore"].endings["doors_close"] >= 30


#: The main scenario's words for its own world, which no screen of this scenario may show: its rival is Moscow and
#: its aggregate is openness to Beijing ([words]). "China" and "Beijing" themselves are this scenario's words too.
NOT_OURS = ("China's move", "What China did", "No Chinese outreach", "China's approach", "bloc cohesion",
            "the bloc's cohesion", "weighted average of alignment", "Economy budget")


def test_a_played_year_speaks_of_moscow_and_openness(ambassador: Ambassador) -> None:
    """A whole plain game, every month ended at once: the transcript (briefings, posts, reports, debrief) names
    Moscow as the rival and openness to Beijing as the aggregate, never the Soviet game's words."""
    ran = ambassador("play", "beijing-1980", "--plain", "--seed", "1980", "--name", "Ada", stdin="e\ny\n" * 12)
    assert ran.returncode == 0, ran.stderr
    text = " ".join(ran.stdout.split())  # the plain game wraps its lines
    for word in ("What Moscow did", "Openness to Beijing", "Moscow's approach: Told to act",
                 "(directive: Instruction 5)", "Score "):
        assert word in text, word
    found = [w for w in NOT_OURS if w.lower() in text.lower()]
    assert found == [], found
