"""The scenario format reference (docs/scenario-format.md), generated from the pydantic models.

One mechanism: ``python -m game.scenario.reference -o docs/scenario-format.md`` writes it; a test fails when the
committed file drifts from the models. Types, ranges and defaults come from the JSON Schema of the models;
descriptions from their field descriptions; examples from the scaffold that `ambassador new` writes, which
a test keeps valid, so every example here is a working one.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["reference_text"]

#: Lists whose items name other items (the schema only says "string").
_REFS = {"groups": "group ids", "countries": "country ids", "responses": "response ids",
         "prefer": "response ids", "sources": "source keys", "history_sources": "source keys",
         "aftermath_sources": "source keys", "outcome_sources": "source keys", "epilogue_sources": "source keys",
         "initiatives": "initiative ids"}
#: Single text values that name another item ([words] countries is a phrase, not a list of ids).
_REF = {"group": "group id", "country": "country id"}
_EXPRESSIONS = {"cards_per_turn", "weight", "when", "outcome_when", "cohesion"}
#: Examples for tables the scaffold does not use.
_EXTRA_EXAMPLES = {
    "difficulties": '[[difficulties]]\nid = "easy"\nname = "Easy"\ntext = "More room to try every response."\n'
                    'capital = 6\neconomy = 6\n',
    "reader": '[[reader]]\nheading = "What the directive is"\nref = "Header"\ntext = "Instructions to Soviet '
              'ambassadors, approved by the CPSU Central Committee\'s Secretariat on 4 March 1980."\n',
    "hints": '[[hints]]\nturn = 1\ntext = "Pick a post, read each card, and choose a response."\n',
    "words": '[words]               # a scenario about another rival: every screen says "Moscow", not "China"\n'
             'rival = "Moscow"      # rival_adjective, rival_capital and china_ties ("Moscow ties") follow it\n'
             'aggregate = "unity"\n'
             'aggregate_phrase = "the unity of the movement"\n'
             'reference = "article"\n'
             'resentment = "distrust"\n',
}
#: Examples for lists inside a table, shown under their own heading (each with the entry it belongs to).
_SUB_EXAMPLES = {
    "events.options": '[[events]]\nid = "price_protests"\ntitle = "Price protests (game mechanics)"\n'
                      'date = "1980-05"\nhistorical = false    # made up for the game: no sources needed\n'
                      'scope = "country"     # a decision is put at posts where the player acts\n'
                      'countries = ["hungary"]\n'
                      'text = "Protests over prices. How does the embassy advise?"\n\n'
                      '[[events.options]]\nid = "patience"\nname = "Advise patience"\n'
                      'default = true        # applies when the decision is left unanswered; it costs nothing\n'
                      'effects = "stability -= 3"\n\n'
                      '[[events.options]]\nid = "credit"\nname = "Offer emergency credit"\ncapital = 1\n'
                      'economy = 1\neffects = "stability += between(2, 6); resentment -= 2"\n',
}


def _type(name: str, prop: dict[str, Any]) -> str:
    if "const" in prop:
        return f"always {json.dumps(prop['const'])}"
    if "enum" in prop:
        return "one of " + ", ".join(json.dumps(v) for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        if name in _REFS:
            return f"list of {_REFS[name]}"
        item = prop.get("items", {})
        if "$ref" in item:  # a list of tables, described in a section of its own
            return f"list of tables (`[[...{name}]]`, below)"
        return f"list of {_type('', item)}"
    if kind == "object":
        return "table of response id = share (0 to 1)" if name == "block" else "table"
    if kind == "string":
        if name in _REF:
            return _REF[name]
        if name == "effects":
            return "effects (text)"
        if name in _EXPRESSIONS:
            return "expression (text)"
        return "text"
    return {"number": "number", "integer": "whole number", "boolean": "true or false"}.get(str(kind), str(kind))


def _range(prop: dict[str, Any]) -> str:
    parts: list[str] = []
    lo = prop.get("minimum", prop.get("exclusiveMinimum"))
    hi = prop.get("maximum")
    if lo is not None or hi is not None:
        left = "more than " if "exclusiveMinimum" in prop else ""
        parts.append(f"{left}{_num(lo)} to {_num(hi)}" if lo is not None and hi is not None else
                     f"at least {_num(lo)}" if lo is not None else f"at most {_num(hi)}")
    if "minLength" in prop and prop["minLength"] > 0 and prop.get("type") == "string":
        parts.append("not empty")
    if "maxLength" in prop:
        parts.append(f"up to {prop['maxLength']:,} characters")
    if "minItems" in prop:
        parts.append(f"at least {prop['minItems']} item{'s' if prop['minItems'] != 1 else ''}")
    if "pattern" in prop:
        parts.append(f"matches `{prop['pattern']}`")
    return "; ".join(parts)


def _num(x: Any) -> str:
    return f"{x:,}" if isinstance(x, int) and abs(x) >= 10_000 else f"{x:g}" if isinstance(x, float) else str(x)


def _default(prop: dict[str, Any], required: bool) -> str:
    if required:
        return "required"
    if "default" not in prop:
        return ""
    d = prop["default"]
    if isinstance(d, bool):
        return "true" if d else "false"
    if isinstance(d, str):
        return '`""`' if d == "" else f"`{json.dumps(d, ensure_ascii=False)}`"
    if isinstance(d, list):
        return "`[]`" if not d else f"`{json.dumps(d)}`"
    if isinstance(d, dict):
        return "`{}`" if not d else f"`{json.dumps(d)}`"
    return f"`{_num(d)}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _example(section: str, array: bool) -> str:
    from game.scenario.scaffold import scaffold_text

    if section in _EXTRA_EXAMPLES:
        return _EXTRA_EXAMPLES[section]
    lines = scaffold_text("example").splitlines()
    header = f"[[{section}]]" if array else f"[{section}]"
    try:
        start = lines.index(header)
    except ValueError:
        return ""
    out = [header]
    for line in lines[start + 1:]:
        if not line.strip() or line.startswith("["):
            break
        out.append(line)
    if len(out) > 1 and '"""' in "\n".join(out) and "\n".join(out).count('"""') % 2:
        # A multi-line string was cut: keep the rest of it.
        for line in lines[start + len(out):]:
            out.append(line)
            if '"""' in line:
                break
    return "\n".join(out) + "\n"


