"""A value asked that the best-ranked sentence lacks ("邮编多少"): the sentence holding it is quoted alone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from knowledge import KnowledgeBase, Outcome

pytestmark = pytest.mark.integration

TODAY = date(2026, 4, 1)
NOTICE = (
    "示例市2026年度拟认定创新型中小企业名单公示\n"
    "根据示例市创新型中小企业评价办法的有关规定，经企业自评、区级推荐和专家评审，现将本年度拟认定的"
    "创新型中小企业名单予以公示，公示期为2026年3月20日至3月29日。\n"
    "对名单有不同意见的，请在公示期内来函说明，并写明本人姓名和联系方式。\n"
    "联系人：钱多多\n"
    "电话：0571-86012345\n"
    "通信地址：示例路8号3楼\n"
    "邮 编：310012\n"
)
SOURCES = (
    "file\tkind\tregion\tissuer\tissued_date\tsource_address\ttruncated\ttitle\n"
    "kt_shili_chuangxin_gongshi_2026.txt\tnotice\t示例市\t示例市经济和信息化局\t2026-03-19\t测试文档\tno\t\n"
)


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    root = tmp_path_factory.mktemp("asked-value-kb")
    docs = root / "docs"
    docs.mkdir()
    (docs / "kt_shili_chuangxin_gongshi_2026.txt").write_text(NOTICE, encoding="utf-8")
    (docs / "sources.tsv").write_text(SOURCES, encoding="utf-8")
    with KnowledgeBase(root / "kb") as built:
        built.ingest([docs])
        yield built


def test_the_postcode_is_quoted_without_the_opening_sentence(kb):
    answer = kb.ask("示例市创新型中小企业公示邮编多少", today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert "310012" in answer.answer
    assert "专家评审" not in answer.answer
