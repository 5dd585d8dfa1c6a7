"""The scenario file format as pydantic models: the one description of every table and key.

The JSON Schema (``ambassador schema``) and the format reference (docs/scenario-format.md) are generated from
these models, so each field's description is written for a teacher reading that reference. Expressions and
references to other items are checked here too, against the ids the loader collected from the same file
(passed in as the validation context), so one run reports every problem.
"""

from __future__ import annotations

import calendar
import datetime
import difflib
import functools
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from game.engine import ranges
from game.engine.data import DEFAULT_WORDS
from game.engine.expr import COUNTRY_VARS, ExprError, Names, compile_effects, compile_expr
from game.engine.rng import SEED_MAX

FORMAT_VERSION = 1

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=40)]
Text = Annotated[str, Field(max_length=20_000)]
Short = Annotated[str, Field(min_length=1, max_length=200)]
#: What a response, an option or an initiative costs.
CapitalCost = Annotated[float, Field(ge=0, le=100, description="Political capital it costs.")]
EconomyCost = Annotated[float, Field(ge=0, le=100, description="Economic budget it costs.")]
Value = Annotated[float, Field(ge=0, le=100)]


#: A month, as in [scenario] start (empty allowed where the key is optional).
_MONTH = r"^(\d{4}-(0[1-9]|1[0-2]))?$"


def _real_calendar_date(v: str) -> str:
    """A YYYY-MM-DD date must be a day of the calendar (1980-04-31 is not); YYYY-MM passes as it is."""
    if len(v) == 10:
        try:
            datetime.date(int(v[:4]), int(v[5:7]), int(v[8:]))
        except ValueError:
            month = calendar.month_name[int(v[5:7])]
            days = calendar.monthrange(max(int(v[:4]), 1), int(v[5:7]))[1]
            raise PydanticCustomError("no_such_day", "{message}", {
                "message": f"{v} is not a day in the calendar: {month} {v[:4]} has {days} days; check "
                           "the date"}) from None
    return v


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


# --- checks that need the rest of the file -----------------------------------------------------------------

def _context(info: ValidationInfo) -> dict[str, Any]:
    return info.context if isinstance(info.context, dict) else {}


def _check_ref(kind: str, value: str, info: ValidationInfo) -> str:
    known: list[str] = list(dict.fromkeys(_context(info).get(kind, [])))  # an id used twice is listed once
    if value not in known:
        close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else \
            (f" (known: {', '.join(known[:12])}{', ...' if len(known) > 12 else ''})" if known else
             f" (the file defines no {kind})")
        singular = kind.rstrip("s").replace("ie", "y") if kind != "glossary" else kind
        raise PydanticCustomError("unknown_ref", "{message}", {"message": f"unknown {singular} {value!r}{hint}"})
    return value


def _ref(kind: str) -> AfterValidator:
    return AfterValidator(lambda v, info: _check_ref(kind, v, info))


GroupRef = Annotated[str, _ref("groups")]
CountryRef = Annotated[str, _ref("countries")]
ResponseRef = Annotated[str, _ref("responses")]
InitiativeRef = Annotated[str, _ref("initiatives")]
SourceRef = Annotated[str, _ref("sources")]
#: The section each kind of reference names (a card's ``responses`` are ids of ``[[responses]]`` entries).
REF_KINDS: dict[Any, str] = {GroupRef: "groups", CountryRef: "countries", ResponseRef: "responses",
                             InitiativeRef: "initiatives", SourceRef: "sources"}


def _names(info: ValidationInfo, in_country: bool, drawn: bool = False) -> Names:
    return Names(countries=tuple(_context(info).get("countries", [])), in_country=in_country, ranges=drawn,
                 shown=tuple(_context(info).get("shown", ())))


def _check_expression(value: str, info: ValidationInfo, *, effects: bool, in_country: bool,
                      drawn: bool = False) -> str:
    problem = _expression_problem(value, _names(info, in_country, drawn),
                                  _context(info).get("calendar", ranges.Calendar()), effects)
    if problem is not None:
        raise PydanticCustomError("expression", "{message}", {"message": problem})
    return value


