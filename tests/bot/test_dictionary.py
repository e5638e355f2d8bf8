"""The jieba dictionary keeps policy terms whole and does not depend on any knowledge base."""

import pytest

from bot.dictionary import BASE_TERMS, DICTIONARY_FILE, render, write_dictionary


@pytest.mark.unit
def test_the_tracked_dictionary_is_the_generic_vocabulary():
    # `python -m bot.dictionary` after editing BASE_TERMS; nothing regenerates it from a KB
    assert DICTIONARY_FILE.read_text(encoding="utf-8") == render(BASE_TERMS)


@pytest.mark.unit
def test_unchanged_content_is_not_rewritten(tmp_path):
    target = write_dictionary(tmp_path / "dict" / "policybot.txt")
    assert set(BASE_TERMS) <= set(target.read_text(encoding="utf-8").splitlines())
    before = target.stat().st_mtime_ns
    write_dictionary(target)
    assert target.stat().st_mtime_ns == before


@pytest.mark.unit
def test_jieba_keeps_dictionary_terms_whole():
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(DICTIONARY_FILE))
    assert "专精特新" in tokenizer.lcut("我们是专精特新企业")
    assert "转人工" in tokenizer.lcut("帮我转人工")
