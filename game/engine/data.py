"""The compiled, frozen scenario the engine plays: plain dataclasses, built by game.scenario from a TOML file.

The engine never sees pydantic or TOML. Every item keeps its ``origin`` (file, line and dotted path), so the
front ends can say which scenario line lies behind any number.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from game.engine.expr import COUNTRY_VARS, Effect, Env, Expr


def label(word: str) -> str:
    """A word as a label, at the start of a line or a sentence: its first letter capitalised ('bloc cohesion'
    -> 'Bloc cohesion'); the rest as the scenario writes it."""
    return word[:1].upper() + word[1:]


@dataclass(frozen=True)
class Words:
    """The words a scenario names its world with, as every front end, help screen and report uses them. Each
    is written as it reads inside a sentence ('bloc cohesion', 'China ties'); ``label`` capitalises it for the
    start of a line. The defaults are the wording of the main scenario, so a scenario that names nothing reads
    as it always did (game.scenario.models documents each word as [words] in the format)."""

    rival: str = "China"
    rival_adjective: str = "Chinese"
    rival_capital: str = "Beijing"
    countries: str = "the socialist countries"
    moves: str = "outreach"
    aggregate: str = "bloc cohesion"
    aggregate_short: str = "cohesion"
    aggregate_phrase: str = "the bloc's cohesion"
    aggregate_text: str = "the weighted average of alignment at every post"
    reference: str = "directive"
    afterwards: str = "relations with China afterwards"
    #: The four per-country values, in storage order (expr.COUNTRY_VARS): as in a sentence, and in 6 cells.
    values: tuple[str, str, str, str] = ("alignment", "China ties", "resentment", "stability")
    values_short: tuple[str, str, str, str] = ("Align", "China", "Resent", "Stabil")
    capital: str = "political capital"
    capital_short: str = "capital"
    economy: str = "economy budget"
    economy_short: str = "economy"
    climate: str = "international climate"

    def value(self, var: str) -> str:
        """A country value's name in a sentence ('China ties', 'alignment'); a resource's or the climate's
        too; '' for a name that is none of them."""
        if var in COUNTRY_VARS:
            return self.values[COUNTRY_VARS.index(var)]
        return {"capital": self.capital, "economy": self.economy, "climate": self.climate}.get(var, "")

    def short(self, var: str) -> str:
        """A country value's name in six cells, for a table's header ('Align')."""
        return self.values_short[COUNTRY_VARS.index(var)]


DEFAULT_WORDS = Words()

#: The four per-country values' names in the default words, in storage order (see expr.COUNTRY_VARS). Front
#: ends read a scenario's own words (``Scenario.words``); this is for tools that have no scenario.
VALUE_NAMES: dict[str, str] = {var: label(DEFAULT_WORDS.value(var)) for var in COUNTRY_VARS}
VALUE_MIN = 0.0
VALUE_MAX = 100.0
#: Resources and the climate are kept in these bounds.
RESOURCE_MAX = 999.0


@dataclass(frozen=True)
class Origin:
    """Where an item was written: shown to players as 'the scenario line behind this'."""

    file: str
    line: int
    path: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} {self.path}"


NOWHERE = Origin("<engine>", 0, "")


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    summary: str
    source: str  # where the source document describes it ("Introduction, para. 2"); may be empty
    cards_per_turn: Expr
    origin: Origin = NOWHERE


@dataclass(frozen=True)
class Country:
    id: str
    name: str
    short: str
    post: str
    group: str
    acts: bool
    weight: float
    start: tuple[float, float, float, float]
    leader: str = ""
    party: str = ""
    history: str = ""
    history_sources: tuple[str, ...] = ()
    aftermath: str = ""
    aftermath_sources: tuple[str, ...] = ()
    outcome: str = ""
    outcome_when: Expr | None = None  # true when the player's result matches the outcome
    outcome_sources: tuple[str, ...] = ()
    origin: Origin = NOWHERE
    common: str = ""  # the name students know it by ("Poland"); empty: the short name


def decision_id(event: str) -> str:
    """The id of the card a decision event puts on the table ("event.gdansk_strike"): never a card's own id,
    which cannot hold a dot."""
    return f"event.{event}"


def option_id(event: str, option: str) -> str:
    """The id of a decision's option as a response ("gdansk_strike.negotiate"): never a response's own id."""
    return f"{event}.{option}"


def is_option(response: str) -> bool:
    """Whether a response id is a decision's option (``option_id``)."""
    return "." in response