def reference_text() -> str:
    from game.engine.data import RESOURCE_MAX
    from game.engine.expr import COUNTRY_VARS, FUNCTIONS, GLOBAL_READ, GLOBAL_VARS, MAX_DEPTH, MAX_LENGTH, RANGE
    from game.engine.ranges import LIMIT
    from game.scenario.models import FORMAT_VERSION, ScenarioFile

    schema = ScenarioFile.model_json_schema()
    defs = schema["$defs"]
    out: list[str] = [
        "# The scenario format",
        "",
        "<!-- Generated by `python -m game.scenario.reference -o docs/scenario-format.md` from "
        "game/scenario/models.py;",
        "     do not edit by hand: a test fails when this file and the models disagree. -->",
        "",
        f"A scenario is one TOML file (format version {FORMAT_VERSION}). This reference lists every table and key,",
        "with its type, range, default and meaning, and an example from the scaffold that `ambassador new` writes.",
        "`ambassador validate FILE` reports every problem with its line; `ambassador simulate FILE` reports how",
        "the scenario plays. Start a file with `#:schema ./scenario.schema.json` (and keep the schema, from",
        "`ambassador schema -o scenario.schema.json`, beside it) so that editors complete keys as you type.",
        "",
        "Sections written `[[name]]` are lists: repeat the header once per entry. Ids are lowercase letters,",
        "digits and underscores, starting with a letter. Text may hold tabs and line breaks, but no other control",
        "character (such as `\\u001b`, which starts a terminal's escape sequences).",
        "",
        "## Contents",
        "",
    ]
    sections = list(schema["properties"].items())
    for name, _ in sections:
        out.append(f"- [`{name}`](#{name})")
    out.append("- [The expression language](#the-expression-language)")
    out.append("")
    required_top = set(schema.get("required", []))
    for name, prop in sections:
        array = prop.get("type") == "array"
        ref = (prop.get("items", {}) if array else prop).get("$ref", "")
        model = defs[ref.rsplit("/", 1)[-1]] if ref else {}
        header = f"[[{name}]]" if array else f"[{name}]"
        out.append(f"## `{name}`")
        out.append("")
        need = "required" if name in required_top else "optional"
        count = f", at least {prop['minItems']}" if "minItems" in prop else ""
        out.append(f"`{header}`: {'a list' if array else 'a table'}, {need}{count}. "
                   f"{model.get('description', '')}".rstrip())
        out.append("")
        out.append("| key | type | range | default | description |")
        out.append("|---|---|---|---|---|")
        req = set(model.get("required", []))
        for key, p in model.get("properties", {}).items():
            out.append(f"| `{key}` | {_cell(_type(key, p))} | {_cell(_range(p))} | {_default(p, key in req)} | "
                       f"{_cell(p.get('description', ''))} |")
        example = _example(name, array)
        if example:
            out += ["", "Example:", "", "```toml", example.rstrip("\n"), "```"]
        out.append("")
        for key, p in model.get("properties", {}).items():  # tables inside the table, such as a list of them
            sub_ref = p.get("items", {}).get("$ref", "") if p.get("type") == "array" else ""
            if not sub_ref:
                continue
            sub = defs[sub_ref.rsplit("/", 1)[-1]]
            out += [f"### `[[{name}.{key}]]`", "", f"A list inside `[{name}]`. {sub.get('description', '')}".rstrip(),
                    "", "| key | type | range | default | description |", "|---|---|---|---|---|"]
            sub_req = set(sub.get("required", []))
            for sub_key, sp in sub.get("properties", {}).items():
                out.append(f"| `{sub_key}` | {_cell(_type(sub_key, sp))} | {_cell(_range(sp))} | "
                           f"{_default(sp, sub_key in sub_req)} | {_cell(sp.get('description', ''))} |")
            sub_example = _SUB_EXAMPLES.get(f"{name}.{key}")
            if sub_example:
                out += ["", "Example:", "", "```toml", sub_example.rstrip("\n"), "```"]
            out.append("")
    out += [
        "## The expression language",
        "",
        "Conditions (`when`), numbers (`weight`, `cards_per_turn`) and effects (`effects`) are written as text",
        "in a small language of the game's own. It is parsed when the file loads: an unknown name is reported",
        "with its column and a suggestion. It is never run as Python.",
        "",
        "- Every value is a number. Comparisons (`<`, `<=`, `>`, `>=`, `==`, `!=`) and `and`, `or`, `not` give",
        "  1 (true) or 0 (false); a condition holds when its value is not 0. `true` and `false` are 1 and 0.",
        "- Arithmetic: `+`, `-`, `*`, `/` and parentheses. Division by zero gives 0, so no expression can stop",
        "  a game.",
        "- Numbers stay finite: `validate` knows the range of every value (country values, `climate` and",
        f"  `cohesion` 0 to 100, `capital` and `economy` 0 to {RESOURCE_MAX:g}, `turn`, `month` and `year` within the",
        f"  scenario) and refuses an expression that can reach more than {LIMIT:.0e} in size, or that divides",
        "  by something that can come as close to 0 as it likes without being 0 (such as `stability`) unless",
        "  the result is bounded again (`clamp(5 / stability, 0, 2)`): divide by `max(stability, 1)` instead.",
        "  Dividing by a whole number, such as `turn - 1`, or by a value less a number, such as",
        "  `stability - 50`, is safe.",
        "- Comparisons cannot be chained: write `20 < resentment and resentment < 60`.",
        "- An effect is `[country.]value op expression` with op `+=`, `-=` or `=`; separate effects with `;` or",
        "  line breaks. Every country value is kept between 0 and 100 after each change.",
        "- A card's effects are scaled by the share of them its response does not block: `+=` and `-=` change",
        "  the value by that share of the amount; `=` sets the value in full, unless the card is blocked",
        "  in full, when it changes nothing.",
        "- An uncertain amount: in a response's or a decision option's effects, an effect's whole amount may be",
        f"  a range, `{RANGE}(low, high)` with two numbers, low below high, as in `stability += {RANGE}(2, 6)` or",
        f"  `stability += {RANGE}(-4, 8)`. Each time the response (or option) takes effect, the amount is drawn",
        "  evenly from low to high (any number between, not only whole ones), from the game's own random stream",
        "  for that card (the same seed and answers give the same draw; it moves no other random number of the",
        "  game). Players see the range before they choose (\"Stability +2 to +6 (by chance)\") and the report",
        "  names the range beside the change. `-=` takes the amount away; `=` sets the value to it. A range",
        f"  cannot be part of a larger expression (`1 + {RANGE}(2, 6)`: write two effects), and cards,",
        "  initiatives, rules, events, conditions and weights do not take one: the uncertainty is in the outcome",
        "  of what the player chooses.",
        f"- An expression may be up to {MAX_LENGTH:,} characters and nest {MAX_DEPTH} levels deep.",
        "",
        "### Names",
        "",
        "| name | what it is | in effects |",
        "|---|---|---|",
    ]
    country_text = {"alignment": "alignment with the player's side", "china_ties": "depth of ties with the rival",
                    "resentment": "resentment of the player's pressure", "stability": "domestic stability"}
    for v in COUNTRY_VARS:
        out.append(f"| `{v}` | the current country's {country_text.get(v, v)}, 0 to 100 (only where there is "
                   "a current country: cards, responses, initiatives, country rules and events) | can be changed |")
    for v in COUNTRY_VARS[:1]:
        out.append(f"| `COUNTRY.{v}` and the like | a named country's value, for example `poland.{v}`; any "
                   f"of {', '.join(f'`{x}`' for x in COUNTRY_VARS)} | can be changed |")
    global_text = {"climate": "the international climate, 0 (hostile) to 100 (détente)",
                   "capital": "the political capital left", "economy": "the economic budget left"}
    for v in GLOBAL_VARS:
        out.append(f"| `{v}` | {global_text.get(v, v)} | can be changed |")
    read_text = {"turn": "the current turn, from 1", "turns": "the number of turns in the scenario",
                 "month": "the calendar month, 1 to 12", "year": "the calendar year",
                 "cohesion": "the aggregate ([words] aggregate, in the main scenario bloc cohesion): the mean "
                             "of [scenario] cohesion (by default alignment) weighted by the countries' weights"}
    for v in GLOBAL_READ:
        out.append(f"| `{v}` | {read_text.get(v, v)} | read only |")
    out += ["", "### Functions", "", "| function | arguments | what it gives |", "|---|---|---|"]
    fn_text = {"min": "the smallest argument", "max": "the largest argument", "abs": "the absolute value",
               "clamp": "`clamp(x, low, high)`: x kept between low and high"}
    for fn, (lo, hi) in FUNCTIONS.items():
        args = str(lo) if lo == hi else f"{lo} to {hi}"
        out.append(f"| `{fn}` | {args} | {fn_text.get(fn, '')} |")
    out += ["", "Examples: `when = \"resentment > 60 and stability < 45\"`, "
                "`weight = \"1 + resentment / 40\"`, `effects = \"alignment -= (resentment - 40) / 8\"`, "
                "`when = \"cohesion >= 76\"`.", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.scenario.reference",
                                     description="Write the scenario format reference (Markdown).")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of stdout")
    args = parser.parse_args(argv)
    text = reference_text()
    if args.output is None:
        sys.stdout.write(text)
    else:
        from game.paths import write_atomic

        write_atomic(args.output, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
