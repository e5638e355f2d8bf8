"""Headings become section paths; numbered list items inside a section do not."""

from itertools import pairwise

import pytest

from knowledge.sectioning import split_sections, split_sentences

pytestmark = pytest.mark.unit

NOTICE = """关于组织示例区2026年设备更新专项申报的通知
各有关企业:
现将申报安排告知如下:
一、申报条件
1.申报企业在本区注册并纳税,经营正常,没有不良信用记录;
2.项目已经开工,并且符合申报指南(附件1)的方向;
3.项目设备投资占总投资的比例高于50%。
二、支持标准
按设备投资额的8%给予补助,每个项目最高300万元。
三、申报流程
1、申报方式。一律在线申报。
2、申报时间。申报时间为2026年3月2日至2026年3月31日。
(一)网上申报
登录平台填写。
"""


def labels(text, title=""):
    return [section.path for section in split_sections(text, title)]


def test_numbered_headings_nest_under_the_title():
    paths = labels(NOTICE)
    title = "关于组织示例区2026年设备更新专项申报的通知"
    assert paths[0] == (title,)
    assert (title, "一、申报条件") in paths
    assert (title, "三、申报流程", "2、申报时间") in paths
    # （一） ranks above 1、 in the canonical order, so it closes "2、申报时间"
    assert (title, "三、申报流程", "(一)网上申报") in paths


def test_list_items_of_conditions_are_not_headings():
    paths = labels(NOTICE)
    assert not any(len(p) > 2 and p[1] == "一、申报条件" for p in paths)


def test_sections_cover_the_text_in_order():
    sections = split_sections(NOTICE)
    assert sections[0].start == 0 and sections[-1].end == len(NOTICE)
    assert all(a.end == b.start for a, b in pairwise(sections))
    conditions = next(s for s in sections if s.path[-1] == "一、申报条件")
    assert "没有不良信用记录" in NOTICE[conditions.start : conditions.end]


def test_articles_keep_their_short_title_and_nest_under_a_chapter_like_part():
    text = "示例市算力券细则\n一、总则\n第一条 目的。为了鼓励企业使用算力。\n第二条(适用对象)\n本细则适用于算力使用方。\n二、申领\n第三条 申领条件。企业应当注册在本市。\n"
    paths = labels(text)
    assert ("示例市算力券细则", "一、总则", "第一条 目的") in paths
    assert ("示例市算力券细则", "一、总则", "第二条(适用对象)") in paths
    assert ("示例市算力券细则", "二、申领", "第三条 申领条件") in paths


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


def test_unnumbered_short_lines_between_sentences_are_headings():
    text = (
        "关于延长申报时间的说明\n（根据某通知整理。）\n延后原因\n申报系统停机三天，企业无法填报。\n"
        "新的截止时间\n第一批顺延到9月20日；\n第二批顺延到10月10日。\n特此说明。\n示例区科技委员会\n2024年9月14日\n"
    )
    assert [p[1:] for p in labels(text)] == [(), ("延后原因",), ("新的截止时间",)]


@pytest.mark.parametrize(
    "text",
    [
        "标题\n各有关单位\n现将有关事项通知如下。\n",  # a salutation right after the title
        "标题\n正文一句。\n示例区经济委员会\n2026年11月10日\n",  # signature and date
        "标题\n正文一句。\n附件\n1.申请书.doc\n2.汇总表.xls\n",  # an attachment list
        "标题\n正文一句。\n〔名词解释〕\n算力券是一种凭证。\n",  # bracketed, may be a term, not a part
    ],
)
def test_short_lines_that_are_not_headings(text):
    assert [p[1:] for p in labels(text)] == [()]


def test_sample_notice_gets_the_expected_path(samples_dir):
    text = (samples_dir / "shilishi_gaoqi_rending_2026.txt").read_text(encoding="utf-8")
    sections = split_sections(text)
    batches = next(s for s in sections if s.path[-1] == "二、申报批次和时间")
    assert len(batches.path) == 2
    assert "第二批：网上申报时间为2026年11月20日至12月25日" in text[batches.start : batches.end]
