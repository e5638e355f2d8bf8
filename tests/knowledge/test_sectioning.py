"""Headings become section paths; numbered list items inside a section do not."""

from itertools import pairwise

import pytest

from knowledge.sectioning import split_sections, split_sentences

pytestmark = pytest.mark.unit

NOTICE = """关于组织开展2026年技术改造专项申报工作的通知
有关单位:
现将有关事项通知如下:
一、申报条件
1.申报单位应当为在本市依法经营并具有独立承担民事责任能力的企业,经营状态正常,信用记录良好;
2.申报项目应符合申报指南要求(附件1),项目已正式开工建设;
3.项目固定资产投资比例应高于60%。
二、专项资金支持方式和标准
投资补助支持比例不超过核定项目总投入的10%,最高不超过1亿元。
三、申报程序
1、申报方式。采取线上方式组织申报。
2、申报时间。申报时间为2026年1月20日至2026年2月4日。
(一)网上申报
登录平台填报。
"""


def labels(text, title=""):
    return [section.path for section in split_sections(text, title)]


def test_numbered_headings_nest_under_the_title():
    paths = labels(NOTICE)
    title = "关于组织开展2026年技术改造专项申报工作的通知"
    assert paths[0] == (title,)
    assert (title, "一、申报条件") in paths
    assert (title, "三、申报程序", "2、申报时间") in paths
    # （一） ranks above 1、 in the canonical order, so it closes "2、申报时间"
    assert (title, "三、申报程序", "(一)网上申报") in paths


def test_list_items_of_conditions_are_not_headings():
    paths = labels(NOTICE)
    assert not any(len(p) > 2 and p[1] == "一、申报条件" for p in paths)


def test_sections_cover_the_text_in_order():
    sections = split_sections(NOTICE)
    assert sections[0].start == 0 and sections[-1].end == len(NOTICE)
    assert all(a.end == b.start for a, b in pairwise(sections))
    conditions = next(s for s in sections if s.path[-1] == "一、申报条件")
    assert "信用记录良好" in NOTICE[conditions.start : conditions.end]


def test_articles_keep_their_short_title_and_nest_under_a_chapter_like_part():
    text = "廊坊市算力券实施细则\n一、总则\n第一条 目的。为了推进算力赋能产业发展。\n第二条(适用对象)\n本细则适用于算力使用方。\n二、申领\n第三条 申领条件。企业应当注册在本市。\n"
    paths = labels(text)
    assert ("廊坊市算力券实施细则", "一、总则", "第一条 目的") in paths
    assert ("廊坊市算力券实施细则", "一、总则", "第二条(适用对象)") in paths
    assert ("廊坊市算力券实施细则", "二、申领", "第三条 申领条件") in paths


def test_full_width_parentheses_and_markdown_headings():
    text = "# 指南\n## 申报条件\n（一）基本要求\n企业应当注册在本区。\n（二）其他要求\n信用良好。\n"
    paths = labels(text, "指南")
    assert ("指南", "申报条件", "（一）基本要求") in paths
    assert ("指南", "申报条件", "（二）其他要求") in paths


def test_a_given_title_starts_every_path():
    assert all(p[0] == "我的标题" for p in labels(NOTICE, "我的标题"))


def test_sentences_split_on_chinese_punctuation_and_keep_closing_quotes():
    text = "申报时间为1月20日。逾期不予受理！是否需要盖章？需要；材料一式两份\n联系人:张老师“见附件。”后续"
    assert split_sentences(text) == [
        "申报时间为1月20日。",
        "逾期不予受理！",
        "是否需要盖章？",
        "需要；",
        "材料一式两份",
        "联系人:张老师“见附件。”",
        "后续",
    ]


def test_sample_notice_gets_the_expected_path(samples_dir):
    text = (samples_dir / "sh_jingxin_jishugaizao_touzibuzhu_2026.txt").read_text(encoding="utf-8")
    sections = split_sections(text)
    deadline = next(s for s in sections if s.path[-1] == "2、申报时间")
    assert deadline.path[1] == "三、申报程序"
    assert "2026年1月20日" in text[deadline.start : deadline.end]
