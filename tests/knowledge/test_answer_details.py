"""Details a notice states in words of its own when it states them (a fax number, a fee, a quota, office
hours, how long until the money arrives) are not stated when the notice never writes them, and an amount
the applicant must reach is no amount given; the notice that does write them still answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from knowledge import KnowledgeBase, Outcome

pytestmark = pytest.mark.integration

TODAY = date(2026, 3, 20)
PLAIN = "kt_dongshan_chuangxin_2026"
FULL = "kt_xishan_chuangxin_2026"
DOCS = {
    PLAIN: (
        "关于开展2026年东山区科技创新示范企业申报的通知\n"
        "一、申报条件\n"
        "（一）在东山区注册的企业，上年度营业收入须达到5000万元以上。\n"
        "（二）拥有有效发明专利，研发团队稳定。\n"
        "二、申报方式\n"
        "企业登录区政务服务平台填报，并将纸质材料一式两份送至区科委，区科委组织专家评审后择优推荐。\n"
        "三、申报时间\n"
        "2026年4月1日至2026年4月30日。\n"
        "四、联系方式\n"
        "联系人：周老师，联系电话：0571-86001234。\n"
    ),
    FULL: (
        "关于开展2026年西山区科技创新示范企业申报的通知\n"
        "一、支持标准\n"
        "对认定的示范企业，一次性奖励50万元，审核通过后30个工作日内拨付。\n"
        "二、推荐名额\n"
        "每个街道推荐不超过3家，本次申报不收取任何费用。\n"
        "三、申报时间\n"
        "2026年4月1日至2026年4月30日，受理时间为工作日9:00-17:00。\n"
        "四、联系方式\n"
        "联系人：钱老师，联系电话：0571-86005678，传真：0571-86005679。\n"
    ),
}
SOURCES = "file\tkind\tregion\tissuer\tissued_date\tsource_address\ttruncated\ttitle\n" + "".join(
    f"{doc}.txt\tnotice\t浙江省杭州市\t示例区科学技术委员会\t2026-03-01\t测试文档\tno\t\n" for doc in DOCS
)


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    root: Path = tmp_path_factory.mktemp("details")
    docs = root / "docs"
    docs.mkdir()
    for doc, text in DOCS.items():
        (docs / f"{doc}.txt").write_text(text, encoding="utf-8")
    (docs / "sources.tsv").write_text(SOURCES, encoding="utf-8")
    base = KnowledgeBase(root / "kb")
    base.ingest([docs])
    yield base
    base.close()


ASKED = (
    "科技创新示范企业申报材料能传真吗，传真号多少",
    "科技创新示范企业申报要交申报费吗",
    "科技创新示范企业每个街道能推荐几家，有名额吗",
    "科技创新示范企业区科委办公时间几点到几点",
    "科技创新示范企业认定后奖励多久能到账",
)


@pytest.mark.parametrize("question", ASKED)
def test_a_detail_the_notice_never_writes_is_not_stated(kb, question):
    answer = kb.ask(question, doc_id=PLAIN, today=TODAY)
    assert answer.outcome is Outcome.NOT_STATED, answer.answer


@pytest.mark.parametrize(
    ("question", "value"),
    zip(ASKED, ("86005679", "不收取", "3家", "9:00", "30个工作日"), strict=True),
)
def test_the_notice_that_writes_the_detail_still_answers(kb, question, value):
    answer = kb.ask(question, doc_id=FULL, today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert value in answer.answer


def test_a_threshold_the_applicant_must_reach_is_no_amount_given(kb):
    threshold = kb.ask("科技创新示范企业认定下来能拿多少奖励", doc_id=PLAIN, today=TODAY)
    assert threshold.outcome is Outcome.NOT_STATED, threshold.answer
    given = kb.ask("科技创新示范企业认定下来能拿多少奖励", doc_id=FULL, today=TODAY)
    assert given.outcome is Outcome.ANSWERED and "50万元" in given.answer


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "unwritten"),
    [
        ("各区推荐1-2家，材料报区科委。", False),  # a range of places is a quota
        ("原则上推荐不超过5家。", False),
        ("请于2026年5月前推荐2026年度项目。", True),  # a year is no quota
    ],
)
def test_a_quota_is_read_in_its_forms(text, unwritten):
    from types import SimpleNamespace

    from knowledge.answer import _unwritten_detail

    corpus = SimpleNamespace(text=lambda doc_id: text)
    meta = SimpleNamespace(title="示例区推荐工作的通知", doc_id="kt_quota")
    assert _unwritten_detail(corpus, meta, "每个区能推荐几家") is unwritten


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unwritten"),
    [
        ("示例区创新企业推荐几号截止", False),  # a date asked, not a quota
        ("示例区创新企业最晚推荐到几月", False),
        ("每个街道能推荐多少家", True),
        ("能推几个", True),
    ],
)
def test_a_date_of_recommending_asks_no_quota(question, unwritten):
    from types import SimpleNamespace

    from knowledge.answer import _unwritten_detail

    corpus = SimpleNamespace(text=lambda doc_id: "请各区于2026年5月20日前报送推荐材料。")
    meta = SimpleNamespace(title="示例区创新企业推荐工作的通知", doc_id="kt_when")
    assert _unwritten_detail(corpus, meta, question) is unwritten
