"""The summary that leads a month's report: the largest moves at the posts, each with its largest causes.
Known answers on a report built by hand."""

from __future__ import annotations

from game.engine.report import MonthReport, NetChange, month_summary
from game.engine.state import Cause

CARD = Cause("card", "trade", "Promises of trade")
YOUTH = Cause("card", "youth", "Contacts with youth")
REPLY = Cause("response", "explain", "Explain the danger")
RULE = Cause("rule", "fade", "Resentment fades")


def _report(*changes: NetChange) -> MonthReport:
    return MonthReport(turn=1, label="March 1980", responses=(), initiatives=(), fired=(), changes=changes,
                       cohesion_before=70, cohesion_after=69, ending=None, score=None, briefing=())


def test_the_three_largest_moves_at_posts_with_their_two_largest_causes() -> None:
    report = _report(
        NetChange("gdr", "stability", 80, 79, ((RULE, -1.0),)),
        NetChange(None, "capital", 4, 0, ((REPLY, -4.0),)),  # a resource, not a post: never in the summary
        NetChange("poland", "alignment", 72, 66, ((CARD, -3.0), (REPLY, 1.0), (YOUTH, -4.0))),
        NetChange("poland", "china_ties", 12, 20, ((CARD, 5.0), (YOUTH, 3.0))),
        NetChange("mongolia", "resentment", 16, 18, ((RULE, 2.0),)),
        NetChange("romania", "alignment", 36, 36, ((CARD, -1.0), (REPLY, 1.0))),  # no net move
    )
    summary = month_summary(report)
    assert [(h.change.country, h.change.var) for h in summary] == [
        ("poland", "china_ties"), ("poland", "alignment"), ("mongolia", "resentment")]
    assert summary[0].causes == ((CARD, 5.0), (YOUTH, 3.0))
    assert summary[1].causes == ((YOUTH, -4.0), (CARD, -3.0))  # the response's +1 is the smallest part


def test_a_quiet_month_has_no_summary() -> None:
    assert month_summary(_report(NetChange(None, "climate", 40, 41, ((RULE, 1.0),)))) == ()
