"""Turn document files (.txt .md .html .docx .pdf) into plain text plus metadata.

Parsing is left to maintained libraries (BeautifulSoup+lxml, python-docx, pypdf). Headings that a
format marks explicitly (HTML h2–h6, Word "Heading N" styles) are written as Markdown ``#`` lines
so that sectioning sees them even without Chinese numbering; Word table rows become one line each
with cells joined by " | ", the form in which tables copied from web pages already arrive.

Metadata comes, in order of precedence, from YAML front matter in .md/.txt, a ``sources.tsv`` next
to the files (columns: file kind region issuer issued_date source_address truncated, optionally
title and id), and the text itself (title = first non-empty line, kind guessed from the title).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge.errors import UnsupportedFile
from knowledge.model import DocKind, DocumentMeta

if TYPE_CHECKING:  # python-docx is imported when a .docx is read, not at import time
    from docx.table import Table

SOURCES_FILE = "sources.tsv"
TABLE_SEPARATOR = " | "  # how table rows are written into the text (cells of one row on one line)
_MD_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_DATE = re.compile(r"(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?)?")
# Guessing a kind from the title: the last matching word wins ("关于…公示的通知" is a notice).
_KIND_WORDS = (
    ("公示", DocKind.PUBLICITY),
    ("名单", DocKind.PUBLICITY),
    ("指南", DocKind.GUIDE),
    ("意见", DocKind.POLICY),
    ("办法", DocKind.POLICY),
    ("细则", DocKind.POLICY),
    ("规定", DocKind.POLICY),
    ("措施", DocKind.POLICY),
    ("通知", DocKind.NOTICE),
    ("公告", DocKind.NOTICE),
)


@dataclass(frozen=True)
class LoadedDocument:
    """A parsed file. ``content_hash`` covers the bytes and the metadata, so editing either updates it."""

    meta: DocumentMeta
    text: str
    content_hash: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Extracted:
    text: str
    title: str = ""
    warnings: list[str] = field(default_factory=list)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnsupportedFile("文件编码无法识别（支持 UTF-8 与 GB18030）")


def _read_text(path: Path) -> _Extracted:
    return _Extracted(_decode(path.read_bytes()))


def _read_html(path: Path) -> _Extracted:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_bytes(), "lxml")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer"]):
        tag.decompose()
    title_tag = soup.find("h1") or soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else ""
    for level in range(2, 7):
        for heading in soup.find_all(f"h{level}"):
            heading.insert(0, "#" * level + " ")
    body = soup.body or soup
    lines = [line.strip() for line in body.get_text("\n").splitlines()]
    text = "\n".join(line for line in lines if line)
    if title and not text.startswith(title):
        text = f"{title}\n{text}"
    return _Extracted(text, title)


def _read_docx(path: Path) -> _Extracted:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for a damaged file
        raise UnsupportedFile(f"无法解析 Word 文件：{exc}") from exc
    lines: list[str] = []
    title = ""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_rows(block))
            continue
        text = block.text.strip()
        style = block.style.name if block.style is not None else ""
        if not text:
            continue
        if style == "Title" and not title:
            title = text
        elif style.startswith("Heading ") and style[8:].isdigit():
            text = "#" * min(int(style[8:]) + 1, 6) + " " + text  # Heading 1 sits below the title
        lines.append(text)
    return _Extracted("\n".join(lines), title)


def _table_rows(table: Table) -> list[str]:
    """Rows of a Word table as ``a | b | c`` lines, the way tables copied from web pages arrive.

    python-docx repeats a merged cell once per grid column it spans; it is kept once. Line breaks
    inside a cell become spaces so that one row stays one line.
    """
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(TABLE_SEPARATOR.join(cells))
    return rows


def _read_pdf(path: Path) -> _Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, OSError) as exc:
        raise UnsupportedFile(f"无法解析 PDF：{exc}") from exc
    if not any(page.strip() for page in pages):
        raise UnsupportedFile("PDF 中没有可提取的文字（可能是扫描件或空白文件），请先做文字识别（OCR）再入库")
    blank = [str(number) for number, page in enumerate(pages, 1) if not page.strip()]
    warnings = (
        [f"{path.name}: 第 {', '.join(blank)} 页没有文字层（可能是扫描页），这些页未入库"] if blank else []
    )
    return _Extracted("\n".join(page.strip() for page in pages if page.strip()), warnings=warnings)


_READERS: dict[str, Callable[[Path], _Extracted]] = {
    ".txt": _read_text,
    ".md": _read_text,
    ".markdown": _read_text,
    ".html": _read_html,
    ".htm": _read_html,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}
SUPPORTED_SUFFIXES = tuple(sorted(_READERS))


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to ingest under ``paths`` (folders are walked recursively) and skipped files with reasons."""
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():  # hidden files and folders (.git, .DS_Store) are not documents
            candidates = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(x.startswith(".") for x in p.relative_to(path).parts)
            )
        elif path.is_file():
            candidates = [path]
        else:
            skipped.append((str(path), "路径不存在"))
            continue
        for candidate in candidates:
            if candidate.name == SOURCES_FILE:
                continue
            if candidate.suffix.lower() in _READERS:
                files.append(candidate.resolve())
            else:
                skipped.append((str(candidate), f"不支持的文件类型 {candidate.suffix or '(无扩展名)'}"))
    return list(dict.fromkeys(files)), skipped


