"""Chunks are whole sentences inside one section and carry everything a citation needs."""

import pytest

from knowledge.chunking import index_text, make_chunks
from knowledge.loaders import discover, load, read_sources
from knowledge.sectioning import sentence_spans, split_sections

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def corpus(samples_dir):
    sources = read_sources(samples_dir)
    result = []
    files, _skipped = discover([samples_dir])
    for path in files:
        loaded = load(path, sources)
        sections = split_sections(loaded.text, loaded.meta.title)
        result.append((loaded, sections, make_chunks(loaded.meta, loaded.text, sections)))
    return result


def test_chunks_never_cut_a_sentence_nor_cross_a_section(corpus):
    for loaded, sections, chunks in corpus:
        boundaries = {s for s, _ in sentence_spans(loaded.text)} | {e for _, e in sentence_spans(loaded.text)}
        for chunk in chunks:
            assert chunk.text == loaded.text[chunk.start : chunk.end]
            assert chunk.start in boundaries and chunk.end in boundaries, chunk.chunk_id
            home = [s for s in sections if s.start <= chunk.start and chunk.end <= s.end]
            assert len(home) == 1 and home[0].label == chunk.section, chunk.chunk_id


def test_every_sentence_is_in_some_chunk(corpus):
    for loaded, _sections, chunks in corpus:
        covered = [(c.start, c.end) for c in chunks]
        for s, e in sentence_spans(loaded.text):
            in_chunk = any(a <= s and e <= b for a, b in covered)
            # only a lone heading line whose children carry its label may be left out
            assert in_chunk or e - s <= 40, loaded.text[s:e]


def test_chunks_carry_citation_metadata(corpus):
    _loaded, _sections, chunks = next(
        c for c in corpus if c[0].meta.doc_id == "sh_jishu_gaizao_touzibuzhu_2026"
    )
    deadline = next(c for c in chunks if "2026年1月20日" in c.text)
    assert deadline.chunk_id.startswith("sh_jishu_gaizao_touzibuzhu_2026#")
    assert deadline.section.endswith(" › 三、怎么报、什么时候报")
    assert deadline.source.startswith("https://www.sheitc.sh.gov.cn/")
    assert (deadline.issued, deadline.kind.value, deadline.region) == ("2026-01", "notice", "上海市")


def test_a_table_row_stays_whole_with_its_header_in_one_chunk(corpus):
    _loaded, _sections, chunks = next(c for c in corpus if c[0].meta.doc_id == "shiliqu_keji_xiaojuren_2026")
    row = next(c for c in chunks if "研发费用专项审计报告 | " in c.text)
    assert "材料名称 | 要求" in row.text and row.section.endswith("五、申报材料")


def test_windows_hold_three_sentences_with_overlap():
    text = "".join(
        f"第{i}句话，这一句写得足够长，三句合起来就超过一个窗口所需的最少字数，不必再往后多取句子。"
        for i in range(1, 8)
    )
    chunks = make_chunks(_meta(), text, split_sections(text, "标题"))
    assert chunks[0].text.count("。") == 3 and chunks[0].text.startswith("第1句")
    assert chunks[1].text.startswith("第3句")  # one sentence of overlap
    assert all(c.text.count("。") <= 3 for c in chunks)


def test_short_lines_are_gathered_instead_of_standing_alone():
    text = "一、申报条件\n企业注册在本区，具有独立法人资格，近三年无重大违法记录，财务制度健全，信用良好。\n特此通知。\n区科委\n2025年6月9日\n"
    chunks = make_chunks(_meta(), text, split_sections(text, "标题"))
    assert not any(c.text in {"特此通知。", "区科委\n2025年6月9日"} for c in chunks)
    assert chunks[-1].text.endswith("2025年6月9日")


def test_index_text_prepends_title_and_section_once(corpus):
    _loaded, _sections, chunks = corpus[0]
    chunk = chunks[-1]
    text = index_text(chunk)
    assert text.startswith(chunk.title + "\n")
    assert text.count(chunk.title) == 1 + chunk.text.count(chunk.title)
    assert text.endswith(chunk.text)


def _meta():
    from knowledge.model import DocumentMeta

    return DocumentMeta(doc_id="t", title="标题")
