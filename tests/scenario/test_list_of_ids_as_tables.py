"""A list of ids written as tables: a teacher who has just written [[events.options]] writes a card's own
responses the same way, [[cards.responses]]. The message must say that a card lists the ids of responses
defined once in [[responses]], at the line of the header (it said "expected text in quotes, found a table",
under a path made of the table's id)."""

from __future__ import annotations

from conftest import line_of, problems_of

from game.scenario.scaffold import scaffold_text

SCAFFOLD = scaffold_text("example")
#: The scaffold's national_model card lists the responses it allows on this line.
ALLOWED = 'responses = ["explain", "engage"]  # only these (and doing nothing) may answer it\n'


def test_a_cards_responses_written_as_a_list_of_tables() -> None:
    text = SCAFFOLD.replace(ALLOWED, '\n[[cards.responses]]\nid = "remind"\nname = "Remind them of 1945"\n'
                                     'capital = 1\n\n[[cards.responses]]\nid = "reassure"\nname = "Reassure"\n')
    first = line_of(text, "[[cards.responses]]")
    second = text.splitlines().index("[[cards.responses]]", first) + 1
    explained = ("[[cards.responses]] starts a table inside the card, but a card's responses is a list of response "
                 'ids in quotes, as in responses = ["ignore", "explain"]; write each response once in its own '
                 "[[responses]] table, and list its id here")
    assert problems_of(text) == [
        f"s.toml:{first}: cards.national_model.responses[1]: expected a response id, found a table: {explained}",
        f"s.toml:{second}: cards.national_model.responses[2]: expected a response id, found a table: {explained}",
    ]


def test_a_cards_responses_written_as_one_table() -> None:
    text = SCAFFOLD.replace(ALLOWED, '\n[cards.responses]\nid = "remind"\nname = "Remind them of 1945"\n')
    assert problems_of(text) == [
        f"s.toml:{line_of(text, '[cards.responses]')}: cards.national_model.responses: expected a list of "
        "response ids, found a table: [cards.responses] starts a table inside the card, but a card's responses "
        'is a list of response ids in quotes, as in responses = ["ignore", "explain"]; write each response once '
        "in its own [[responses]] table, and list its id here"]


def test_an_events_sources_written_as_a_table() -> None:
    text = SCAFFOLD.replace('sources = ["TITO"]           # a historical event names its sources\n',
                            '\n[[events.sources]]\nkey = "TITO"\ncitation = "Wikipedia"\n')
    assert problems_of(text) == [
        f"s.toml:{line_of(text, '[[events.sources]]')}: events.tito_dies.sources[1]: expected a source key, "
        "found a table: [[events.sources]] starts a table inside the event, but an event's sources is a list of "
        'source keys in quotes, as in sources = ["DOC", "TITO"]; write each source once in its own [[sources]] '
        "table, and list its key here"]
