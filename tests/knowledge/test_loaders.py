"""Every supported format becomes text with metadata; unusable files are refused with a reason."""

import pytest

from knowledge.errors import UnsupportedFile
from knowledge.loaders import discover, guess_kind, load, normalise_date, read_sources
from knowledge.model import DocKind
from knowledge.sectioning import split_sections

pytestmark = pytest.mark.unit


def test_docx_keeps_title_headings_and_tables(tmp_path, docfiles):
    loaded = load(docfiles.docx(tmp_path / "xiaojuren.docx"))
    assert loaded.meta.title == "关于开展2025年区级科技小巨人项目申报的通知"
    assert loaded.meta.kind is DocKind.NOTICE
    assert "王老师 | 021-12345678" in loaded.text
    paths = [s.path for s in split_sections(loaded.text, loaded.meta.title)]
    assert (loaded.meta.title, "申报时间") in paths


def test_docx_whose_title_is_a_heading_keeps_no_markdown_mark(samples_dir):
    loaded = load(samples_dir / "shiliqu_keji_xiaojuren_2026.docx", read_sources(samples_dir))
    assert loaded.meta.title == "示例区2026年科技小巨人企业培育项目申报通知"
    labels = [s.path[1:] for s in split_sections(loaded.text, loaded.meta.title)]
    assert labels[1:] == [
        ("一、申报条件",),
        ("二、支持金额",),
        ("三、申报时间",),
        ("四、联系方式",),
        ("五、申报材料",),
    ]
    # the two-column materials table: one row per line, cells joined like a table copied from a web page
    assert (
        "研发费用专项审计报告 | 由会计师事务所或税务师事务所出具，反映上一年度研发费用"
        in loaded.text.splitlines()
    )


