"""The jieba dictionary keeps policy terms whole, so entities and word features line up."""

import pytest

from bot.dictionary import BASE_TERMS, region_terms, title_terms, write_dictionary


@pytest.mark.unit
def test_title_terms_keep_the_subject_and_drop_the_framing():
    terms = title_terms("关于组织开展2026年技术改造专项(投资补助方向)申报工作的通知")
    assert "技术改造专项" in terms
    assert not any("通知" in t or "关于" in t or "2026" in t for t in terms)
    assert "南上海科创中心" in title_terms("奉贤区2025年“南上海科创中心”创新行动计划 ——区科技小巨人项目申报指南")


@pytest.mark.unit
def test_region_terms_include_the_short_names_people_type():
    assert {"徐汇区", "徐汇", "上海市"} <= region_terms("上海市徐汇区")
    assert "浦东" in region_terms("上海市浦东新区")


@pytest.mark.unit
def test_dictionary_from_an_empty_knowledge_base_has_the_base_vocabulary(tmp_path):
    target = write_dictionary(tmp_path / "kb", target=tmp_path / "dict" / "policybot.txt")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert set(BASE_TERMS) <= set(lines)
    before = target.stat().st_mtime_ns
    write_dictionary(tmp_path / "kb", target=target)
    assert target.stat().st_mtime_ns == before  # unchanged content is not rewritten


@pytest.mark.unit
def test_jieba_keeps_dictionary_terms_whole(tmp_path):
    import jieba

    target = write_dictionary(tmp_path / "kb", target=tmp_path / "policybot.txt")
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(target))
    assert "专精特新" in tokenizer.lcut("我们是专精特新企业")
    assert "算力券" in tokenizer.lcut("算力券怎么申请")
