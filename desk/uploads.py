"""Where an uploaded file lives, and the ingest report the console shows for it.

Each upload gets its own folder ``<kb_dir>/uploads/<doc_id>/`` holding the file and a one-row ``sources.tsv``
with the metadata the person typed (the loader's own precedence: front matter, then sources.tsv, then the
text). The path stays the same when the same file name is uploaded again, so an unchanged file is recognised
as unchanged and a changed one replaces the document under the same id.
"""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from knowledge import KnowledgeBase

UPLOADS = "uploads"
SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".docx", ".pdf"})
METADATA = {"title": "title", "kind": "kind", "region": "region", "issuer": "issuer", "issued": "issued_date",
            "source": "source_address"}
_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


class UploadRefused(ValueError):
    """The file cannot be taken (type, size, name); the message is for the person who uploaded it."""


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes
    metadata: dict[str, str]


def safe_name(filename: str) -> str:
    """The upload's file name reduced to one safe path component (its stem becomes the document id)."""
    name = Path(filename.replace("\\", "/")).name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadRefused(f"不支持的文件类型 {suffix or '(无扩展名)'}，可上传 txt、md、html、docx、pdf")
    stem = _UNSAFE.sub("_", Path(name).stem).strip("._")[:80]
    if not stem:
        raise UploadRefused("文件名无效，请改用字母、数字或汉字命名")
    return stem + suffix


def place(kb: KnowledgeBase, upload: Upload, doc_id: str = "") -> Path:
    """Write the file and its sources.tsv into the upload's folder; returns the file's path. ``doc_id``
    (a replacement for an existing document) keeps the document's id whatever the new file is called."""
    name = safe_name(upload.filename)
    if doc_id and (doc_id != Path(doc_id).name or doc_id.startswith(".")):
        raise UploadRefused("无效的文档编号")
    folder = kb.kb_dir / UPLOADS / (doc_id or Path(name).stem)
    if folder.exists():  # a replacement: drop the old file, which may have had another suffix
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    path = folder / name
    path.write_bytes(upload.data)
    row = {"file": name, **({"id": doc_id} if doc_id else {}), **{column: upload.metadata[key].strip() for key, column in METADATA.items()
                            if upload.metadata.get(key, "").strip()}}
    with (folder / "sources.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row), delimiter="\t")
        writer.writeheader()
        writer.writerow(row)
    return path


def forget(kb: KnowledgeBase, path: str) -> None:
    """Delete an uploaded document's folder, given its file's path (files ingested from elsewhere are kept)."""
    folder = Path(path).resolve().parent
    if folder.parent == (kb.kb_dir / UPLOADS).resolve() and folder.is_dir():
        shutil.rmtree(folder)