@functools.lru_cache(maxsize=4096)
def _expression_problem(value: str, names: Names, calendar: ranges.Calendar, effects: bool) -> str | None:
    """What is wrong with one expression (or effects) text where these names are known, None when nothing.
    The answer depends on these arguments alone, so it is kept: a file checked again (``validate --watch``
    after an edit; the fuzz tests' thousands of variants of one file) pays only for its new expressions."""
    try:
        if effects:
            compile_effects(value, names)
        else:
            compile_expr(value, names)
        ranges.check(value, names, calendar, effects=effects)
    except ExprError as exc:
        return str(exc)
    return None


def _post_effects(cls: type, v: str, info: ValidationInfo) -> str:
    """An optional effects text run at one post (a response's, a decision option's): checked when given. Only
    these effects may draw an amount from a range (``between(low, high)``): the player chooses them, knowing
    the range."""
    return _check_expression(v, info, effects=True, in_country=True, drawn=True) if v.strip() else v


def _scope_is_country(info: ValidationInfo) -> bool:
    return bool(info.data.get("scope", "country") == "country")


# --- tables ------------------------------------------------------------------------------------------------

class ScenarioInfo(_Model):
    """The scenario's identity and calendar."""

    format: Literal[1] = Field(1, description="The version of this file format. Always 1 for now.")
    id: Id = Field(description="Short identifier, used on the command line and in records: lowercase "
                               "letters, digits and underscores.")
    title: Short = Field(description="The title players see.")
    description: Text = Field(description="One or two sentences for the scenario list.")
    introduction: Text = Field("", description="Shown before the first month: the situation and the "
                                               "player's role.")
    author: str = Field("", description="Who wrote the scenario.")
    start: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
                       description="The first month, as YYYY-MM (for example \"1980-03\").")
    turns: int = Field(ge=1, le=60, description="Number of monthly turns.")
    seed: int = Field(1980, ge=0, le=SEED_MAX, description="The default seed; a class can share another.")
    max_cards: int = Field(3, ge=1, le=6, description="The most cards the rival plays at one post in one "
                                                      "month.")
    score: Text = Field("", description="How the score is explained to players, when a game starts (the "
                                        "debrief then gives the numbers). Empty: \"Your score is the average "
                                        "<aggregate> over all months, plus the ending's bonus.\", with [words] "
                                        "aggregate.")
    cohesion: str = Field("alignment", description="Expression over a country's values (and other countries' "
                                                   "values, as COUNTRY.value): the game's aggregate, which "
                                                   "expressions read as `cohesion` and [words] aggregate names, "
                                                   "is its mean over all countries weighted by their weight, "
                                                   "each country's part kept within 0 to 100. The default, "
                                                   "\"alignment\", makes it the weighted mean of alignment; "
                                                   "for example \"(alignment + stability) / 2\" or "
                                                   "\"min(alignment, 100 - resentment)\". It may not read the "
                                                   "climate, the resources or the calendar.")

    @field_validator("cohesion")
    @classmethod
    def _cohesion(cls, v: str, info: ValidationInfo) -> str:
        _check_expression(v, info, effects=False, in_country=True)
        used = compile_expr(v, _names(info, True)).names
        countries = set(_context(info).get("countries", []))
        other = sorted(n for n in used if n not in COUNTRY_VARS and n.partition(".")[0] not in countries
                       and n not in ("min", "max", "abs", "clamp"))
        if other:
            raise PydanticCustomError("expression", "{message}", {
                "message": f"the aggregate may read only the countries' values ({', '.join(COUNTRY_VARS)}, "
                           f"or COUNTRY.value), not {', '.join(repr(n) for n in other)}"})
        if not any(n in COUNTRY_VARS or "." in n for n in used):
            raise PydanticCustomError("expression", "{message}", {
                "message": "the aggregate does not read any country's value, so it never changes; write for "
                           "example \"alignment\""})
        return v


_W = DEFAULT_WORDS


def _one_line(v: str) -> str:
    """A word is shown inside sentences and brackets: one line of text, without [ or ] (which the screens use
    around references), and not only spaces."""
    if not v.strip():
        raise PydanticCustomError("word", "{message}", {"message": "the word is empty; write the word, or remove "
                                                                   "the key for the default"})
    bad = next((ch for ch in v if ch in "[]" or (ord(ch) < 32)), None)
    if bad is not None:
        raise PydanticCustomError("word", "{message}", {
            "message": f"a word is one line of text without [ or ], and this one holds {bad!r}; remove it"})
    if v != v.strip():
        raise PydanticCustomError("word", "{message}", {"message": "the word starts or ends with spaces; remove "
                                                                   "them"})
    return v


