"""Passages of one document reordered by how they fit the question; documents keep their places."""

import pytest

from knowledge.asked import asked_shapes
from knowledge.lexical import BM25Index, char_bigrams
from knowledge.model import AnswerType, Chunk
from knowledge.rerank import coverage, heading, within_documents

pytestmark = pytest.mark.unit

TITLE = "示例区创新券申领通知"


def passage(doc: str, ordinal: int, section: str, text: str, title: str = TITLE) -> Chunk:
    return Chunk(
        f"{doc}#{ordinal}",
        doc,
        title,
        f"{title} › {section}" if section else title,
        text,
        0,
        len(text),
        region="示例省示例区",
        issuer="示例区科技局",
    )


FORM = passage("quan", 0, "附件 › 申领表(样表)", "示例区")  # a form repeating the region, nothing else
WINDOW = passage("quan", 1, "三、申领安排", "材料审核通过后公示七个工作日,无异议的予以发放。")
AMOUNT = passage("quan", 2, "二、支持标准", "每家企业每年最高可申领二十万元创新券。")
OTHER = passage("other", 0, "一、对象", "示例区注册的企业。", title="示例区人才公寓通知")
CHUNKS = [FORM, WINDOW, AMOUNT, OTHER]


def weights(question: str) -> dict[str, float]:
    index = BM25Index([f"{c.title}\n{c.section}\n{c.text}" for c in CHUNKS])
    return index.rarity(question)


def test_the_heading_is_the_last_label_of_the_section_path():
    assert heading(WINDOW) == "三、申领安排"
    assert heading(passage("quan", 9, "", "导语")) == TITLE


def test_coverage_leaves_out_the_words_naming_the_document():
    asked = weights("示例区创新券公示几个工作日")
    # the region and the title's programme name are in every passage of the notice: they count for none
    assert coverage(FORM, asked, char_bigrams) == 0.0
    assert coverage(WINDOW, asked, char_bigrams) > 0.5
    assert coverage(WINDOW, {"示例": 1.0}, char_bigrams) == 0.0  # nothing else asked


def test_the_passage_holding_the_rest_of_the_question_moves_up_within_its_document():
    fused = [(0, 0.33), (3, 0.30), (1, 0.29), (2, 0.20)]  # the bare form first, another notice second
    ranked = within_documents(
        CHUNKS, fused, AnswerType.PROCESS, weights("示例区创新券公示几个工作日"), char_bigrams
    )
    assert [item for item, _ in ranked] == [1, 3, 0, 2]  # the other notice keeps the second place
    assert ranked[0][1] == 0.29  # a passage keeps its fused score


def test_a_passage_shaped_like_the_asked_amount_moves_up():
    fused = [(1, 0.33), (2, 0.31)]
    ranked = within_documents(CHUNKS, fused, AnswerType.AMOUNT, {}, char_bigrams)
    assert [item for item, _ in ranked] == [2, 1]
    assert within_documents(CHUNKS, fused, AnswerType.OTHER, {}, char_bigrams) == fused


def test_a_clear_lead_stays_and_results_past_the_depth_are_untouched():
    asked = weights("示例区创新券公示几个工作日")
    lead = [(2, 0.6), (1, 0.1)]  # a fitting passage gains at most about one first rank (1/6)
    assert within_documents(CHUNKS, lead, AnswerType.PROCESS, asked, char_bigrams) == lead
    many = CHUNKS + [passage(f"d{i}", 0, "一、对象", "企业。", title=f"示例通知{i}") for i in range(10)]
    deep = [(4 + i, 0.5 - i / 100) for i in range(10)] + [(0, 0.2), (1, 0.1)]
    assert within_documents(many, deep, AnswerType.PROCESS, asked, char_bigrams) == deep


def test_a_passage_holding_the_value_the_asking_words_call_for_moves_up():
    days = passage("quan", 3, "三、申领安排", "申领结果在区政府网站公布,请留意。")
    many_days = passage("quan", 4, "三、申领安排", "申领结果公示5个工作日。")
    chunks = [days, many_days]
    fused = [(0, 0.33), (1, 0.32)]  # same coverage of "公示几个工作日" words aside, only one says how long
    asked = asked_shapes("创新券结果公布几个工作日")
    ranked = within_documents(chunks, fused, AnswerType.OTHER, {}, char_bigrams, asked)
    assert [item for item, _ in ranked] == [1, 0]
    assert within_documents(chunks, fused, AnswerType.OTHER, {}, char_bigrams) == fused


def test_a_passage_holding_each_of_two_asked_values_beats_one_holding_either():
    window = passage("quan", 5, "三、申领安排", "申领系统入口 https://example.invalid/quan ,请按时登录。")
    both = passage("quan", 6, "三、申领安排", "申领期含周六、日,系统入口 https://example.invalid/quan 。")
    chunks = [window, both]
    fused = [(0, 0.40), (1, 0.36)]  # the lone address ranks first by fused score alone
    asked = asked_shapes("周末能在系统上申领吗，网址是")
    assert len(asked) == 2
    ranked = within_documents(chunks, fused, AnswerType.PROCESS, {}, char_bigrams, asked)
    assert [item for item, _ in ranked] == [1, 0]
