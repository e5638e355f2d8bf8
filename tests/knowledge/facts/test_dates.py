"""Application windows from the date forms notices use, and status relative to a given "now"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from knowledge.facts import Window, extract_facts
from knowledge.model import CallStatus, DocKind, DocumentMeta
from knowledge.sectioning import split_sections

pytestmark = pytest.mark.unit

CST = ZoneInfo("Asia/Shanghai")
LA = ZoneInfo("America/Los_Angeles")
ROOT = Path(__file__).resolve().parents[3]


def windows(body: str, issued: str = "2025-06-01") -> list[Window]:
    text = "关于开展测试项目申报工作的通知。\n" + body  # the title's 申报 is no cue for the body
    meta = DocumentMeta(doc_id="t", title="关于开展测试项目申报工作的通知", issued=issued)
    return extract_facts(meta, text, split_sections(text)).windows


def only(body: str, issued: str = "2025-06-01") -> Window:
    found = windows(body, issued)
    assert len(found) == 1, found
    return found[0]


def test_range_with_end_time():
    w = only("一、申报时间：2025年1月8日至2025年1月24日17:30。", issued="2025-01-02")
    assert (w.start, w.end) == (datetime(2025, 1, 8, tzinfo=CST), datetime(2025, 1, 24, 17, 30, tzinfo=CST))
    assert w.end_time_given and not w.year_inferred
    assert w.span.text.startswith("一、申报时间") and "17:30" in w.span.text


def test_system_closing_time_sets_the_end_and_late_applications_are_refused():
    w = only(
        "申报时间为2026年1月20日至2026年 2月4日(2026年2月4日16时起系统关闭,不再受理申报),逾期申报不再受理。"
    )
    assert w.end == datetime(2026, 2, 4, 16, 0, tzinfo=CST)
    assert w.hard and w.end_time_given
    assert "16时起系统关闭" in w.span.text


@pytest.mark.parametrize("join", ["至", "—", "～"])
def test_since_today_starts_at_the_issue_date_and_infers_the_year(join):
    w = only(f"申报时间：即日起{join}5月8日。", issued="2025-04-10")
    assert w.start == datetime(2025, 4, 10, tzinfo=CST)
    assert w.end == datetime(2025, 5, 8, 23, 59, 59, tzinfo=CST)
    assert w.year_inferred


def test_date_before_issue_date_rolls_to_next_year():
    assert only("请于9月20日前报送申报材料。", issued="2025-10-15").end.year == 2026
    assert only("请于9月20日前报送申报材料。", issued="2025-08-01").end.year == 2025


def test_24_oclock_is_the_end_of_that_day():
    w = only("申报截止时间为9月20日24时。", issued="2024-09-14")
    assert w.end == datetime(2024, 9, 20, 23, 59, 59, tzinfo=CST)
    assert w.end_time_given


def test_deadline_stated_with_chinese_numerals():
    assert only("申报截止日期为二〇二五年十月三十一日。").end == datetime(
        2025, 10, 31, 23, 59, 59, tzinfo=CST
    )
    w = only("受理截止日期为二O一一年十月二十五日。", issued="2011-10-01")
    assert w.end == datetime(2011, 10, 25, 23, 59, 59, tzinfo=CST)


def test_month_only_period_covers_the_month():
    w = only("申报时间为二〇二五年十月。")
    assert (w.start, w.end) == (
        datetime(2025, 10, 1, tzinfo=CST),
        datetime(2025, 10, 31, 23, 59, 59, tzinfo=CST),
    )


def test_cross_year_range_and_afternoon_times():
    w = only("网上申报时间：2025年12月20日至1月10日下午5时。")
    assert w.end == datetime(2026, 1, 10, 17, 0, tzinfo=CST)
    assert not w.year_inferred  # the year comes from the range's start, which the text states


def test_labels_for_several_windows():
    found = windows("网上申报时间为2025年3月1日至3月20日；纸质材料报送截止时间为2025年3月25日。")
    assert [(w.step, w.label, w.end.day) for w in found] == [
        ("online", "网上填报", 20),
        ("paper", "纸质材料报送", 25),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "执行期限：2025年01月01日到2026年12月31日。",
        "国家系统于2024年9月13日17时至2024年9月19日8时关闭，在此期间暂停申报。",
        "公示期为2023年7月31日至2023年8月4日。",
        "各中小企业在2019年11月1日至2020年10月31日新增贷款。",
        "申报项目须于2026年12月31日前完成建设。",
        "上海市科学技术委员会\n2025年5月20日",
        "受理时间为每个工作日上午9:00至11:00。",
    ],
)
def test_dates_outside_an_application_window_are_not_windows(body):
    assert windows(body) == []


def test_no_year_and_no_issue_date_gives_no_window():
    assert windows("请于5月8日前报送申报材料。", issued="") == []


def test_status_and_days_left_are_computed_in_china_time_near_midnight():
    w = only("请于2025年5月8日前报送申报材料。")
    # 08:30 in Los Angeles on 8 May is 23:30 in Shanghai: still open, last day.
    before = datetime(2025, 5, 8, 8, 30, tzinfo=LA)
    assert w.status(before) is CallStatus.OPEN
    assert w.to_dict(before)["days_left"] == 0
    # 10:00 in Los Angeles on 8 May is already 9 May in Shanghai: closed.
    after = datetime(2025, 5, 8, 10, 0, tzinfo=LA)
    assert w.status(after) is CallStatus.CLOSED
    assert w.to_dict(after)["days_left"] == -1


def test_upcoming_and_unknown_status():
    w = only("申报时间：2025年7月1日至2025年7月31日。")
    assert w.status(datetime(2025, 6, 30, 23, 0, tzinfo=CST)) is CallStatus.UPCOMING
    assert w.status(datetime(2025, 7, 1, 0, 0, tzinfo=CST)) is CallStatus.OPEN
    start_only = only("从2017年1月1日起开展专项资金项目的申报工作。", issued="2017")
    assert start_only.end is None
    assert start_only.status(datetime(2017, 3, 1, tzinfo=CST)) is CallStatus.UNKNOWN


def test_server_time_zone_does_not_change_deadlines():
    """Run extraction under a Los Angeles server clock: ends stay in China Standard Time."""
    code = (
        "import json;from knowledge.facts import extract_facts;from knowledge.model import DocumentMeta;"
        "from knowledge.clock import now;"
        "t='申报通知\\n请于5月8日前报送申报材料。';"
        "f=extract_facts(DocumentMeta(doc_id='t',title='申报通知',issued='2025-04-01'),t,[]);"
        "print(json.dumps([f.deadline.end.isoformat(), f.status(now()).value]))"
    )
    env = {
        **os.environ,
        "TZ": "America/Los_Angeles",
        "POLICYBOT_TODAY": "2025-05-08",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("POLICYBOT_TIMEZONE", None)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    end, status = json.loads(out.stdout)
    assert end == "2025-05-08T23:59:59+08:00"
    assert status == "open"


# ---------------------------------------------------------------- date forms
@pytest.mark.parametrize(
    "body",
    [
        "请于2025.7.9前提交申报材料。",
        "请于2025/07/09前提交申报材料。",
        "请于2025-07-09前提交申报材料。",
        "请于２０２５年７月９日前提交申报材料。",
        "请于二〇二五年七月九日前提交申报材料。",
        "申报截止时间：2025年7月9日。",
        "申报材料受理至2025年7月9日止。",
        "申报材料请在2025年7月9日之前提交。",
        "企业申报于2025年7月9日截止。",
    ],
)
def test_end_dates_in_every_written_form(body):
    w = only(body)
    assert w.end == datetime(2025, 7, 9, 23, 59, 59, tzinfo=CST)
    assert not w.year_inferred and not w.end_time_given


@pytest.mark.parametrize("join", ["至", "到", "—", "——", "-", "~", "～"])
def test_ranges_with_every_joining_mark(join):
    w = only(f"本批次申报时间为2025年8月4日{join}2025年8月29日。")
    assert (w.start, w.end) == (
        datetime(2025, 8, 4, tzinfo=CST),
        datetime(2025, 8, 29, 23, 59, 59, tzinfo=CST),
    )


@pytest.mark.parametrize(
    ("clock", "hour", "minute"), [("16:00", 16, 0), ("16时", 16, 0), ("下午5点", 17, 0), ("17时30分", 17, 30)]
)
def test_clock_times_on_the_end(clock, hour, minute):
    w = only(f"网上填报截止时间为2025年9月12日{clock}。")
    assert w.end == datetime(2025, 9, 12, hour, minute, tzinfo=CST)
    assert w.end_time_given


def test_end_of_month_and_parts_of_a_month():
    assert only("申报材料请于十月底前报送。", issued="2025-09-02").end == datetime(
        2025, 10, 31, 23, 59, 59, tzinfo=CST
    )
    assert only("请于2025年11月中旬前提交申报书。").end == datetime(2025, 11, 20, 23, 59, 59, tzinfo=CST)


def test_dotted_range_with_times():
    w = only("网上申报时间：2025.3.3 9:00-2025.3.21 17:00。")
    assert (w.start, w.end) == (
        datetime(2025, 3, 3, 9, 0, tzinfo=CST),
        datetime(2025, 3, 21, 17, 0, tzinfo=CST),
    )


# ---------------------------------------------------------------- years
def test_yearless_range_takes_the_issue_year_and_is_flagged():
    w = only("受理时间：9月1日——10月31日，请企业通过系统提交申报。", issued="2025-08-12")
    assert (w.start, w.end) == (
        datetime(2025, 9, 1, tzinfo=CST),
        datetime(2025, 10, 31, 23, 59, 59, tzinfo=CST),
    )
    assert w.year_inferred and w.year_source == "issued"


def test_a_dated_neighbour_in_the_sentence_gives_the_year():
    found = windows("本年度申报截止至2024年6月30日（网上填报截止至6月28日）。", issued="")
    assert [(w.end.year, w.end.day, w.year_source) for w in found] == [(2024, 30, ""), (2024, 28, "sentence")]


def test_without_metadata_the_signature_date_gives_the_year():
    w = only("请于6月25日前报送申报材料。\n\n示例区科学技术委员会\n2023年6月2日", issued="")
    assert w.end == datetime(2023, 6, 25, 23, 59, 59, tzinfo=CST)
    assert w.year_source == "text"


def test_the_title_year_is_the_last_resort():
    text = "关于开展2026年示例项目申报工作的通知\n请于3月20日前报送申报材料。"
    meta = DocumentMeta(doc_id="t", title="关于开展2026年示例项目申报工作的通知", issued="")
    (w,) = extract_facts(meta, text, split_sections(text)).windows
    assert w.end == datetime(2026, 3, 20, 23, 59, 59, tzinfo=CST)
    assert w.year_inferred and w.year_source == "title"


@pytest.mark.parametrize(
    "body",
    [
        "关于开展2020年度示例专项资金申报工作的通知。",
        "2023年申报工作按原办法执行。",
        "对2024年1月1日至2024年12月31日期间新增认定的企业给予奖励，请按要求申报。",
        "补贴范围为2024年7月1日至2024年12月31日举办的展会，企业应据实申报。",
        "本次受理2024年12月31日之前的房租补贴申请。",
        "我局将于2025年6月10日前组织专家评审申报项目。",
    ],
)
def test_bare_years_and_activity_or_subsidy_periods_are_not_windows(body):
    assert windows(body) == []


# ---------------------------------------------------------------- steps, batches, recurring, comments
def test_each_step_gets_its_own_window():
    found = windows(
        "网上填报时间为2025年4月1日至4月18日；纸质材料一式两份于4月22日前报送示例区科委；"
        "电子版扫描件请于4月20日前发送至邮箱。各区科委于4月30日前完成初审并行文报送市科委。"
    )
    assert [(w.step, w.audience, w.end.day) for w in found] == [
        ("online", "applicant", 18),
        ("paper", "applicant", 22),
        ("ecopy", "applicant", 20),
        ("district", "authority", 30),
    ]


def test_batches_are_named_but_not_from_a_programme_name():
    found = windows("第一批申报截止时间为2025年5月9日，第二批申报截止时间为2025年8月8日。")
    assert [(w.batch, w.end.month) for w in found] == [("第一批", 5), ("第二批", 8)]
    w = only("请登录系统进入“示例补助（2024年第三批认定）”栏目申报，申报时间为5月6日至5月16日。")
    assert w.batch == ""


def test_recurring_window_uses_this_or_next_years_occurrence():
    w = only("企业可于每年3月1日至4月30日提交申报材料。", issued="2023-01-05")
    assert w.recurring
    assert w.status(datetime(2026, 3, 10, tzinfo=CST)) is CallStatus.OPEN
    assert w.to_dict(datetime(2026, 3, 10, tzinfo=CST))["end"].startswith("2026-04-30")
    assert w.status(datetime(2026, 6, 1, tzinfo=CST)) is CallStatus.UPCOMING  # next spring
    assert w.days_left(datetime(2026, 6, 1, tzinfo=CST).date()) == 333


def test_comment_period_of_a_draft_is_its_own_step():
    w = only("公开征求意见时间为2025年5月6日至2025年6月5日，请通过电子邮件反馈意见。")
    assert (w.step, w.audience) == ("comment", "public")
    assert w.end == datetime(2025, 6, 5, 23, 59, 59, tzinfo=CST)


def test_an_objection_date_is_its_own_step_and_never_the_deadline():
    found = windows("申报时间为2025年5月6日至5月16日。企业如对核定结果有异议，请于5月20日前反馈。")
    assert [(w.step, w.audience, w.end.day) for w in found] == [
        ("apply", "applicant", 16),
        ("objection", "other", 20),
    ]


def test_a_new_statement_after_a_comma_does_not_cancel_the_deadline():
    w = only("企业申报截止时间2025年11月3日，符合贴息条件的企业提交一式两份材料。")
    assert w.end == datetime(2025, 11, 3, 23, 59, 59, tzinfo=CST)
    assert windows("对2024年1月1日至2024年6月30日期间，获得认定的企业给予奖励，请按要求申报。") == []


@pytest.mark.parametrize(
    "body",
    [
        "2.各区县科技管理部门组织审查，请于2025年6月20日前将推荐名单报市科技局。",
        "（三）区级主管部门于2025年6月20日前将汇总材料报送市经信委。",
        "由街道经济服务部门审核盖章后，于2025年6月20日前报区商务局。",
    ],
)
def test_a_body_forwarding_applications_is_an_authority_window(body):
    w = only(body)
    assert (w.step, w.audience) == ("district", "authority")


def test_a_company_sending_materials_to_a_department_is_the_applicant():
    w = only("申报企业将申报材料于2025年6月10日前报送至区科技局。")
    assert w.audience == "applicant"


def test_a_platform_closing_time_on_the_last_day_is_the_end():
    w = only("企业申报期为2026年3月2日至2026年3月20日，平台在3月20日16时关闭。")
    assert w.end == datetime(2026, 3, 20, 16, 0, tzinfo=CST) and w.end_time_given


def test_an_items_own_heading_names_its_step():
    found = windows(
        "（一）纸质材料：网上填报完成后，于2025年12月10日前将一式两份送达区科委。\n"
        "（二）电子版材料：请于2025年12月9日前发送扫描件。"
    )
    assert [(w.step, w.end.day) for w in found] == [("paper", 10), ("ecopy", 9)]


def test_each_city_or_district_named_as_subject_is_an_authority_but_its_companies_are_not():
    assert only("各市须在2025年9月25日前把汇总材料报送省厅。").audience == "authority"
    assert only("请各区企业于2025年9月25日前提交申报材料。").audience == "applicant"


# ---------------------------------------------------------------- shortened and joined forms
@pytest.mark.parametrize(
    "body",
    [
        "申报时间为2025年9月1日起至9月26日止。",
        "申报时间：2025年9月1日起，至2025年9月26日。",
        "申报时间：2025年9月1日至26日。",  # the end leaves out its month
        "申报时间：2025年9月1日-26日17:00。",
        "申报时间：2025.9.1-9.26。",  # the end leaves out its year
    ],
)
def test_range_ends_written_short_or_joined_with_qi(body):
    w = only(body)
    assert w.start == datetime(2025, 9, 1, tzinfo=CST)
    assert w.end.date() == datetime(2025, 9, 26).date()


def test_a_short_end_without_a_year_takes_the_year_like_its_start():
    w = only("受理时间为11月3日至14日。", issued="2025-10-20")
    assert (w.start, w.end) == (
        datetime(2025, 11, 3, tzinfo=CST),
        datetime(2025, 11, 14, 23, 59, 59, tzinfo=CST),
    )


def test_a_lone_dotted_month_day_is_no_date():
    assert windows("本项目资助比例为6.30%，请按要求申报。") == []


def test_completing_an_online_application_by_a_date_is_a_deadline():
    w = only("请各单位于2025年10月9日前完成网上申报。")
    assert (w.step, w.end.day) == ("online", 9)


# ---------------------------------------------------------------- several dates in one clause
def test_each_date_in_a_clause_has_its_own_subject():
    found = windows("企业于8月20日前在系统中填报，各区县于8月31日前完成初审并行文报送。", issued="2025-08-01")
    assert [(w.step, w.audience, w.end.day) for w in found] == [
        ("online", "applicant", 20),
        ("district", "authority", 31),
    ]


def test_each_date_in_a_clause_has_its_own_channel():
    found = windows(
        "请于11月5日前完成网上填报，11月10日前将纸质材料一式两份寄至区商务委。", issued="2025-10-20"
    )
    assert [(w.step, w.end.day) for w in found] == [("online", 5), ("paper", 10)]
    found = windows("申报单位于2025年11月5日前在平台提交，并于11月10日前报送纸质材料。")
    assert [(w.step, w.end.day) for w in found] == [("online", 5), ("paper", 10)]


def test_a_date_without_its_own_subject_keeps_the_clauses():
    found = windows("由各街道服务中心于9月10日前审核、9月15日前汇总报送区科委。", issued="2025-08-01")
    assert [(w.audience, w.end.day) for w in found] == [("authority", 10), ("authority", 15)]


# ---------------------------------------------------------------- context from lists and headings
def test_items_of_a_list_share_the_application_context():
    found = windows("申报分批进行，第一批：2025年4月1日至4月30日；第二批：2025年9月1日至9月30日。")
    assert [(w.batch, w.end.month) for w in found] == [("第一批", 4), ("第二批", 9)]


def test_dates_under_a_heading_about_application_dates_need_no_cue_of_their_own():
    found = windows(
        "四、时间安排\n（一）2025年10月8日至10月24日，企业在系统中填报。\n"
        "（二）2025年10月27日至10月31日，各区完成初审。\n（三）专家评审：2025年11月10日至11月20日。"
    )
    assert [(w.step, w.end.day) for w in found] == [("online", 24), ("district", 31)]


def test_a_new_statement_after_a_semicolon_is_not_a_window():
    w = only("申报时间：2025年6月2日-6月27日；逾期不予受理；2025年7月18日前公布评审结果。")
    assert w.end.day == 27 and w.hard


@pytest.mark.parametrize(
    "body",
    [
        "申报截止后，专家评审时间为2025年7月10日至7月20日。",
        "本次申报截止时间为2025年6月30日；\n（二）项目验收：2025年12月1日至12月20日。",
    ],
)
def test_an_authority_step_named_before_its_dates_is_not_a_window(body):
    assert all(w.end.month in (6,) for w in windows(body))


def test_an_applicants_request_for_payment_or_after_acceptance_is_a_window():
    assert only("资金拨付申请网上提交时间：2025年9月1日-2025年12月5日。").end.day == 5
    assert only("通过验收的企业于2025年6月30日前提交申请。").end.day == 30


# ---------------------------------------------------------------- more ways to state an end
@pytest.mark.parametrize(
    "body",
    [
        "项目材料报送时间不晚于2025年7月9日。",
        "申报材料最迟于2025年7月9日报送。",
        "本次申报工作即日开始，2025年7月9日结束。",
    ],
)
def test_more_ways_to_say_by_when(body):
    assert only(body).end == datetime(2025, 7, 9, 23, 59, 59, tzinfo=CST)


def test_the_application_channel_closing_is_the_end_but_a_maintenance_closing_is_not():
    w = only("申报平台将于2025年7月9日18:00关闭，请合理安排时间。")
    assert w.end == datetime(2025, 7, 9, 18, 0, tzinfo=CST) and w.end_time_given
    assert windows("系统将于2025年7月9日18:00关闭维护，维护期间暂停申报。") == []


@pytest.mark.parametrize(
    ("clock", "hour", "minute"), [("下午五点", 17, 0), ("十七时半", 17, 30), ("上午十时", 10, 0)]
)
def test_clock_times_in_chinese_numerals(clock, hour, minute):
    w = only(f"申报截止时间为2025年9月12日（周五）{clock}。")
    assert w.end == datetime(2025, 9, 12, hour, minute, tzinfo=CST) and w.end_time_given


# ---------------------------------------------------------------- periods counted from the issue date
def test_a_period_counted_from_the_issue_date_ends_n_days_later():
    w = only("请于本通知印发之日起20日内提交申报材料。", issued="2025-03-10")
    assert (w.start, w.end) == (
        datetime(2025, 3, 10, tzinfo=CST),
        datetime(2025, 3, 30, 23, 59, 59, tzinfo=CST),
    )


def test_a_comment_period_counted_from_publication():
    w = only("征求意见时间：自本公告发布之日起30天。", issued="2025-11-20")
    assert (w.step, w.end) == ("comment", datetime(2025, 12, 20, 23, 59, 59, tzinfo=CST))


@pytest.mark.parametrize(
    ("body", "issued"),
    [
        ("请于本通知印发之日起20日内提交申报材料。", "2025-03"),  # no day of issue: cannot count
        ("请于本通知印发之日起15个工作日内提交申报材料。", "2025-03-10"),  # working days need a calendar
        ("本办法自印发之日起30日后施行，申报按新办法执行。", "2025-03-10"),
    ],
)
def test_periods_that_cannot_be_counted_or_are_no_window(body, issued):
    assert windows(body, issued) == []


# ---------------------------------------------------------------- years from a partial issue date
SIGNED = "请于1月10日前报送申报材料。\n\n示例区经济委员会\n2025年11月20日\n"


@pytest.mark.parametrize("issued", ["", "2025", "2025-11"])
def test_the_signature_date_places_a_yearless_date_when_the_issue_date_lacks_its_day(issued):
    w = only(SIGNED, issued=issued)
    assert w.end == datetime(2026, 1, 10, 23, 59, 59, tzinfo=CST) and w.year_inferred


def test_an_exact_issue_date_wins_over_the_signature():
    assert only(SIGNED, issued="2025-01-03").end.year == 2025


def test_a_date_inside_a_sentence_is_no_signature():
    w = only("请于1月10日前报送申报材料。\n本通知于2025年11月20日起执行。", issued="2025")
    assert w.end.year == 2025  # only the year is known: the same year


@pytest.mark.parametrize(
    "body",
    [
        "材料请于2025年6月30日前送达区科委。",
        "请于2025年6月30日前将材料交至区商务委。",
        "请于2025年6月30日前将材料寄至市经信局。",
        "各企业请于2025年6月30日前将材料报区经委。",
    ],
)
def test_delivering_materials_somewhere_by_a_date_is_a_deadline(body):
    assert only(body).end == datetime(2025, 6, 30, 23, 59, 59, tzinfo=CST)


def test_getting_in_touch_by_a_date_is_no_deadline():
    assert windows("有意向的企业请于2025年6月30日前与我局联系。") == []


# ---------------------------------------------------------------- look-back periods and as-of dates
@pytest.mark.parametrize(
    "body",
    [
        "申报条件：企业在2023年1月1日以后开工建设的项目可以申报。",
        "自2024年1月1日起注册成立的企业均可申报。",
        "截至2025年6月30日，申报企业须已在本区注册满一年。",
        "申报企业截至2024年底的有效发明专利不少于3件。",
        "申报企业2024年度（2024年1月1日至12月31日）研发费用不低于100万元。",
        "申报单位须在2024年1月1日至2024年12月31日期间新增固定资产投资。",
        "统计期为2024年1月1日至2024年12月31日，申报企业营业收入不低于1亿元。",
    ],
)
def test_a_period_the_applicant_looks_back_on_is_no_window(body):
    assert windows(body) == []


@pytest.mark.parametrize(
    ("body", "hour"),
    [
        ("本次申报截至2025年6月30日。", 23),
        ("申报时间截至2025年6月30日17:00，逾期不予受理。", 17),
        ("申报材料受理自即日起截至2025年6月30日止。", 23),
        ("截至2025年6月30日，未提交申报材料的视为放弃。", 23),
    ],
)
def test_an_application_phrase_before_as_of_jiezhi_makes_it_an_end(body, hour):
    w = only(body)
    assert (w.end.date().isoformat(), w.end.hour) == ("2025-06-30", hour)


# ---------------------------------------------------------------- tables flattened with "|"
def test_each_row_of_a_table_is_its_own_clause():
    found = windows(
        "序号 | 事项 | 时间\n1 | 网上填报 | 2025年6月1日至6月20日\n"
        "2 | 纸质材料报送 | 2025年6月25日前\n3 | 区级初审 | 2025年7月5日前\n"
    )
    assert [(w.step, w.audience, w.end.day) for w in found] == [
        ("online", "applicant", 20),
        ("paper", "applicant", 25),
        ("district", "authority", 5),
    ]
    assert found[1].span.text == "2 | 纸质材料报送 | 2025年6月25日前"


def test_a_cell_names_what_the_next_cell_dates():
    found = windows("申报时间 | 2025年6月1日-2025年6月20日\n纸质材料报送截止 | 2025年6月25日\n")
    assert [(w.step, w.end.day) for w in found] == [("apply", 20), ("paper", 25)]


# ---------------------------------------------------------------- steps of several dates in one clause
def test_each_date_takes_the_step_of_its_own_words_not_the_previous_dates():
    found = windows(
        "申报企业于6月20日前将电子版发送至指定邮箱，6月25日前报送纸质材料，各区初审后于7月5日前行文报市。",
        issued="2025-06-01",
    )
    assert [(w.step, w.audience) for w in found] == [
        ("ecopy", "applicant"),
        ("paper", "applicant"),
        ("district", "authority"),
    ]
    found = windows("请各区于6月30日前将推荐汇总表报送我局，企业申报材料于6月20日前提交至所在区。")
    assert [(w.audience, w.end.day) for w in found] == [("authority", 30), ("applicant", 20)]


@pytest.mark.parametrize(
    "body",
    [
        "企业网上申报截止时间为6月20日，区县推荐截止时间为6月30日。",
        "企业在线填报时间：2025年6月1日—6月20日；区级审核推荐时间：6月21日—6月30日。",
        "企业于6月20日前完成网上申报，各区于6月30日前完成初核并报市经信委。",
    ],
)
def test_a_bodys_review_or_recommendation_is_the_authoritys_step(body):
    found = windows(body)
    assert [(w.audience, w.end.day) for w in found] == [("applicant", 20), ("authority", 30)]


# ---------------------------------------------------------------- a publicity notice's period
PUBLICITY = "关于2025年第一批拟认定企业名单的公示"


@pytest.mark.parametrize(
    "body",
    [
        "现将名单予以公示。公示期为2025年6月3日至6月9日。如有异议，请在公示期内以书面形式反映。",
        "公示时间：2025年6月3日—2025年6月9日。对公示企业有异议的，可在公示期内提出。",
        "公示期截至2025年6月9日。",
    ],
)
def test_a_publicity_notices_period_is_the_window_for_objections_never_a_deadline(body):
    text = f"{PUBLICITY}\n{body}"
    meta = DocumentMeta(doc_id="t", title=PUBLICITY, issued="2025-06-03", kind=DocKind.PUBLICITY)
    found = extract_facts(meta, text, split_sections(text))
    assert [(w.step, w.audience, w.end.day) for w in found.windows] == [("objection", "other", 9)]
    assert found.deadline is None  # a call's status never comes from it
    notice = DocumentMeta(doc_id="t", title=PUBLICITY, issued="2025-06-03", kind=DocKind.NOTICE)
    assert extract_facts(notice, text, split_sections(text)).windows == []


# ---------------------------------------------------------------- dates given respectively (分别为)
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("网上申报、纸质材料报送截止时间分别为6月20日、6月25日。", [("online", "", 20), ("paper", "", 25)]),
        (
            "企业网上填报和区县推荐的截止时间分别为2025年6月20日和2025年6月30日。",
            [("online", "", 20), ("district", "", 30)],
        ),
        (
            "第一批、第二批申报时间分别为2025年6月1日至6月20日、2025年9月1日至9月20日。",
            [("apply", "第一批", 20), ("apply", "第二批", 20)],
        ),
    ],
)
def test_each_date_given_respectively_takes_its_item_of_the_list(body, expected):
    assert [(w.step, w.batch, w.end.day) for w in windows(body)] == expected


def test_a_truncated_page_without_a_full_date_takes_the_year_of_a_month_it_writes():
    text = "…企业2025年6月起可登录系统。\n请于7月10日前报送申报材料。"
    meta = DocumentMeta(doc_id="t", title="关于开展测试项目申报工作的通知", issued="", truncated=True)
    (w,) = extract_facts(meta, text, split_sections(text)).windows
    assert w.end == datetime(2025, 7, 10, 23, 59, 59, tzinfo=CST) and w.year_source == "text"


@pytest.mark.parametrize(
    "body",
    [
        "申报时间：2025年6月1日(含)至2025年6月30日(含)。",
        "申报时间：6月1日（含）至30日。",
        "项目申报 | 2025年6月1日 | 2025年6月30日\n",
    ],
)
def test_a_range_with_its_days_included_or_in_cells_side_by_side(body):
    w = only(body)
    assert (w.start.day, w.end.day) == (1, 30)


def test_rows_of_start_and_end_columns():
    found = windows(
        "事项 | 开始 | 截止\n网上填报 | 2025年6月1日 | 2025年6月20日 |\n纸质材料报送 | 2025年6月21日 | 2025年6月25日\n"
    )
    assert [(w.step, w.start.day, w.end.day) for w in found] == [("online", 1, 20), ("paper", 21, 25)]


@pytest.mark.parametrize("late", ["逾期不予受理", "过期不予受理", "超期不再受理", "过期无效"])
def test_late_applications_refused_in_other_words(late):
    assert only(f"请于2025年6月30日前将申报材料报送至市工信局，{late}。").hard


def test_a_short_item_heading_names_the_channel_its_dates_are_for():
    found = windows(
        "三、申报要求\n（一）网上填报：\n请于2025年6月20日前完成申报。\n"
        "（二）纸质材料报送：\n请于2025年6月25日前报送至区科委。\n"
        "（三）其他要求：\n请于2025年6月30日前报送审计报告。\n"
    )
    assert [(w.step, w.end.day) for w in found] == [("online", 20), ("paper", 25), ("apply", 30)]


@pytest.mark.parametrize(
    "body",
    [
        "申报开始时间为2025年6月1日，截止时间为2025年6月30日。",
        "网上申报于2025年6月1日开始，6月30日截止。",
        "申报系统开放时间：2025年6月1日；关闭时间：2025年6月30日。",
        "2025年6月1日起开始受理申报，2025年6月30日截止。",
    ],
)
def test_a_start_and_an_end_stated_apart_make_one_window(body):
    w = only(body)
    assert (w.start.day, w.end.day) == (1, 30)


def test_a_start_in_another_statement_stays_apart_and_maintenance_is_no_window():
    found = windows("网上申报于2025年7月1日开始。纸质材料截止时间为6月30日。")
    assert [(w.start and w.start.day, w.end and w.end.day) for w in found] == [(1, None), (None, 30)]
    assert windows("系统维护关闭时间为2025年6月30日，届时暂停申报。") == []