#: A word a scenario sets ([words]): one line of plain text.
Word = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_one_line)]
ShortWord = Annotated[str, Field(min_length=1, max_length=6), AfterValidator(_one_line)]


class Words(_Model):
    """The words the game names the scenario's world with, on every screen, in the help, the transcript and
    the reports. Each is written as it reads inside a sentence (\"bloc cohesion\", not \"Bloc cohesion\"); the
    game capitalises the first letter where a word starts a line. Every word has a default, the main scenario's
    wording; a word you leave out that depends on one you set follows it (set rival = \"Moscow\" and the
    value china_ties is called \"Moscow ties\" unless you name it). One line each, without [ or ]."""

    rival: Word = Field(_W.rival, description="The rival whose moves the cards are, as a name: \"What China "
                                              "did\", \"China's move\".")
    rival_adjective: Word = Field(_W.rival_adjective, description="The rival as an adjective: \"No Chinese "
                                                                  "outreach here this month\". Defaults to the rival "
                                                                  "itself.")
    rival_capital: Word = Field(_W.rival_capital, description="The rival's capital, where its moves are decided. "
                                                              "Defaults to the rival.")
    countries: Word = Field(_W.countries, description="The countries the game is about, in a sentence: \"Each "
                                                      "month China reaches out to the socialist countries\". "
                                                      "Once the rival is set, defaults to \"the countries you "
                                                      "watch over\".")
    moves: Word = Field(_W.moves, description="The rival's cards taken together: \"No Chinese outreach here this "
                                              "month\". Once the rival is set, defaults to \"moves\".")
    aggregate: Word = Field(_W.aggregate, description="The name of the aggregate ([scenario] cohesion; "
                                                      "`cohesion` in expressions): \"Bloc cohesion 64 -> 62\".")
    aggregate_short: Word = Field(_W.aggregate_short, description="The aggregate in a tight space, such as the "
                                                                  "status line: \"Cohesion 64\". Defaults to the "
                                                                  "aggregate's last word.")
    aggregate_phrase: Word = Field(_W.aggregate_phrase, description="The aggregate in a sentence: \"Score 63: "
                                                                    "the bloc's cohesion at the end of each "
                                                                    "month, averaged\". Defaults to \"the\" and "
                                                                    "the aggregate.")
    aggregate_text: Word = Field(_W.aggregate_text, description="How the aggregate is computed, in words: "
                                                                "\"Bloc cohesion 64 (the weighted average of "
                                                                "alignment at every post)\". Defaults to a "
                                                                "sentence made from [scenario] cohesion.")
    reference: Word = Field(_W.reference, description="What a card's, response's, group's or initiative's "
                                                      "`source` reference is called: \"[directive: "
                                                      "Introduction, para. 4]\".")
    afterwards: Word = Field(_W.afterwards, description="The debrief's heading for what became of each "
                                                        "country's relations after the game (its `aftermath`): "
                                                        "\"Relations with China afterwards\". Once the rival is "
                                                        "set, defaults to \"relations with\" the rival and "
                                                        "\"afterwards\".")
    alignment: Word = Field(_W.values[0], description="The name of the value `alignment`: alignment with the "
                                                      "player's side.")
    alignment_short: ShortWord = Field(_W.values_short[0], description="`alignment` in six characters, for a "
                                                                       "narrow table's header. Defaults to the "
                                                                       "name's first word, cut to six.")
    china_ties: Word = Field(_W.values[1], description="The name of the value `china_ties`: ties with the rival. "
                                                       "Defaults to the rival and \"ties\".")
    china_ties_short: ShortWord = Field(_W.values_short[1], description="`china_ties` in six characters. "
                                                                        "Defaults to its name's first word, cut "
                                                                        "to six.")
    resentment: Word = Field(_W.values[2], description="The name of the value `resentment`: resentment of the "
                                                       "player's pressure.")
    resentment_short: ShortWord = Field(_W.values_short[2], description="`resentment` in six characters. "
                                                                        "Defaults to the name's first word, cut "
                                                                        "to six.")
    stability: Word = Field(_W.values[3], description="The name of the value `stability`: domestic stability.")
    stability_short: ShortWord = Field(_W.values_short[3], description="`stability` in six characters. "
                                                                       "Defaults to the name's first word, cut "
                                                                       "to six.")
    capital: Word = Field(_W.capital, description="The name of the resource `capital`, granted each month.")
    capital_short: Word = Field(_W.capital_short, description="`capital` in a cost: \"2 capital\". Defaults to "
                                                              "the name's last word.")
    economy: Word = Field(_W.economy, description="The name of the resource `economy`, the budget for the "
                                                  "whole game.")
    economy_short: Word = Field(_W.economy_short, description="`economy` in a cost: \"1 economy\". Defaults "
                                                              "to the name's first word.")
    climate: Word = Field(_W.climate, description="The name of the global value `climate`.")