def test_merged_docx_cells_are_written_once(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("关于申报的通知")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "申报材料清单"
    for cell, value in zip(table.rows[1].cells, ("1", "申请书", "原件\n一份"), strict=True):
        cell.text = value
    document.save(str(tmp_path / "merged.docx"))
    lines = load(tmp_path / "merged.docx").text.splitlines()
    assert lines[1:] == ["申报材料清单", "1 | 申请书 | 原件 一份"]


def test_markdown_title_line_loses_its_heading_mark(tmp_path):
    path = tmp_path / "notice.md"
    path.write_text("# 关于申报示例项目的通知\n\n## 申报条件\n\n企业注册在本区。\n", encoding="utf-8")
    assert load(path).meta.title == "关于申报示例项目的通知"


def test_html_drops_scripts_and_navigation_and_uses_h1_as_title(tmp_path, docfiles):
    loaded = load(docfiles.html(tmp_path / "zhuanjingtexin.html"))
    assert loaded.meta.title == "关于申报2025年专精特新企业的通知"
    assert "var x" not in loaded.text and "首页" not in loaded.text
    assert "即日起至2025年5月8日" in loaded.text
    assert loaded.text.startswith(loaded.meta.title)


def test_pdf_text_layer_is_read(tmp_path, docfiles):
    loaded = load(
        docfiles.pdf(tmp_path / "notice.pdf", ["Notice on 2025 applications", "Deadline: 2025-01-24."])
    )
    assert loaded.meta.title == "Notice on 2025 applications"
    assert "2025-01-24" in loaded.text


def test_pdf_without_text_is_refused_with_a_clear_reason(tmp_path, docfiles):
    with pytest.raises(UnsupportedFile, match="扫描件"):
        load(docfiles.pdf(tmp_path / "scan.pdf", []))


def test_markdown_front_matter_overrides_table_metadata(tmp_path):
    path = tmp_path / "guide.md"
    path.write_text(
        "---\ntitle: 奉贤区科技小巨人申报指南\nkind: guide\nregion: 上海市奉贤区\nissued: 2025年6月9日\n---\n"
        "# 奉贤区科技小巨人申报指南\n\n## 申报条件\n\n企业注册在奉贤区。\n",
        encoding="utf-8",
    )
    (tmp_path / "sources.tsv").write_text(
        "file\tkind\tregion\tissuer\tissued_date\tsource_address\ttruncated\n"
        "guide.md\tnotice\t上海市\t奉贤区科委\t2025\thttps://example.org/g\tyes\n",
        encoding="utf-8",
    )
    loaded = load(path, read_sources(tmp_path))
    meta = loaded.meta
    assert (meta.title, meta.kind, meta.region, meta.issued) == (
        "奉贤区科技小巨人申报指南",
        DocKind.GUIDE,
        "上海市奉贤区",
        "2025-06-09",
    )
    assert (meta.issuer, meta.source, meta.truncated) == ("奉贤区科委", "https://example.org/g", True)
    assert not loaded.text.startswith("---")


def test_sample_metadata_comes_from_sources_tsv(samples_dir):
    loaded = load(samples_dir / "sh_gaoqi_jiezhi_yanchang_2024.txt", read_sources(samples_dir))
    assert loaded.meta.issuer == "上海市高新技术企业认定办公室"
    assert loaded.meta.issued == "2024-09-14"
    assert loaded.meta.title == "上海市2024年高新技术企业认定申报截止时间延后的说明"
    assert loaded.meta.doc_id == "sh_gaoqi_jiezhi_yanchang_2024"
    assert loaded.meta.source.startswith("https://")


def test_every_sample_loads_with_metadata(samples_dir):
    sources = read_sources(samples_dir)
    files, skipped = discover([samples_dir])
    assert skipped == [] and set(sources) == {f.name for f in files}
    assert {f.suffix for f in files} >= {".txt", ".md", ".html", ".docx"}
    for path in files:
        meta = load(path, sources).meta
        assert meta.title and not meta.title.startswith("#") and meta.region and meta.issued, path.name
        assert meta.kind is not DocKind.UNKNOWN, path.name


def test_metadata_change_changes_the_content_hash(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("关于申报的通知\n正文。\n", encoding="utf-8")
    before = load(path).content_hash
    assert load(path).content_hash == before
    assert load(path, {"a.txt": {"region": "上海市"}}).content_hash != before


def test_gb18030_text_is_decoded(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("关于申报的通知\n正文。\n".encode("gb18030"))
    assert load(path).meta.title == "关于申报的通知"


def test_discover_walks_folders_and_reports_unknown_types(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.xlsx").write_bytes(b"PK")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sources.tsv").write_text("file\n", encoding="utf-8")
    files, skipped = discover([tmp_path, tmp_path / "missing.txt"])
    assert [f.name for f in files] == ["a.txt"]
    reasons = dict(skipped)
    assert "不支持的文件类型 .xlsx" in reasons[str(tmp_path / "b.xlsx")]
    assert reasons[str(tmp_path / "missing.txt")] == "路径不存在"


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("2020年度上海市第一批拟认定高新技术企业名单公示", DocKind.PUBLICITY),
        ("关于公示2023年项目的通知", DocKind.NOTICE),
        ("区科技小巨人项目申报指南", DocKind.GUIDE),
        ("徐汇区文化发展专项资金管理办法", DocKind.POLICY),
        ("算力", DocKind.UNKNOWN),
    ],
)
def test_kind_is_guessed_from_the_title(title, kind):
    assert guess_kind(title) is kind


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2024年9月14日", "2024-09-14"),
        ("2024/9/4", "2024-09-04"),
        ("2026-01", "2026-01"),
        ("2017", "2017"),
        ("", ""),
    ],
)
def test_issue_dates_are_normalised(raw, iso):
    assert normalise_date(raw) == iso


def test_sources_tsv_may_name_title_and_id(tmp_path):
    path = tmp_path / "bundle.txt"
    path.write_text(
        "2023年徐汇区产业政策集成\n附件2\n关于进一步推动徐汇区人工智能产业高质量发展的扶持意见\n",
        encoding="utf-8",
    )
    sources = {
        "bundle.txt": {"title": "关于进一步推动徐汇区人工智能产业高质量发展的扶持意见", "id": "xuhui_ai_2023"}
    }
    meta = load(path, sources).meta
    assert (meta.doc_id, meta.title, meta.kind) == (
        "xuhui_ai_2023",
        sources["bundle.txt"]["title"],
        DocKind.POLICY,
    )