@dataclass(frozen=True)
class Response:
    id: str
    name: str
    text: str
    capital: float
    economy: float
    block: float
    effects: tuple[Effect, ...]
    coercion: int
    default: bool
    source: str = ""
    origin: Origin = NOWHERE


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    text: str
    source: str  # where the source document describes it (the scenario's words call it the reference); may be empty
    sources: tuple[str, ...]
    countries: tuple[int, ...]  # indices of the countries it can be drawn for
    weight: Expr
    when: Expr | None
    effects: tuple[Effect, ...]
    responses: tuple[str, ...]  # the responses allowed on it, in scenario order
    block: tuple[tuple[str, float], ...]  # per-response overrides of Response.block
    origin: Origin = NOWHERE
    #: A decision an event puts to the player (the event's id): never drawn; its responses are the event's
    #: options, and ``default`` the one that applies when it is left unanswered.
    event: str = ""
    default: str = ""  # the response applied when the card is not answered ("": the scenario's default)

    def block_for(self, response: Response) -> float:
        for rid, value in self.block:
            if rid == response.id:
                return value
        return response.block


@dataclass(frozen=True)
class Initiative:
    id: str
    name: str
    text: str
    capital: float
    economy: float
    countries: tuple[int, ...]
    effects: tuple[Effect, ...]
    source: str = ""
    origin: Origin = NOWHERE


@dataclass(frozen=True)
class Rule:
    id: str
    text: str
    when: Expr | None
    effects: tuple[Effect, ...]
    countries: tuple[int, ...] | None  # None: a global rule, applied once a month
    origin: Origin = NOWHERE


@dataclass(frozen=True)
class Change:
    """From ``turn`` on, a post's leader, party or history reads differently (empty fields keep the text)."""

    date: str
    turn: int
    country: int
    leader: str
    party: str
    history: str
    text: str
    sources: tuple[str, ...]
    origin: Origin = NOWHERE


@dataclass(frozen=True)
class HistoricalEvent:
    id: str
    title: str
    text: str
    date: str  # as written, e.g. "1980-05-04"; empty for a conditional event
    turn: int | None  # the month it fires in, or None for a conditional event
    when: Expr | None
    countries: tuple[int, ...] | None  # per-country: checked and applied at each; None: global
    once: bool
    chance: float
    effects: tuple[Effect, ...]
    sources: tuple[str, ...]
    historical: bool
    origin: Origin = NOWHERE
    #: The decision it puts to the player at each of its posts when it fires (a card id), or "".
    decision: str = ""


@dataclass(frozen=True)
class Ending:
    id: str
    title: str
    text: str
    when: Expr | None
    bonus: float
    origin: Origin = NOWHERE
    history: str = ""  # how history differs from this ending, in one sentence
    history_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Difficulty:
    id: str
    name: str
    text: str
    capital: float
    economy: float