class Resources(_Model):
    """What the player has to spend, and the international climate at the start."""

    capital: float = Field(ge=0, le=100, description="Political capital granted each month.")
    capital_carry: float = Field(0, ge=0, le=100, description="How much unspent capital carries over into "
                                                               "the next month, at most.")
    economy: float = Field(0, ge=0, le=500, description="The economic budget for the whole game (CMEA "
                                                        "counter-offers); it is not renewed.")
    climate: Value = Field(50, description="The international climate at the start, 0 (hostile) to 100 "
                                           "(détente).")


class Difficulty(_Model):
    """A difficulty level: it replaces the resources."""

    id: Id
    name: Short
    text: Text = ""
    capital: float = Field(ge=0, le=100, description="Political capital granted each month.")
    economy: float = Field(0, ge=0, le=500, description="The economic budget for the whole game.")


class Group(_Model):
    """A group of countries, as the source document groups them: how the rival approaches them, and how hard."""

    id: Id
    name: Short = Field(description="For example \"Pressure and promises\".")
    summary: Text = Field("", description="What the source says of the rival's approach to this group.")
    source: str = Field("", description="Where in the source document, for example \"Introduction, para. 2\".")
    directive: str = Field("", description="The old spelling of `source`, still read.")
    cards_per_turn: str = Field("1", description="Expression: how many cards the rival plays at each "
                                                "post of this group in a month (rounded; 0 to max_cards). "
                                                "It may read the country's values.")

    @field_validator("cards_per_turn")
    @classmethod
    def _expr(cls, v: str, info: ValidationInfo) -> str:
        return _check_expression(v, info, effects=False, in_country=True)


class Country(_Model):
    """A country, its embassy (post) and its starting values."""

    id: Id
    name: Short = Field(description="Full name, for example \"Polish People's Republic\".")
    short: str = Field("", max_length=12, description="Abbreviation shown in tight spaces, for example "
                                                       "\"PNR\". Defaults to the name.")
    common: str = Field("", max_length=16, description="The name students know the country by, for example "
                                                        "\"Poland\"; tables and lists show it. Defaults to the short "
                                                        "name.")
    post: Short = Field(description="Where the player's embassy sits, for example \"Warsaw\".")
    group: GroupRef = Field(description="The id of the group the country is in.")
    acts: bool = Field(True, description="true where the player acts (an action post); false for a "
                                         "post that is only watched.")
    weight: float = Field(1.0, ge=0, le=10, description="The country's weight in the aggregate ([scenario] cohesion).")
    leader: str = Field("", description="The leader in the scenario's period, as the sources give it.")
    party: str = Field("", description="The ruling party.")
    alignment: Value = Field(description="Alignment with the player's side at the start, 0 to 100.")
    china_ties: Value = Field(description="Depth of ties with the rival at the start, 0 to 100 (the key keeps the main "
                                              "scenario's name; [words] china_ties names it).")
    resentment: Value = Field(description="Resentment of the player's pressure at the start, 0 to 100.")
    stability: Value = Field(description="Domestic stability at the start, 0 to 100.")
    history: Text = Field("", description="What really happened there, for the debrief.")
    history_sources: list[SourceRef] = Field([], description="Source keys for the history text.")
    aftermath: Text = Field("", description="How its relations with the rival actually went in the years after "
                                            "the game (for the main game, 1980-82), for the debrief: sourced, "
                                            "in the game's own words.")
    aftermath_sources: list[SourceRef] = Field([], description="Source keys for the aftermath text.")
    outcome: str = Field("", max_length=200, description="What really happened there, in the model's terms, "
                                                         "for the debrief's \"your year against history\", "
                                                         "for example \"kept to the common line\".")
    outcome_when: str = Field("", description="Expression over the country's values at the end of the game: "
                                              "true when the player's result matches the outcome (for "
                                              "example \"alignment >= 60\"). Empty: no comparison.")
    outcome_sources: list[SourceRef] = Field([], description="Source keys for the outcome.")

    @field_validator("outcome_when")
    @classmethod
    def _outcome_when(cls, v: str, info: ValidationInfo) -> str:
        return _check_expression(v, info, effects=False, in_country=True) if v.strip() else v


