"""Every real notice in ../shared/corpus against hand-checked gold values (read from the texts, not the code).

The notices are third-party pages kept outside the project; the fixtures skip these tests when
../shared/corpus is absent. Only facts (dates, amounts, names, numbers) appear here, never their sentences.
Deadlines matter most: for each document that states an application window, the deadline a
company would be told must equal the gold value; documents that state none must have none.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.unit

CST = ZoneInfo("Asia/Shanghai")


def cst(*args: int) -> datetime:
    return datetime(*args, tzinfo=CST)


# doc_id → (deadline start, deadline end, year inferred, hard). Ends without a stated time are 23:59:59.
GOLD_DEADLINES = {
    # window 2026-01-20 to 2026-02-04, the system closing at 16:00 on the last day; late filings refused
    "sh_jingxin_jishugaizao_touzibuzhu_2026": (cst(2026, 1, 20), cst(2026, 2, 4, 16, 0), False, True),
    # batch 5 ends 9-20 24:00, batch 6 ends 10-10 24:00, no year given (issued 2024-09-14)
    "sh_gaoqi_shenbao_jiezhi_yanchang_2024": (None, cst(2024, 10, 10, 23, 59, 59), True, False),
    # applications accepted all year from 2017-01-01: a start, no end
    "sh_zhuanxingshengji_zhongdianjigai_2017": (cst(2017, 1, 1), None, False, False),
    # pre-application closes 11-30, no year given (issued 2021-08-20)
    "jiading_chuangxin_chuangye_huodong_2021": (None, cst(2021, 11, 30, 23, 59, 59), True, False),
    # online filing 2018-04-02 to 2018-04-20, an em-dash range
    "jiading_nongye_shehui_keyan_2018": (cst(2018, 4, 2), cst(2018, 4, 20, 23, 59, 59), False, False),
    # closes 10-31 24:00, no year given (issue date written in Chinese numerals, 2011-10-25)
    "sh_gaoqi_rending_jiezhi_2011": (None, cst(2011, 10, 31, 23, 59, 59), True, False),
    # hand in before 2024-05-08 (a weekday in brackets); late filings refused
    "songjiang_tese_chanye_jiqun_2024": (None, cst(2024, 5, 8, 23, 59, 59), False, True),
    # the Shanghai deadline is 4-15, no year given (issued 2013-03-22)
    "sh_guojia_qiye_jishuzhongxin_2013": (None, cst(2013, 4, 15, 23, 59, 59), True, False),
    # online filing 2025-08-18 09:00 to 09-09 17:00, a tilde range with times
    "zhuhai_kepu_zhuanti_zhinan_2025": (cst(2025, 8, 18, 9, 0), cst(2025, 9, 9, 17, 0), False, False),
    # materials before 5-08, no year given (issued 2020-03-26)
    "zhongshan_zhuanjingtexin_tuijian_2020": (None, cst(2020, 5, 8, 23, 59, 59), True, False),
    # hand in before 2018-06-21; late filings refused
    "dongguan_zhizao_hulianwang_shidian_2018": (None, cst(2018, 6, 21, 23, 59, 59), False, True),
    # companies file by 2020-11-03 (not the loan period 2019-11-01 to 2020-10-31)
    "wenchang_zhongxiao_daikuan_tiexi_2020": (None, cst(2020, 11, 3, 23, 59, 59), False, False),
    # companies file before 2018-05-11; counties forward by 05-16 17:00 (not a company deadline)
    "hebi_gaoqi_rending_jiangbu_2018": (None, cst(2018, 5, 11, 23, 59, 59), False, False),
    # to the provincial bureau before 2016-09-25
    "shandong_zhuanjingtexin_tuijian_2016": (None, cst(2016, 9, 25, 23, 59, 59), False, False),
}

# Documents that state no application window (policies, publicity lists, truncated pages whose
# only dates are execution periods, publicity periods, targets or issue dates).
NO_WINDOW = {
    "changning_zongbu_jingji_shenbao_2021",
    "fengxian_keji_xiaojuren_zhinan_2025",  # an execution period 2025-01-01 to 2026-12-31 is not a window
    "huangpu_ai_ronghe_shishiyijian_2019",
    "jiading_zhihuichengshi_5g_2019",
    "langfang_suanliquan_shishixize_2023",
    "pudong_gaoqi_daikuan_tiexi_lixiang_2023",
    "sh_gaoqi_nirending_gongshi_2020",
    "sh_kewei_difangpipei_gongshi_2023",  # a publicity period 2023-07-31 to 2023-08-04
    "sh_qiye_jishuzhongxin_pingjia_2025",
    "sh_rengongzhineng_jia_xingdong_2025",
    "sh_ruanjian_jichengdianlu_zhuanxiang_2017",  # a project period 2017.4.1-2019.3.31
    "xuhui_ai_chanye_fuchi_yijian_2023",
    "xuhui_ai_chanye_jijuqu_shishi_yijian_2017",
    "xuhui_ai_xingaodi_shishibanfa_2018",
    "xuhui_wenhua_zhuanxiang_zijin_2012",
    "yantai_rengongzhineng_zhuanxiang_2021",
}


def test_gold_covers_the_whole_corpus(corpus_facts):
    """Every real notice has gold: a new file in the corpus needs its values added here."""
    assert set(GOLD_DEADLINES) | NO_WINDOW == set(corpus_facts)
    assert not set(GOLD_DEADLINES) & NO_WINDOW


@pytest.mark.parametrize("doc_id", sorted(GOLD_DEADLINES))
def test_deadline_matches_gold(corpus_facts, corpus_texts, doc_id):
    start, end, inferred, hard = GOLD_DEADLINES[doc_id]
    window = corpus_facts[doc_id].deadline
    assert window is not None
    assert (window.start, window.end) == (start, end)
    assert window.year_inferred is inferred
    assert window.hard is hard
    # Provenance: the span is the exact source text at its offsets.
    span = window.span
    assert corpus_texts[doc_id][span.start : span.end] == span.text
    assert span.doc_id == doc_id


@pytest.mark.parametrize("doc_id", sorted(NO_WINDOW))
def test_no_window_where_none_is_stated(corpus_facts, doc_id):
    # a publicity notice's dated period is the time for objections (step objection), never a deadline
    assert [w for w in corpus_facts[doc_id].windows if w.step != "objection"] == []
    assert corpus_facts[doc_id].deadline is None


def test_system_downtime_is_not_a_window(corpus_facts):
    windows = corpus_facts["sh_gaoqi_shenbao_jiezhi_yanchang_2024"].windows
    assert [(w.label, w.end) for w in windows] == [
        ("第五批", cst(2024, 9, 20, 23, 59, 59)),
        ("第六批", cst(2024, 10, 10, 23, 59, 59)),
    ]
    assert all("关闭" not in w.span.text for w in windows)


def test_authority_forwarding_dates_are_kept_apart(corpus_facts):
    jingxin = corpus_facts["sh_jingxin_jishugaizao_touzibuzhu_2026"].windows
    assert [(w.audience, w.end) for w in jingxin] == [
        ("applicant", cst(2026, 2, 4, 16, 0)),
        ("authority", cst(2026, 2, 6, 23, 59, 59)),
    ]
    hebi = corpus_facts["hebi_gaoqi_rending_jiangbu_2018"].windows
    assert [(w.audience, w.end) for w in hebi] == [
        ("applicant", cst(2018, 5, 11, 23, 59, 59)),
        ("authority", cst(2018, 5, 16, 17, 0)),
    ]


def test_window_count_and_section_labels(corpus_facts):
    found = sum(len(f.windows) for f in corpus_facts.values())
    assert found == 18  # 14 documents; two batches in one, an authority date in two others; one publicity period
    zhuhai = corpus_facts["zhuhai_kepu_zhuanti_zhinan_2025"].deadline
    assert zhuhai.span.section.endswith("二、申报方式 › (二)申报时间")
    assert (zhuhai.step, zhuhai.label) == ("online", "网上填报")


# doc_id → amounts as (max_wan, ratio, fixed_wan, scope) in text order.
GOLD_AMOUNTS = {
    "sh_jingxin_jishugaizao_touzibuzhu_2026": [(10000.0, 10.0, None, "per_applicant")],
    "fengxian_keji_xiaojuren_zhinan_2025": [(None, None, 40.0, "per_applicant")],
    "sh_ruanjian_jichengdianlu_zhuanxiang_2017": [
        (800.0, 30.0, None, "per_applicant"),
        (300.0, 50.0, None, "per_applicant"),
        (800.0, 30.0, None, "per_applicant"),
        (300.0, 30.0, None, "per_applicant"),
        (300.0, 50.0, None, "per_applicant"),
    ],
    "langfang_suanliquan_shishixize_2023": [(1000.0, None, None, "total_budget")],
}


@pytest.mark.parametrize("doc_id", sorted(GOLD_DEADLINES.keys() | NO_WINDOW))
def test_amounts_match_gold(corpus_facts, doc_id):
    got = [(a.max_wan, a.ratio, a.fixed_wan, a.scope) for a in corpus_facts[doc_id].amounts]
    assert got == GOLD_AMOUNTS.get(doc_id, [])


# doc_id → (person, first phone, email) that must be among the document's contacts.
GOLD_CONTACTS = {
    "dongguan_zhizao_hulianwang_shidian_2018": ("丁颖", "22381538", "dingying131@qq.com"),
    "shandong_zhuanjingtexin_tuijian_2016": ("索立", "0531—82037225", "shandongsuoli@163.com"),
    "songjiang_tese_chanye_jiqun_2024": ("贾老师", "37737322", ""),
    "sh_guojia_qiye_jishuzhongxin_2013": ("张明辉", "23112782", ""),
    "wenchang_zhongxiao_daikuan_tiexi_2020": ("林糖", "63331096", ""),
    "jiading_chuangxin_chuangye_huodong_2021": ("潘晓岷", "69989297", ""),
    "sh_gaoqi_nirending_gongshi_2020": ("江淼、吴蓓蕾、薛博仁", "64839009转236,229,221", ""),
    "zhuhai_kepu_zhuanti_zhinan_2025": ("羊荣兵、胡俊烈", "020-39348210", ""),
}


@pytest.mark.parametrize("doc_id", sorted(GOLD_CONTACTS))
def test_contact_matches_gold(corpus_facts, doc_id):
    person, phone, email = GOLD_CONTACTS[doc_id]
    matches = [c for c in corpus_facts[doc_id].contacts if c.person == person]
    assert matches, [c.person for c in corpus_facts[doc_id].contacts]
    assert matches[0].phones[0] == phone
    assert matches[0].email == email


def test_departments_and_split_phones(corpus_facts):
    hebi = [(c.department, c.phones) for c in corpus_facts["hebi_gaoqi_rending_jiangbu_2018"].contacts]
    assert hebi == [("市科技局高新科", ("3328151",)), ("市科技局计划科", ("3328338",))]
    zhuhai = corpus_facts["zhuhai_kepu_zhuanti_zhinan_2025"].contacts
    assert zhuhai[0].department == "珠海市科技创新局科技人才科"
    assert zhuhai[1].phones == ("020-39348210", "83163913")  # kept as written, not given an area code
    address = corpus_facts["sh_gaoqi_nirending_gongshi_2020"].contacts[0].address
    assert address == "钦州路100号1号楼307室"
    guojia = [
        (c.person, c.phones, c.address) for c in corpus_facts["sh_guojia_qiye_jishuzhongxin_2013"].contacts
    ]
    assert guojia == [("张明辉", ("23112782",), ""), ("倪晓杰", ("61717672",), "威海路511号1517室")]


def test_facts_json_is_serialisable_with_status(corpus_facts):
    import json

    data = corpus_facts["songjiang_tese_chanye_jiqun_2024"].to_dict(cst(2024, 5, 8, 12, 0))
    assert json.loads(json.dumps(data, ensure_ascii=False))["deadline"]["days_left"] == 0
    assert data["status"] == "open"
    assert data["deadline"]["hard"] is True


def test_documents_without_contact_data_have_none(corpus_facts):
    for doc_id in (
        "xuhui_ai_chanye_jijuqu_shishi_yijian_2017",
        "langfang_suanliquan_shishixize_2023",
        "fengxian_keji_xiaojuren_zhinan_2025",
        "pudong_gaoqi_daikuan_tiexi_lixiang_2023",
    ):
        assert corpus_facts[doc_id].contacts == [], doc_id
        assert "contacts" in corpus_facts[doc_id].missing()
