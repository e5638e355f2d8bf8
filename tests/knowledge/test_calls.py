"""Open calls and a company's chances, judged at a given day in China time."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge import CallStatus
from knowledge.calls import all_calls, match_calls, open_calls
from knowledge.facts import Verdict

JISHUGAIZAO = "sh_jingxin_jishugaizao_touzibuzhu_2026"
pytestmark = pytest.mark.integration


def test_open_call_with_days_left(sample_kb):
    calls = open_calls(sample_kb, today=date(2026, 1, 28))
    assert [c.doc for c in calls] == [JISHUGAIZAO]
    call = calls[0]
    assert call.status is CallStatus.OPEN and call.days_left == 7
    assert call.window.end.isoformat().startswith("2026-02-04T16:00")
    assert "2026年2月4日16时" in call.citation.text


def test_upcoming_and_closed(sample_kb):
    assert open_calls(sample_kb, today=date(2026, 1, 10))[0].status is CallStatus.UPCOMING
    assert open_calls(sample_kb, today=date(2026, 11, 27)) == []
    ends = [c.window.end for c in all_calls(sample_kb, today=date(2026, 11, 27)) if c.window.end]
    assert ends == sorted(ends) and len(ends) >= 10


def test_filters(sample_kb):
    day = date(2026, 1, 28)
    assert open_calls(sample_kb, today=day, within_days=3) == []
    assert [c.doc for c in open_calls(sample_kb, today=day, within_days=7)] == [JISHUGAIZAO]
    assert [c.doc for c in open_calls(sample_kb, today=day, region="奉贤")] == [JISHUGAIZAO]  # city-wide call
    assert open_calls(sample_kb, today=day, region="广东") == []
    assert [c.doc for c in open_calls(sample_kb, today=day, industry="技改")] == [JISHUGAIZAO]
    assert open_calls(sample_kb, today=day, industry="算力券") == []


def test_match_calls_reports_the_failing_condition(sample_kb):
    [result] = match_calls(sample_kb, {"credit_ok": False}, today=date(2026, 1, 28))
    assert result.doc_id == JISHUGAIZAO and result.verdict is Verdict.NOT_ELIGIBLE
    assert any(r.outcome.value == "failed" and "信用" in r.condition.text for r in result.results)


def test_match_calls_asks_for_what_it_could_not_check(sample_kb):
    [result] = match_calls(sample_kb, {}, today=date(2026, 1, 28))
    assert result.verdict is Verdict.NEEDS_CONFIRMATION
    assert "credit_ok" in result.missing_fields


def test_within_days_is_validated(sample_kb):
    with pytest.raises(ValueError):
        open_calls(sample_kb, within_days=-1)