class Response(_Model):
    """A way the ambassador can answer an outreach card."""

    id: Id
    name: Short
    text: Text = Field("", description="What it is and what it tends to do, shown with the choice.")
    source: str = Field("", description="Where the source document names it, for example \"Instruction "
                                        "5\"; empty for responses it does not name.")
    directive: str = Field("", description="The old spelling of `source`, still read.")
    capital: CapitalCost = 0
    economy: EconomyCost = 0
    block: float = Field(0, ge=0, le=1, description="The share of a card's effects it prevents (0 to 1), "
                                                    "unless the card sets its own.")
    coercion: int = Field(0, ge=0, le=10, description="How coercive it is, 0 (not at all) to 10; the "
                                                      "balance report's hardline policy prefers the highest.")
    default: bool = Field(False, description="true for the one response applied to unanswered cards "
                                             "(doing nothing). It must cost nothing.")
    effects: str = Field("", description="Effects on the country where it is used, beyond blocking the "
                                         "card, for example \"resentment += 4\". An effect's whole amount may "
                                         "be a range, drawn each time the response is used: \"stability += "
                                         "between(2, 6)\".")

    _effects = field_validator("effects")(_post_effects)


class Card(_Model):
    """One of the rival's moves (in the main scenario, China's outreach as the directive describes it)."""

    id: Id
    title: Short
    text: Text = Field(description="What the rival does, in the game's own words.")
    source: str = Field("", description="Where the source document describes it, for example \"Introduction, "
                                        "para. 4\" (shown as \"[directive: Introduction, para. 4]\", after "
                                        "[words] reference); empty for none.")
    directive: str = Field("", description="The old spelling of `source`, still read.")
    sources: list[SourceRef] = Field(["DOC"], description="Source keys.")
    groups: list[GroupRef] = Field([], description="The groups it is played on.")
    countries: list[CountryRef] = Field([], description="Further single countries it is played on.")
    weight: str = Field("1", description="Expression: how likely it is to be drawn at a post, relative to "
                                         "the other cards there. It may read the country's values.")
    when: str = Field("", description="Expression: it can only be drawn while this holds.")
    first_month: str = Field("", pattern=_MONTH, description="YYYY-MM: the first month it can be drawn in; empty "
                                                             "for the scenario's first month.")
    last_month: str = Field("", pattern=_MONTH, description="YYYY-MM: the last month it can be drawn in; empty "
                                                            "for the scenario's last month.")
    effects: str = Field(description="What it does when nothing blocks it, for example \"china_ties += 5; "
                                     "alignment -= 3\".")
    responses: list[ResponseRef] = Field([], description="The responses allowed on it; empty for all. The "
                                                         "default response is always allowed.")
    block: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(
        {}, description="Per-response shares of the effects prevented, replacing the responses' own, for "
                        "example { vigilance = 0.9 }.")

    @field_validator("weight", "when")
    @classmethod
    def _exprs(cls, v: str, info: ValidationInfo) -> str:
        return _check_expression(v, info, effects=False, in_country=True) if v.strip() else v

    @field_validator("effects")
    @classmethod
    def _effects(cls, v: str, info: ValidationInfo) -> str:
        return _check_expression(v, info, effects=True, in_country=True)

    @field_validator("block")
    @classmethod
    def _block_keys(cls, v: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        for key in v:
            _check_ref("responses", key, info)
        return v


class Initiative(_Model):
    """An action for the whole month that touches many posts at once, such as multilateral coordination."""

    id: Id
    name: Short
    text: Text = ""
    source: str = Field("", description="Where the source document names it.")
    directive: str = Field("", description="The old spelling of `source`, still read.")
    capital: CapitalCost = 0
    economy: EconomyCost = 0
    groups: list[GroupRef] = Field([], description="Groups it reaches; with countries empty too, every "
                                                   "post where the player acts.")
    countries: list[CountryRef] = Field([], description="Single countries it reaches.")
    effects: str = Field(description="Effects at each country it reaches.")

    @field_validator("effects")
    @classmethod
    def _effects(cls, v: str, info: ValidationInfo) -> str:
        return _check_expression(v, info, effects=True, in_country=True)


class Rule(_Model):
    """A monthly rule of the scenario (drift), applied after the player's responses."""

    id: Id
    text: Short = Field(description="The rule in one line, as players see it, for example \"High "
                                    "resentment erodes alignment\".")
    scope: Literal["country", "global"] = Field("country", description="\"country\": checked and applied "
                                                "at each country; \"global\": once a month.")
    groups: list[GroupRef] = Field([], description="With scope \"country\": only these groups (empty: all).")
    countries: list[CountryRef] = Field([], description="With scope \"country\": only these countries.")
    when: str = Field("", description="Expression: the rule applies only while this holds.")
    effects: str

    @field_validator("when")
    @classmethod
    def _when(cls, v: str, info: ValidationInfo) -> str:
        return _check_expression(v, info, effects=False, in_country=_scope_is_country(info)) if v.strip() else v

    @field_validator("effects")
    @classmethod
    def _effects(cls, v: str, info: ValidationInfo) -> str:
        return _check_expression(v, info, effects=True, in_country=_scope_is_country(info))


class Change(_Model):
    """From a date on, a post has a new leader, party or history text (a new leader after a succession, for
    example). The game shows the new text from the month of the date on, and says so in that month's briefing."""

    date: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$",
                      description="YYYY-MM or YYYY-MM-DD: the change holds from that month on.")
    country: CountryRef = Field(description="The country whose text changes.")
    leader: str = Field("", description="The new leader line; empty keeps the one before.")
    party: str = Field("", description="The new ruling party; empty keeps the one before.")
    history: Text = Field("", description="The new history text for the debrief; empty keeps the one before.")
    text: Text = Field("", description="What the briefing of that month says about the change, in the game's "
                                       "own words; empty for a line made from the new leader.")
    sources: list[SourceRef] = Field(description="Source keys: a change of leader is a fact, so it names them.")

    @field_validator("date")
    @classmethod
    def _real_date(cls, v: str) -> str:
        return _real_calendar_date(v)


