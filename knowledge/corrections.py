"""Staff reviews of extracted facts: confirmations, corrections, additions and deletions.

Reviews live in their own table of the KB store, apart from the extraction, with who, when and why, so that
re-extraction never overwrites them: ``put_document`` replaces a document's row and facts, never this table.
Every review records a hash of the document text it was made against; when a re-ingested file's text differs,
the review still applies (a person's word beats the extractor's) but is reported ``stale`` until someone looks
again. Applied facts carry ``reviewed`` on their span, which the answer composer turns into "（已人工核对）".

A fact is named ``<category>-<n>``: its place in the extractor's list for that document (``windows-0``), or
``<category>+<review id>`` for a fact a person added.
"""

from __future__ import annotations

import copy
import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, time
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from knowledge.store import Store

CATEGORIES = ("windows", "conditions", "amounts", "materials", "submissions", "contacts")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS fact_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL,
    fact_id TEXT NOT NULL,
    action TEXT NOT NULL,
    fact TEXT,
    text_hash TEXT NOT NULL,
    who TEXT NOT NULL,
    why TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS fact_reviews_doc ON fact_reviews(doc_id, fact_id, id);
"""


class Action(StrEnum):
    CONFIRM = "confirm"  # the extracted fact is right as it is
    CORRECT = "correct"  # replaced by the stored fact
    ADD = "add"  # a fact the extractor missed
    DELETE = "delete"  # the extracted fact is wrong and is dropped


@dataclass(frozen=True)
class Review:
    """The latest review of one fact."""

    id: int
    doc_id: str
    fact_id: str
    action: Action
    fact: dict[str, Any] | None
    who: str
    why: str
    at: str
    stale: bool  # made against another text of the document: needs a second look

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "fact_id": self.fact_id, "action": self.action.value, "who": self.who, "why": self.why,
            "at": self.at, "stale": self.stale,
        }


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_fact_id(fact_id: str) -> tuple[str, int | None]:
    """``windows-2`` → ("windows", 2); ``amounts+17`` (added) → ("amounts", None); ValueError otherwise."""
    for separator in ("-", "+"):
        category, found, number = fact_id.partition(separator)
        if found and category in CATEGORIES and number.isdigit():
            return category, int(number) if separator == "-" else None
    raise ValueError(f"无效的事实编号 {fact_id!r}（应为 windows-0 这样的形式）")


def latest_reviews(store: Store, doc_id: str) -> dict[str, Review]:
    """The latest review per fact of ``doc_id`` (empty before any review was made)."""
    if not store.exists:
        return {}
    try:
        rows = store.conn.execute(
            "SELECT id, fact_id, action, fact, text_hash, who, why, at FROM fact_reviews WHERE doc_id = ? "
            "ORDER BY id",
            (doc_id,),
        ).fetchall()
    except sqlite3.OperationalError:  # a KB from before reviews existed: the table is made on the first review
        return {}
    if not rows:  # the common case, on every facts() call of the answer flow: no text read, no hash
        return {}
    current = store.conn.execute("SELECT text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    now_hash = text_hash(current[0]) if current else ""
    latest: dict[str, Review] = {}
    for row_id, fact_id, action, fact, made_against, who, why, at in rows:
        latest[fact_id] = Review(
            row_id, doc_id, fact_id, Action(action), json.loads(fact) if fact else None, who, why, at,
            stale=made_against != now_hash,
        )
    return latest


def record(
    store: Store, doc_id: str, fact_id: str | None, action: Action, fact: dict[str, Any] | None, *, who: str,
    why: str = "", category: str | None = None,
) -> str:
    """Store one review (and bump the KB generation, so every process sees it); returns the fact's id.

    ``fact_id`` is None only for ``ADD``, with ``category`` naming the list the new fact joins.
    """
    text = store.text(doc_id)  # raises DocumentNotFound
    if action is Action.ADD:
        if category not in CATEGORIES:
            raise ValueError(f"无效的事实类别 {category!r}，可选：{'、'.join(CATEGORIES)}")
    elif fact_id is None:
        raise ValueError("fact_id is required unless a fact is added")
    at = datetime.now(UTC).isoformat(timespec="seconds")
    store.conn.executescript(_SCHEMA)
    with store.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO fact_reviews(doc_id, fact_id, action, fact, text_hash, who, why, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, fact_id or "", action.value, json.dumps(fact, ensure_ascii=False) if fact else None,
             text_hash(text), who, why, at),
        )
        if fact_id is None:
            fact_id = f"{category}+{cursor.lastrowid}"
            conn.execute("UPDATE fact_reviews SET fact_id = ? WHERE id = ?", (fact_id, cursor.lastrowid))
    return fact_id


def _reviewed(item: dict[str, Any]) -> dict[str, Any]:
    item = copy.deepcopy(item)
    item["span"] = {**item.get("span", {}), "reviewed": True}
    return item


def fill_span(item: dict[str, Any], doc_id: str, like: dict[str, Any] | None = None) -> dict[str, Any]:
    """A reviewed fact in storage form: the span defaults to the original fact's (or an empty one) so that a
    person may send only the values they changed."""
    span = {"doc_id": doc_id, "text": "", "start": 0, "end": 0, "section": ""}
    span.update((like or {}).get("span", {}))
    span.update(item.get("span") or {})
    span["doc_id"] = doc_id
    merged = {**(like or {}), **item, "span": span}
    for key, clock_time in (("start", time(0, 0)), ("end", time(23, 59, 59))):
        if isinstance(merged.get(key), str):
            merged[key] = _zoned(merged[key], clock_time)
    return merged


def _zoned(value: str, clock_time: time) -> str:
    """A window bound as the extractor stores it: "2026-12-20" → that day's start or end in the service zone;
    a datetime without a zone is read in the service zone. ValueError for anything else."""
    from knowledge.clock import service_zone

    moment = datetime.fromisoformat(value.strip())
    if len(value.strip()) <= 10:  # a bare date
        moment = datetime.combine(moment.date(), clock_time)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=service_zone())
    return moment.isoformat()


def apply(stored: dict[str, Any], reviews: dict[str, Review]) -> dict[str, Any]:
    """The stored (extracted) facts with the reviews applied, each item tagged with its ``fact_id``."""
    merged = copy.deepcopy(stored)
    for category in CATEGORIES:
        items = []
        for n, item in enumerate(stored.get(category, [])):
            fact_id = f"{category}-{n}"
            review = reviews.get(fact_id)
            if review is None:
                items.append({**item, "fact_id": fact_id})
            elif review.action is Action.CONFIRM:
                items.append({**_reviewed(item), "fact_id": fact_id})
            elif review.action is Action.CORRECT and review.fact is not None:
                items.append({**_reviewed(review.fact), "fact_id": fact_id})
        for review in reviews.values():
            if review.action is Action.ADD and review.fact_id.startswith(f"{category}+") and review.fact:
                items.append({**_reviewed(review.fact), "fact_id": review.fact_id})
        merged[category] = items
    return merged


def original(stored: dict[str, Any], fact_id: str) -> dict[str, Any] | None:
    """The extracted item behind ``fact_id`` (None for added facts or an index past the list)."""
    category, n = parse_fact_id(fact_id)
    items = stored.get(category, [])
    return items[n] if n is not None and n < len(items) else None