def read_sources(folder: Path) -> dict[str, dict[str, str]]:
    """Rows of ``folder/sources.tsv`` keyed by file name (empty when there is none)."""
    table = folder / SOURCES_FILE
    if not table.is_file():
        return {}
    with table.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {row["file"].strip(): {k: (v or "").strip() for k, v in row.items() if k} for row in rows}


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    found = _FRONT_MATTER.match(text)
    if not found:
        return {}, text
    import yaml

    try:
        data = yaml.safe_load(found.group(1)) or {}
    except yaml.YAMLError as exc:
        raise UnsupportedFile(f"文件头部的 YAML 元数据格式错误：{exc}") from exc
    if not isinstance(data, dict):
        return {}, text
    return {str(k): v for k, v in data.items()}, text[found.end() :]


def normalise_date(value: Any) -> str:
    """ "2024年9月14日" / "2024/9/14" / "2026-01" / "2017" → ISO (possibly partial); "" when absent."""
    found = _DATE.search(str(value or ""))
    if not found:
        return ""
    year, month, day = found.groups()
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    return "-".join(parts)


def guess_kind(title: str) -> DocKind:
    best, best_at = DocKind.UNKNOWN, -1
    for word, kind in _KIND_WORDS:
        at = title.rfind(word)
        if at > best_at:
            best, best_at = kind, at
    return best


def _kind(value: Any, title: str) -> DocKind:
    try:
        return DocKind(str(value).strip().lower())
    except ValueError:
        return guess_kind(title)


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in {"yes", "true", "1", "是", "y"}


def load(path: Path, sources: dict[str, dict[str, str]] | None = None) -> LoadedDocument:
    """Parse one file; raises UnsupportedFile with a user-facing reason when it cannot be used."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise UnsupportedFile(f"不支持的文件类型 {path.suffix or '(无扩展名)'}")
    extracted = reader(path)
    front, text = _front_matter(extracted.text.replace("\r\n", "\n").replace("\r", "\n"))
    meta_in: dict[str, Any] = {**(sources or {}).get(path.name, {}), **front}
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    # A Markdown heading mark ("# 标题", or a Word "Heading 1" written as "## 标题") is not the title.
    title = _MD_HEADING_MARK.sub("", str(meta_in.get("title") or extracted.title or first_line).strip())
    if not text.strip():
        raise UnsupportedFile("文件中没有文字内容")
    meta = DocumentMeta(
        doc_id=str(meta_in.get("id") or path.stem),
        title=title,
        kind=_kind(meta_in.get("kind", ""), title),
        region=str(meta_in.get("region", "")),
        issuer=str(meta_in.get("issuer", "")),
        issued=normalise_date(meta_in.get("issued") or meta_in.get("issued_date")),
        source=str(meta_in.get("source") or meta_in.get("source_address") or ""),
        path=str(path),
        truncated=_truthy(meta_in.get("truncated", "")),
    )
    digest = hashlib.sha256(path.read_bytes())
    digest.update(json.dumps(meta.to_dict(), ensure_ascii=False, sort_keys=True).encode())
    return LoadedDocument(meta, text, digest.hexdigest(), extracted.warnings)
