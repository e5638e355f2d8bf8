"""Staff-written answers (常见问题): a question–answer pair, optionally tied to a document.

They live in the KB store next to the documents, so every action server sees a new pair on its next question
(writes bump the store generation). ``KnowledgeBase.ask`` consults them before the document flow.

Matching is deliberately strict: a pair answers only a question that says the same thing in nearly the same
characters (Dice overlap of character unigrams+bigrams, the tokens the BM25 index already uses). A staff
answer is written for one question; answering a merely related question with it would state something
nobody checked, while the document flow behind it still answers related questions from the notices.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from knowledge.lexical import char_bigrams

if TYPE_CHECKING:
    from knowledge.store import Store

MIN_SIMILARITY = 0.8  # Dice overlap from which two questions count as the same question
SOURCE_TITLE = "常见问题"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS faq (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    doc_id TEXT,
    who TEXT NOT NULL,
    at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class FaqEntry:
    id: int
    question: str
    answer: str
    doc_id: str | None
    who: str
    at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two texts' character unigram+bigram multisets (punctuation and spaces ignored)."""
    left, right = Counter(char_bigrams(a)), Counter(char_bigrams(b))
    total = sum(left.values()) + sum(right.values())
    return 2 * sum((left & right).values()) / total if total else 0.0


def entries(store: Store) -> list[FaqEntry]:
    if not store.exists:
        return []
    try:
        rows = store.conn.execute("SELECT id, question, answer, doc_id, who, at FROM faq ORDER BY id").fetchall()
    except sqlite3.OperationalError:  # no pair written yet: the table is made with the first one
        return []
    return [FaqEntry(*row) for row in rows]


def add(store: Store, question: str, answer: str, *, who: str, doc_id: str | None = None) -> FaqEntry:
    question, answer = question.strip(), answer.strip()
    if not question or not answer:
        raise ValueError("问题和答案都不能为空")
    if doc_id is not None:
        store.text(doc_id)  # raises DocumentNotFound
    at = datetime.now(UTC).isoformat(timespec="seconds")
    store.conn.executescript(_SCHEMA)
    with store.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO faq(question, answer, doc_id, who, at) VALUES (?, ?, ?, ?, ?)",
            (question, answer, doc_id, who, at),
        )
    return FaqEntry(int(cursor.lastrowid or 0), question, answer, doc_id, who, at)


def remove(store: Store, entry_id: int) -> bool:
    if not entries(store):
        return False
    with store.transaction() as conn:
        return conn.execute("DELETE FROM faq WHERE id = ?", (entry_id,)).rowcount > 0


def match(store: Store, question: str) -> FaqEntry | None:
    """The pair asking the same question, the closest one when several do; None otherwise."""
    scored = [(similarity(question, entry.question), entry) for entry in entries(store)]
    best = max(scored, key=lambda pair: pair[0], default=None)
    return best[1] if best is not None and best[0] >= MIN_SIMILARITY else None
