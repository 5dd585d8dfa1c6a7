"""conftest.missing: a requirement of the environment that is not there skips a test here, fails it under CI=true."""

from __future__ import annotations

import pytest
from conftest import missing


def test_a_missing_requirement_skips_saying_so_and_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"^a browser is missing: apt-get install it \(CI=true"):
        missing("a browser", "apt-get install it")
    for elsewhere in ("", "1", "false"):  # CI=true exactly, as .ci/run's machine sets it
        monkeypatch.setenv("CI", elsewhere)
        with pytest.raises(pytest.skip.Exception, match=r"^a browser is missing: apt-get install it$"):
            missing("a browser", "apt-get install it")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match=r"^a browser is missing: apt-get install it$"):
        missing("a browser", "apt-get install it")