class Option(_Model):
    """One of the answers a decision event puts to the player."""

    id: Id
    name: Short
    text: Text = Field("", description="What choosing it means, shown with the choice.")
    capital: CapitalCost = 0
    economy: EconomyCost = 0
    default: bool = Field(False, description="true for the option that applies when the player leaves the "
                                             "decision unanswered (the first option when none is marked). "
                                             "It must cost nothing.")
    effects: str = Field("", description="Its effects at the post where the decision is taken, for example "
                                         "\"stability += 3; resentment += 2\". An effect's whole amount may be "
                                         "a range, drawn when the option is taken: \"stability += between(-4, "
                                         "8)\".")

    _effects = field_validator("effects")(_post_effects)


class Event(_Model):
    """A historical event on its date, or a conditional event that follows from the game."""

    id: Id
    title: Short
    text: Text = Field(description="What happened, in the game's own words.")
    date: str = Field("", pattern=r"^(\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
                      description="YYYY-MM or YYYY-MM-DD: it fires at the start of that month. Empty for a "
                                  "conditional event, checked at the end of every month.")
    historical: bool = Field(True, description="true for a real event (it must name its sources); false "
                                               "for a game mechanic.")
    sources: list[SourceRef] = Field([], description="Source keys.")
    scope: Literal["country", "global"] = Field("global", description="\"country\": checked and applied at "
                                                "each country it names; \"global\": once.")
    groups: list[GroupRef] = Field([], description="With scope \"country\": the groups it concerns.")
    countries: list[CountryRef] = Field([], description="With scope \"country\": the countries it concerns "
                                                        "(with groups empty too: all).")
    when: str = Field("", description="Expression: it fires only while this holds.")
    chance: float = Field(1.0, ge=0, le=1, description="The probability it fires when due; 0 switches the event "
                                                       "off (it stays in the file, and simulate lists it as off).")
    once: bool = Field(True, description="Fire at most once (per country, with scope \"country\").")
    effects: str = Field("", description="Its effects (empty for an event that only informs).")
    options: list[Option] = Field([], description="A decision: when the event fires, it puts these options to "
                                                  "the player at each of its posts, beside that month's cards, "
                                                  "and the one chosen applies when the month is resolved. Only "
                                                  "for a dated event with scope \"country\" at posts where the "
                                                  "player acts; two options at least.")

    @field_validator("date")
    @classmethod
    def _real_date(cls, v: str) -> str:
        return _real_calendar_date(v)

    @field_validator("when")
    @classmethod
    def _when(cls, v: str, info: ValidationInfo) -> str:
        return _check_expression(v, info, effects=False, in_country=_scope_is_country(info)) if v.strip() else v

    @field_validator("effects")
    @classmethod
    def _effects(cls, v: str, info: ValidationInfo) -> str:
        return _check_expression(v, info, effects=True, in_country=_scope_is_country(info)) if v.strip() else v


