'''The scenario that `ambassador new` writes: small, complete, commented line by line.

It validates, and the balance report finds nothing to change in it (a test keeps both true), so a teacher
starts from something that works and changes one thing at a time. Its first line points editors at the JSON
Schema, written beside it as ``scenario.schema.json``: a relative path keeps the folder self-contained and
working offline (classrooms often are), and it is the convention the bundled scenarios follow.
'''

from __future__ import annotations

import re

__all__ = ["SCHEMA_NAME", "scaffold_text"]

SCHEMA_NAME = "scenario.schema.json"


def _id(stem: str) -> str:
    ident = re.sub(r"[^a-z0-9_]+", "_", stem.lower()).strip("_")
    if not ident or not ident[0].isalpha():
        ident = f"my_{ident}".rstrip("_")
    return ident[:40]


def scaffold_text(stem: str) -> str:
    """The scaffold, with the scenario id made from the file name."""
    return _TEMPLATE.replace("@ID@", _id(stem))


_TEMPLATE = '''#:schema ./scenario.schema.json
# ^ This first line tells editors (VS Code with "Even Better TOML", or any editor using Taplo) where the
#   JSON Schema of the format is, so they complete keys and underline mistakes while you type.
#
# A small scenario to start from. Every key is explained by `ambassador docs format`, and
# `ambassador docs writing` walks you from here to a balanced scenario.
# Check it with:      ambassador validate THIS_FILE
# See how it plays:   ambassador simulate THIS_FILE
# Play it:            ambassador play THIS_FILE
#
# Lines starting with # are comments. Text goes in "quotes"; long text in """triple quotes""".
# Expressions (conditions, numbers and effects, written as text) may use the names listed in the reference,
# for example:  when = "resentment > 40"   effects = "alignment -= 2; china_ties += 3"

[scenario]
id = "@ID@"                 # lowercase letters, digits and _; used on the command line and in records
title = "My first scenario"
description = "Two posts and a watched capital, four months of 1980."
introduction = """
You are the Soviet ambassador. China reaches out to the countries you watch over.
Answer each move within your means, and keep the bloc together.
"""
start = "1980-03"           # the first month, YYYY-MM
turns = 4                   # one turn is one month
seed = 1980                 # the default seed; a class can share another one
max_cards = 2               # at most this many outreach cards at one post in one month

# The words every screen, help and report uses for this world have defaults: the main scenario's, as here.
# A scenario about another rival sets those it needs (`ambassador docs format`, table [words]), for example:
#   [words]
#   rival = "Moscow"           # "What Moscow did"; the value china_ties is then called "Moscow ties"
#   aggregate = "pact unity"   # the name of `cohesion`; [scenario] cohesion says how it is computed
#   reference = "article"      # what a card's `source` is called: "[article: Article 3]"

[resources]
capital = 2                 # political capital granted each month
capital_carry = 1           # unspent capital kept for next month, at most
economy = 2                 # economic budget for the whole game (it is not renewed)
climate = 50                # the international climate, 0 (hostile) to 100 (detente)

# --- Groups: how China approaches a set of countries --------------------------------------------------

[[groups]]
id = "double_dealing"
name = "Pressure and promises"
summary = "China interferes and promises advantageous ties at once."
source = "Introduction, para. 2"
cards_per_turn = "1 + (stability < 50)"   # expression: one card a month, two where stability is low

[[groups]]
id = "extensive"
name = "Extensive relations"
summary = "China builds wide ties and backs 'nationalistic tendencies'."
source = "Introduction, para. 2"
cards_per_turn = "1"

# --- Countries: the player acts where acts = true, and only watches elsewhere -------------------------

[[countries]]
id = "hungary"
name = "Hungarian People's Republic"
short = "HPR"
common = "Hungary"          # the name students know it by: tables and lists show it
post = "Budapest"
group = "double_dealing"
weight = 2                  # counts double in bloc cohesion
alignment = 70              # each value runs from 0 to 100
china_ties = 15
resentment = 35
stability = 60

[[countries]]
id = "bulgaria"
name = "People's Republic of Bulgaria"
short = "PRB"
common = "Bulgaria"
post = "Sofia"
group = "double_dealing"
weight = 1
alignment = 85
china_ties = 8
resentment = 20
stability = 70

[[countries]]
id = "romania"
name = "Socialist Republic of Romania"
short = "Romania"           # the directive uses no abbreviation for Romania
common = "Romania"
post = "Bucharest"
group = "extensive"
acts = false                # watched, not run: the player sees what China achieves here
weight = 1
alignment = 40
china_ties = 25
resentment = 45
stability = 60

# --- Responses: how the ambassador can answer a card ---------------------------------------------------

[[responses]]
id = "ignore"
name = "Do nothing"
text = "Free, but China's move takes full effect."
default = true              # applied to cards left unanswered; it must cost nothing

[[responses]]
id = "explain"
name = "Explain the danger"
source = "Instruction 1"
text = "Briefings for party cadres. Blocks half of most moves."
capital = 1
block = 0.5                 # share of a card's effects it prevents
coercion = 3                # 0 to 10; the balance report's hardline policy prefers the highest

[[responses]]
id = "vigilance"
name = "Control contacts"
source = "Instruction 5"
text = "Free and effective now, but it breeds resentment."
block = 0.8
coercion = 8
effects = "resentment += 10"

[[responses]]
id = "engage"
name = "Positive engagement"
text = "Exchanges and a CMEA offer. Costs economic budget; lowers resentment."
capital = 1
economy = 1
block = 0.5
effects = "alignment += 2; resentment -= 6"

# --- Initiatives: one action for the whole month that reaches many posts -------------------------------

[[initiatives]]
id = "coordinate"
name = "Multilateral coordination"
source = "Instruction 4"
text = "A common line with the fraternal parties: a small gain at every post you run."
capital = 2
effects = "alignment += 2"

# --- Cards: China's outreach ------------------------------------------------------------------------

[[cards]]
id = "embassy_invitations"
title = "Invitations to the PRC embassy"
text = "Chinese diplomats hand out invitations to receptions and film evenings."
source = "Introduction, para. 4"
groups = ["double_dealing", "extensive"]
effects = "china_ties += 4; alignment -= 3"
block = { vigilance = 0.9 }     # this card's own block shares, replacing the responses' ones

[[cards]]
id = "trade_promises"
title = "Promises of trade"
text = "Beijing talks up the prospects of trade and economic cooperation."
source = "Introduction, para. 3"
groups = ["double_dealing", "extensive"]
weight = "1 + (stability < 60)"  # expression: twice as likely where stability is low
effects = "china_ties += 5; alignment -= 4"
block = { engage = 0.9, vigilance = 0.3 }

[[cards]]
id = "national_model"
title = "The 'national model' of socialism"
text = "Chinese publications praise each country's own road to socialism."
source = "Introduction, para. 6"
groups = ["double_dealing", "extensive"]
when = "resentment > 25"         # expression: only drawn while this holds
effects = "alignment -= 4; resentment += 2"
responses = ["explain", "engage"]  # only these (and doing nothing) may answer it
block = { explain = 0.8 }

# --- Monthly rules: game mechanics applied after the player's responses, in this order ---------------
# Ties pull alignment before resentment opens new ties, so the cost of resentment arrives a month later.

[[rules]]
id = "ties_pull"
text = "Ties with China above 20 pull alignment away"
when = "china_ties > 20"
effects = "alignment -= (china_ties - 20) / 3"

[[rules]]
id = "resentment_opens_doors"
text = "Resentment above 30 opens doors to China"
when = "resentment > 30"
effects = "china_ties += (resentment - 30) / 2"

[[rules]]
id = "resentment_fades"
text = "Resentment fades a little each month"
effects = "resentment -= 1"

# --- Events: dated history, or conditional mechanics ---------------------------------------------------

[[events]]
id = "tito_dies"
title = "Tito dies"
date = "1980-05-04"          # fires at the start of that month
text = "Josip Broz Tito dies on 4 May 1980."
sources = ["TITO"]           # a historical event names its sources
effects = "climate -= 2"

[[events]]
id = "unrest"
title = "Unrest"
historical = false           # a game mechanic, not history
scope = "country"            # checked at each country
when = "resentment > 50"
text = "Resentment boils over into protest."
effects = "stability -= 5; alignment -= 2"

# --- Endings: the first whose condition holds after the last month is the game's -----------------------

[[endings]]
id = "bloc_holds"
title = "The bloc holds"
text = "Your posts stay on the common line."
when = "cohesion >= 58"
bonus = 10

[[endings]]
id = "strained"
title = "Strained but standing"
text = "The line holds, but China has found friends."
when = "cohesion >= 54"
bonus = 0

[[endings]]
id = "beijing_gains"
title = "Beijing gains ground"
text = "China's approach is working."
bonus = -5                   # the last ending has no condition: it catches every other game

# --- A scripted way of playing, for the balance report ----------------------------------------------

[[policies]]
id = "soviet_line"
name = "The directive's line"
text = "Control contacts first, then explain."
prefer = ["vigilance", "explain"]

# --- Reference material --------------------------------------------------------------------------

[[sources]]
key = "DOC"                  # cards cite "DOC" unless they say otherwise
citation = "CPSU CC Directive 'About the China Question', 4 March 1980. Wilson Center Digital Archive."

[[sources]]
key = "TITO"
citation = "Wikipedia, 'Death and state funeral of Josip Broz Tito'."

[[glossary]]
term = "HPR"
meaning = "Hungarian People's Republic."

[debrief]
objectives = ["Explain why coercive measures can work at once and cost loyalty later."]
questions = ["How might a Hungarian student invited to the PRC embassy have seen it?"]
'''
