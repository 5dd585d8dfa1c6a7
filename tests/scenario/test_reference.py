"""The format reference (`ambassador docs format`) says what each key takes, and its examples load."""

from __future__ import annotations

import re
import sys

import pytest

from game.scenario.loader import check_bytes
from game.scenario.reference import reference_text
from game.scenario.scaffold import scaffold_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


def _section(heading: str) -> str:
    text = reference_text()
    start = text.index(heading)
    end = text.find("\n#", start + len(heading))
    return text[start:end if end >= 0 else len(text)]


def _type_of(heading: str, key: str) -> str:
    row = re.search(rf"^\| `{key}` \| ([^|]+) \|", _section(heading), re.MULTILINE)
    assert row is not None, f"no row for {key} under {heading}"
    return row[1]


@pytest.mark.parametrize(("heading", "key", "kind"), [
    ("## `words`", "countries", "text"),  # a phrase for sentences, "the river towns", not a list of ids
    ("## `changes`", "country", "country id"),
    ("## `countries`", "group", "group id"),
    ("## `cards`", "countries", "list of country ids"),
    ("## `cards`", "groups", "list of group ids"),
    ("## `policies`", "prefer", "list of response ids"),
])
def test_reference_names_the_kind_of_each_value(heading: str, key: str, kind: str) -> None:
    assert _type_of(heading, key) == kind


def test_the_decision_example_loads_beside_the_scaffold() -> None:
    part = _section("### `[[events.options]]`")
    example = re.search(r"```toml\n(.*?)```", part, re.DOTALL)
    assert example is not None, "the options of a decision have no example"
    raw = (scaffold_text("example") + "\n" + example[1]).encode("utf-8")
    scenario, problems = check_bytes(raw, "example.toml")
    assert problems == []
    assert scenario is not None
    (event,) = [ev for ev in scenario.events if ev.id == "price_protests"]
    (card,) = [c for c in scenario.cards if c.id == event.decision]
    assert card.responses == ("price_protests.patience", "price_protests.credit")
    assert card.default == "price_protests.patience"


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_the_scaffold_teaches_no_old_spelling() -> None:
    """`ambassador new` (and so every example of the reference) writes the current keys, not those kept only so
    that old files still load (`directive`, the old spelling of `source`)."""
    from game.scenario.models import ScenarioFile

    old = {key for model in ScenarioFile.model_json_schema()["$defs"].values()
           for key, prop in model.get("properties", {}).items()
           if str(prop.get("description", "")).startswith("The old spelling of")}
    assert "directive" in old
    assert not _keys(tomllib.loads(scaffold_text("example"))) & old