@dataclass(frozen=True)
class Policy:
    """A scripted way of playing, for the balance report: the first allowed, affordable response wins."""

    id: str
    name: str
    text: str
    prefer: tuple[str, ...]
    initiatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """A glossary entry, a source, a reader section or a hint: text the game shows as it is."""

    key: str
    title: str
    text: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceQuestion:
    """A question on the source document, with a short note for the teacher."""

    topic: str
    text: str
    note: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    description: str
    introduction: str
    file: str
    sha256: str
    start_year: int
    start_month: int
    turns: int
    seed: int
    capital: float
    capital_carry: float
    economy: float
    climate: float
    max_cards: int
    groups: tuple[Group, ...]
    countries: tuple[Country, ...]
    responses: tuple[Response, ...]
    cards: tuple[Card, ...]
    initiatives: tuple[Initiative, ...]
    rules: tuple[Rule, ...]
    events: tuple[HistoricalEvent, ...]
    endings: tuple[Ending, ...]
    difficulties: tuple[Difficulty, ...] = ()
    policies: tuple[Policy, ...] = ()
    glossary: tuple[Entry, ...] = ()
    sources: tuple[Entry, ...] = ()
    reader: tuple[Entry, ...] = ()
    objectives: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    hints: tuple[tuple[int, str], ...] = ()
    score_text: str = ""
    changes: tuple[Change, ...] = ()
    notes: tuple[str, ...] = ()  # a teacher's note per question, in the same order (or none)
    differs: str = ""  # asked wherever a player's result at a post differs from its outcome
    epilogue: str = ""
    epilogue_sources: tuple[str, ...] = ()
    source_questions: tuple[SourceQuestion, ...] = ()
    words: Words = DEFAULT_WORDS
    #: The aggregate per country, whose mean weighted by the countries' weights is the aggregate ('cohesion'
    #: in expressions); None for alignment itself, the default.
    cohesion: Expr | None = None
    _index: dict[str, dict[str, int]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name, items in (("countries", self.countries), ("responses", self.responses),
                            ("cards", self.cards), ("initiatives", self.initiatives),
                            ("events", self.events), ("endings", self.endings), ("groups", self.groups),
                            ("difficulties", self.difficulties), ("sources", self.sources)):
            self._index[name] = {getattr(it, "id", getattr(it, "key", "")): k for k, it in enumerate(items)}

    def has(self, kind: str, ident: str) -> bool:
        """Whether the scenario defines an item of this kind ("countries", "responses", ...) with this id."""
        return ident in self._index[kind]

    # Look-ups by id; a KeyError here is a bug in the caller, since the scenario was validated.
    def country(self, cid: str) -> Country:
        return self.countries[self._index["countries"][cid]]

    def country_index(self, cid: str) -> int:
        return self._index["countries"][cid]

    def response(self, rid: str) -> Response:
        return self.responses[self._index["responses"][rid]]

    def card(self, cid: str) -> Card:
        return self.cards[self._index["cards"][cid]]

    def initiative(self, iid: str) -> Initiative:
        return self.initiatives[self._index["initiatives"][iid]]

    def event(self, eid: str) -> HistoricalEvent:
        return self.events[self._index["events"][eid]]

    def ending(self, eid: str) -> Ending:
        return self.endings[self._index["endings"][eid]]

    def group(self, gid: str) -> Group:
        return self.groups[self._index["groups"][gid]]

    def difficulty(self, did: str) -> Difficulty:
        return self.difficulties[self._index["difficulties"][did]]

    def source(self, key: str) -> Entry | None:
        k = self._index["sources"].get(key)
        return None if k is None else self.sources[k]

    def env(self, values: list[list[float]], g: list[float]) -> Env:
        """An expression environment over these values and globals, with the scenario's country weights and
        its aggregate: the one place one is made for a scenario."""
        return Env(values, g, [c.weight for c in self.countries], None if self.cohesion is None else self.cohesion.fn)

    @property
    def default_response(self) -> Response:
        return next(r for r in self.responses if r.default)

    def default_for(self, card: Card) -> Response:
        """The response that applies to ``card`` when the player leaves it unanswered."""
        return self.response(card.default) if card.default else self.default_response

    def month_of(self, turn: int) -> tuple[int, int]:
        """The (year, month) of a 1-based turn."""
        m = self.start_month - 1 + (turn - 1)
        return self.start_year + m // 12, m % 12 + 1

    def country_at(self, ci: int, turn: int) -> Country:
        """Country ``ci`` as it reads in month ``turn``: its dated changes up to then applied, in date order."""
        country = self.countries[ci]
        for ch in self.changes:
            if ch.country == ci and ch.turn <= turn:
                country = replace(country, leader=ch.leader or country.leader, party=ch.party or country.party,
                                  history=ch.history or country.history,
                                  history_sources=ch.sources if ch.history else country.history_sources)
        return country

    def changes_in(self, turn: int) -> tuple[Change, ...]:
        """The dated changes that take effect in month ``turn``, for its briefing."""
        return tuple(ch for ch in self.changes if ch.turn == turn)

    def month_label(self, turn: int) -> str:
        year, month = self.month_of(turn)
        return f"{MONTH_NAMES[month - 1]} {year}"


T = TypeVar("T")


def per_scenario(build: Callable[[Scenario], T]) -> Callable[[Scenario], T]:
    """``build(scenario)`` computed once per scenario and kept while the scenario lives: keyed by identity
    (hashing a whole scenario costs more than the look-up saves), with a weak reference to the scenario."""
    cache: dict[int, tuple[weakref.ref[Scenario], T]] = {}

    def get(sc: Scenario) -> T:
        entry = cache.get(id(sc))
        if entry is not None and entry[0]() is sc:
            return entry[1]
        value = build(sc)
        key = id(sc)
        cache[key] = (weakref.ref(sc, lambda _: cache.pop(key, None)), value)
        return value

    get.__doc__ = build.__doc__
    return get


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
