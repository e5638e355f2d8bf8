"""Open calls and a company's chances, judged at a given day in China time (the project's sample notices)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge import CallStatus
from knowledge.calls import all_calls, match_calls, open_calls
from knowledge.facts import Verdict

TODAY = date(2026, 11, 30)
ZHUANJINGTEXIN = "shiliqu_zhuanjingtexin_shenbao_2026"  # paper materials due 2026-12-10
XIAOJUREN = "shiliqu_keji_xiaojuren_2026"  # online filing 2026-11-25 … 2027-01-15
SHOUTAOTAO = "shilishi_shoutaotao_2027"  # opens 2026-12-15
pytestmark = pytest.mark.integration


def test_open_call_with_days_left(sample_kb):
    calls = open_calls(sample_kb, today=TODAY)
    call = calls[0]  # soonest deadline first
    assert call.doc == ZHUANJINGTEXIN
    assert call.status is CallStatus.OPEN and call.days_left == 10
    assert call.window.end.date() == date(2026, 12, 10)
    assert "2026年12月10日" in call.citation.text
    assert XIAOJUREN in [c.doc for c in calls]


def test_upcoming_and_closed(sample_kb):
    upcoming = [c for c in open_calls(sample_kb, today=TODAY) if c.doc == SHOUTAOTAO]
    assert upcoming and upcoming[0].status is CallStatus.UPCOMING
    assert open_calls(sample_kb, today=date(2028, 1, 1)) == []
    ends = [c.window.end for c in all_calls(sample_kb, today=TODAY) if c.window.end]
    assert ends == sorted(ends) and len(ends) >= 10


def test_filters(sample_kb):
    assert open_calls(sample_kb, today=TODAY, within_days=9) == []
    assert [c.doc for c in open_calls(sample_kb, today=TODAY, within_days=10)] == [ZHUANJINGTEXIN]
    district = {c.doc for c in open_calls(sample_kb, today=TODAY, region="示例区")}
    assert {ZHUANJINGTEXIN, XIAOJUREN} <= district
    assert open_calls(sample_kb, today=TODAY, region="广东") == []
    assert [c.doc for c in open_calls(sample_kb, today=TODAY, industry="专精特新")] == [ZHUANJINGTEXIN]


def test_match_calls_reports_the_failing_condition(sample_kb):
    results = {r.doc_id: r for r in match_calls(sample_kb, {"credit_ok": False}, today=TODAY)}
    result = results[ZHUANJINGTEXIN]
    assert result.verdict is Verdict.NOT_ELIGIBLE
    assert any(r.outcome.value == "failed" and "失信" in r.condition.text for r in result.results)


def test_match_calls_asks_for_what_it_could_not_check(sample_kb):
    results = {r.doc_id: r for r in match_calls(sample_kb, {}, today=TODAY)}
    result = results[ZHUANJINGTEXIN]
    assert result.verdict is Verdict.NEEDS_CONFIRMATION
    assert {"employees", "revenue", "credit_ok"} <= set(result.missing_fields)


def test_within_days_is_validated(sample_kb):
    with pytest.raises(ValueError):
        open_calls(sample_kb, within_days=-1)