class Ending(_Model):
    """An ending: the first whose condition holds after the last month is the game's."""

    id: Id
    title: Short
    text: Text
    when: str = Field("", description="Expression over global values and COUNTRY.value names; empty for "
                                      "the last, catch-all ending.")
    bonus: float = Field(0, ge=-100, le=100, description="Added to the score.")
    history: Text = Field("", description="One sentence on how history differs from this ending, shown "
                                          "labelled in the debrief.")
    history_sources: list[SourceRef] = Field([], description="Source keys for the history sentence.")

    @field_validator("when")
    @classmethod
    def _when(cls, v: str, info: ValidationInfo) -> str:
        return _check_expression(v, info, effects=False, in_country=False) if v.strip() else v


class Policy(_Model):
    """A scripted way of playing for the balance report, such as \"the historical line\"."""

    id: Id
    name: Short
    text: Text = ""
    prefer: list[ResponseRef] = Field(min_length=1, description="Responses in order of preference: on each "
                                                                "card the first allowed and affordable wins.")
    initiatives: list[InitiativeRef] = Field([], description="Initiatives launched whenever affordable.")


class GlossaryEntry(_Model):
    term: Short
    meaning: Text
    sources: list[SourceRef] = []


class Source(_Model):
    key: str = Field(pattern=r"^[A-Za-z0-9_-]{1,20}$", description="The key cards and events cite, for "
                                                                   "example \"DOC\".")
    citation: Text = Field(description="The full citation.")


class ReaderSection(_Model):
    heading: Short
    text: Text
    ref: str = Field("", description="The part of the document it summarises.")


class Hint(_Model):
    turn: int = Field(ge=1, le=60, description="The month (turn number) it is shown in.")
    text: Text


class SourceQuestion(_Model):
    """A question on the source document itself, with a short note for the teacher."""

    topic: Short = Field(description="What it asks about, for example \"Audience\".")
    text: Text = Field(description="The question, as students see it in the debrief.")
    note: Text = Field("", description="A short note for the teacher (in the teacher's guide, not shown to "
                                       "students).")
    sources: list[SourceRef] = Field([], description="Source keys for what the question states.")


class Debrief(_Model):
    objectives: list[Text] = Field([], description="What students should learn.")
    questions: list[Text] = Field([], description="Questions for discussion after the game.")
    notes: list[Text] = Field([], description="A short note for the teacher on each question, in the same "
                                              "order (in the teacher's guide, not shown to students).")
    differs: Text = Field("", description="Asked once in the debrief's summary when the player's result at any "
                                          "post differs "
                                          "from what happened there (its outcome).")
    epilogue: Text = Field("", description="What came after the game's period, for the end of the debrief.")
    epilogue_sources: list[SourceRef] = Field([], description="Source keys for the epilogue.")
    source_questions: list[SourceQuestion] = Field([], description="Questions on the source document: its "
                                                                   "audience, its language, its omissions.")


class ScenarioFile(_Model):
    """A whole scenario file."""

    scenario: ScenarioInfo
    words: Words = Words()
    resources: Resources
    difficulties: list[Difficulty] = []
    groups: list[Group] = Field(min_length=1)
    countries: list[Country] = Field(min_length=1)
    responses: list[Response] = Field(min_length=1)
    cards: list[Card] = Field(min_length=1)
    initiatives: list[Initiative] = []
    rules: list[Rule] = []
    events: list[Event] = []
    changes: list[Change] = []
    endings: list[Ending] = Field(min_length=1)
    policies: list[Policy] = []
    glossary: list[GlossaryEntry] = []
    sources: list[Source] = []
    reader: list[ReaderSection] = []
    hints: list[Hint] = []
    debrief: Debrief = Debrief()

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True,
                              json_schema_extra={"title": "Ambassador scenario"})
