"""The bundled scenarios' historical text: every statement of history names a source key that exists (and that
FACTS.md defines), every abbreviation a player meets is in the glossary, nothing FACTS.md marks UNCONFIRMED is
stated, and the debrief sets the student's year beside history.

These checks read the scenario data (what both front ends show); the debrief's wording around it is pinned in
tests/scenario/test_debrief.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.engine.data import Entry, Scenario
from game.scenario import load

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "scenarios" / "directive-1980.toml"
TUTORIAL = ROOT / "scenarios" / "tutorial.toml"
GUIDE = ROOT / "docs" / "teachers-guide.md"
BEIJING = ROOT / "scenarios" / "beijing-1980.toml"
BUNDLED = [MAIN, TUTORIAL, BEIJING]

#: '(source: PL)' or '(sources: HU82, PL)': how questions and notes, which are plain text, name their sources.
INLINE = re.compile(r"\((?:source|sources): ([^)]*)\)")
#: A year in running text: a sentence that dates something states history.
YEAR = re.compile(r"\b19[4-9]\d\b")


@pytest.fixture(scope="module", params=BUNDLED, ids=lambda p: p.stem)
def sc(request: pytest.FixtureRequest) -> Scenario:
    path: Path = request.param
    return load(path)


@pytest.fixture(scope="module")
def main() -> Scenario:
    return load(MAIN)


def _keys(sc: Scenario) -> set[str]:
    return {s.key for s in sc.sources}


def test_every_history_statement_names_existing_sources(sc: Scenario) -> None:
    keys = _keys(sc)
    for ev in sc.events:
        if ev.historical or YEAR.search(ev.text):
            assert ev.sources and set(ev.sources) <= keys, ev.id
    for end in sc.endings:
        assert end.history, f"ending {end.id} does not say how history differs"
        assert end.history_sources and set(end.history_sources) <= keys, end.id
    for c in sc.countries:
        assert c.history and c.history_sources and set(c.history_sources) <= keys, c.id
        assert c.outcome and c.outcome_when is not None, f"{c.id}: no outcome to set the student's year beside"
        assert c.outcome_sources and set(c.outcome_sources) <= keys, c.id
        if c.aftermath:
            assert c.aftermath_sources and set(c.aftermath_sources) <= keys, c.id
    for q in sc.source_questions:
        assert q.sources and set(q.sources) <= keys, q.topic
    if sc.epilogue:
        assert sc.epilogue_sources and set(sc.epilogue_sources) <= keys


def test_questions_and_notes_that_state_history_cite_sources(sc: Scenario) -> None:
    keys = _keys(sc)
    texts = [*sc.questions, *sc.notes, *(q.note for q in sc.source_questions)]
    for text in texts:
        cited = [k.strip() for group in INLINE.findall(text) for k in group.split(",")]
        assert set(cited) <= keys, f"unknown source in: {text[:60]}..."
    for text in sc.questions:
        statements = [sentence for sentence in re.split(r"(?<=[.?!])\s+", text) if sentence.endswith(".")]
        if any(YEAR.search(sentence) for sentence in statements):
            assert INLINE.search(text), f"a question that states a dated fact names no source: {text[:60]}..."


def test_main_scenario_debrief_is_complete(main: Scenario) -> None:
    assert all(c.aftermath for c in main.countries), "every post says how its relations with China went"
    assert main.epilogue and {"TASH", "12C", "CSM84"} <= set(main.epilogue_sources)
    for word in ("Tashkent", "independent foreign policy", "consultations"):
        assert word in main.epilogue
    assert main.differs and "?" in main.differs
    assert len(main.notes) == len(main.questions)
    topics = " ".join(q.topic for q in main.source_questions).lower()
    assert {"audience", "language", "omissions"} <= set(re.findall(r"[a-z]+", topics))
    assert any("Afghanistan" in q.note for q in main.source_questions)
    assert all(q.note for q in main.source_questions)
    reader = {e.title: e.text for e in main.reader}
    assert "What the directive does not say" in reader
    assert "Afghanistan" in reader["What the directive does not say"]


def test_sources_are_keys_facts_defines(sc: Scenario, facts: str) -> None:
    listed = set(re.findall(r"^- ([A-Za-z0-9-]+): ", facts.split("## Source keys", 1)[1], re.M))
    assert _keys(sc) <= listed, _keys(sc) - listed


def test_sources_are_citations_not_bare_links(sc: Scenario) -> None:
    """A citation says what the source is (a title, a publication, a date), not only where a copy lies."""
    for s in sc.sources:
        words = re.sub(r"\S*\.(?:com|org|net|de|at|al|it|cn|pl|us|info|wiki|online)\S*", "", s.text)
        described = YEAR.search(words) or len(re.findall(r"[A-Za-z]{3,}", words)) >= 3
        assert described, f"{s.key}: {s.text!r} is a bare link"


def test_the_bare_link_check_can_fail() -> None:
    bare = Scenario.__new__(Scenario)  # only .sources is read
    object.__setattr__(bare, "sources", (Entry("CSM84", "CSM84", "csmonitor.com/1984/1219/121906.html"),))
    with pytest.raises(AssertionError, match="bare link"):
        test_sources_are_citations_not_bare_links(bare)


# --- abbreviations ----------------------------------------------------------------------------------------

def _visible(sc: Scenario) -> list[str]:
    """Every text a player meets in either front end (the glossary's own explanations aside)."""
    texts = [sc.title, sc.description, sc.introduction, sc.score_text, sc.differs, sc.epilogue,
             *sc.objectives, *sc.questions, *(t for _, t in sc.hints)]
    for g in sc.groups:
        texts += [g.name, g.summary, g.source]
    for c in sc.countries:
        texts += [c.name, c.short, c.post, c.leader, c.party, c.history, c.aftermath, c.outcome]
    for r in sc.responses:
        texts += [r.name, r.text, r.source]
    for card in sc.cards:
        texts += [card.title, card.text, card.source]
    for i in sc.initiatives:
        texts += [i.name, i.text, i.source]
    texts += [r.text for r in sc.rules]
    for ev in sc.events:
        texts += [ev.title, ev.text]
    for end in sc.endings:
        texts += [end.title, end.text, end.history]
    for d in sc.difficulties:
        texts += [d.name, d.text]
    for e in sc.reader:
        texts += [e.title, e.text, e.key]
    texts += [s.text for s in sc.sources]
    for q in sc.source_questions:
        texts += [q.topic, q.text]
    return texts


def abbreviations(text: str) -> set[str]:
    """Words written mostly in capitals ('KSČ', 'ChSSR', 'TsKhSD', 'USA'), not names ('OnCuba') or numbers
    ('VI'), nor identifiers with digits."""
    found = set()
    for word in re.findall(r"[^\W_]+", text):
        if any(ch.isdigit() for ch in word):
            continue
        upper = sum(ch.isupper() for ch in word)
        if upper >= 2 and upper * 2 >= len(word) and not re.fullmatch(r"[IVXLC]+", word):
            found.add(word)
    return found


def test_the_abbreviation_finder() -> None:
    assert abbreviations("Gustáv Husák, KSČ leader; the ChSSR, TsKhSD, OnCuba News, volume VI, CSM84") == \
        {"KSČ", "ChSSR", "TsKhSD"}


def test_every_abbreviation_a_player_meets_is_in_the_glossary(sc: Scenario) -> None:
    terms = {t.strip() for g in sc.glossary for t in g.title.split(" / ")}
    keys = _keys(sc)
    missing: dict[str, str] = {}
    for text in _visible(sc):
        for word in abbreviations(text) - terms - keys:
            missing.setdefault(word, text[:70])
    assert not missing, f"abbreviations a player meets but the glossary does not explain: {missing}"


REQUIRED_TERMS = ["SED", "PZPR", "PUWP", "HSWP", "KSČ", "BCP", "MPRP", "PCC", "CPV", "LPRP", "RCP", "LCY", "WPK",
                  "Khmer Rouge", "Non-Aligned Movement", "Solidarity", "Hegemonism", "Fraternal",
                  "Chargé d'affaires"]


def test_the_glossary_explains_the_terms_of_the_issue(main: Scenario) -> None:
    terms = {t.strip().lower() for g in main.glossary for t in g.title.split(" / ")}
    assert {t.lower() for t in REQUIRED_TERMS} <= terms, {t for t in REQUIRED_TERMS if t.lower() not in terms}


# --- what must not be said ----------------------------------------------------------------------------------

#: Each line of FACTS.md that marks something UNCONFIRMED (a snippet of it), and what a scenario must then not
#: say: the details themselves, in any form. The test below fails when FACTS.md gains an UNCONFIRMED line this
#: table does not cover.
UNCONFIRMED = {
    "The exact dates and the Chinese delegation are **UNCONFIRMED**": [
        r"\b(RCP|RKP|PCR|Romanian)\b[^.]{0,40}\b(12th|XII)\b", r"\b(12th|XII)\b[^.]{0,40}\b(RCP|RKP|PCR|Romanian)",
        r"Pîrvulescu", r"98 foreign delegations", r"Chinese (party )?delegation[^.]{0,60}(November|1979)",
    ],
}


def test_every_unconfirmed_line_is_covered(facts: str) -> None:
    lines = [line for line in facts.splitlines()
             if "UNCONFIRMED**" in line and line.lstrip().startswith(("-", "|"))]
    assert lines, "FACTS.md marks nothing UNCONFIRMED any more: update the table"
    for line in lines:
        assert any(snippet in line for snippet in UNCONFIRMED), f"not covered by the table: {line}"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_nothing_unconfirmed_is_stated(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for snippet, patterns in UNCONFIRMED.items():
        for pattern in patterns:
            found = re.search(pattern, text)
            assert found is None, f"{path.name} states what FACTS.md marks UNCONFIRMED ({snippet}): {found}"


def test_unconfirmed_patterns_can_match() -> None:
    """The forbidden patterns are not dead: each catches a sentence that would state the unconfirmed detail."""
    said = ("The RCP's 12th Congress met from 19 to 23 November 1979. Pîrvulescu spoke. It had 98 foreign "
            "delegations, and a Chinese delegation came in November 1979. The 12th Congress of the Romanian party.")
    for patterns in UNCONFIRMED.values():
        for pattern in patterns:
            assert re.search(pattern, said), pattern


def test_the_directive_is_not_cited_for_kampuchea(main: Scenario) -> None:
    """The directive never names Kampuchea: no card drawn at Phnom Penh quotes the directive's classification."""
    k = main.country_index("kampuchea")
    for card in main.cards:
        if k in card.countries:
            assert "unceasing attacks" not in card.text and "Introduction, para. 2" not in card.source, card.id
    assert k not in main.card("border_pressure").countries


# --- the teacher's guide ----------------------------------------------------------------------------------

def test_guide_keys_are_in_the_game(main: Scenario) -> None:
    """The guide's [KEY] references point at the main scenario's source list, where the reader finds them."""
    keys = set(re.findall(r"\[([A-Z0-9][A-Za-z0-9-]*)\]", GUIDE.read_text(encoding="utf-8")))
    keys -= {"KEY"}
    assert keys, "the guide cites no source keys"
    assert keys <= _keys(main), keys - _keys(main)
