"""The game's errors share one base class, one specific subclass per kind of problem, and the command line
reports any of them without a traceback."""

from __future__ import annotations

import pytest

import game.cli
from game.classroom.store import StoreError
from game.engine import IllegalActionError
from game.engine.expr import ExprError
from game.errors import AmbassadorError
from game.files import FileRefused
from game.records import RecordError
from game.scenario import ScenarioError
from game.session import SessionError
from game.sim.policies import PolicyError

SPECIFIC = [ScenarioError, ExprError, IllegalActionError, RecordError, PolicyError, StoreError, FileRefused,
            SessionError]


@pytest.mark.parametrize("error", SPECIFIC, ids=[e.__name__ for e in SPECIFIC])
def test_every_error_is_an_ambassador_error(error: type[Exception]) -> None:
    assert issubclass(error, AmbassadorError)
    assert error is not AmbassadorError


def test_the_specific_errors_are_distinct() -> None:
    for error in SPECIFIC:
        assert not any(issubclass(error, other) for other in SPECIFIC if other is not error), error


def test_an_error_that_reaches_the_command_line_is_a_message(monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    def broken() -> int:
        raise RecordError("records/x.json: not a game record")

    monkeypatch.setattr(game.cli, "_scenarios", broken)
    assert game.cli.main(["scenarios"]) == 1
    captured = capsys.readouterr()
    assert captured.err == "ambassador scenarios: records/x.json: not a game record\n"
    assert captured.out == ""
