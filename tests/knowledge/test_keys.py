"""Per-document keys computed at ingest (knowledge/keys.py): the kinds of programme a notice writes are read
once, stored, and are what a question naming another kind is checked against."""

import json
from types import SimpleNamespace

import pytest

from knowledge.answer import _lacks_kind
from knowledge.keys import KEYS_VERSION, DocKeys, compute_keys
from knowledge.model import DocMatch, DocumentMeta

pytestmark = pytest.mark.unit

TITLE = "关于开展2026年示例区瞪羚企业认定工作的通知"
TEXT = "一、认定对象\n在示例区注册的高新技术企业，近三年营业收入持续增长。\n二、支持方式\n给予一次性奖励。"


def test_kinds_come_from_the_title_and_the_text_and_survive_storage():
    keys = compute_keys(DocumentMeta("d", TITLE, region="示例区"), TEXT)
    assert keys.kinds == {"瞪羚企业", "高新技术企业"}
    assert DocKeys.from_json("d", keys.to_json()) == keys


def test_keys_stored_by_an_older_version_are_recomputed():
    stale = json.loads(compute_keys(DocumentMeta("d", TITLE), TEXT).to_json()) | {"version": KEYS_VERSION - 1}
    assert DocKeys.from_json("d", json.dumps(stale)) is None


def test_a_notice_that_never_writes_the_asked_kind_is_another_programmes():
    keys = compute_keys(DocumentMeta("d", TITLE), TEXT)
    corpus = SimpleNamespace(key_index=lambda: {"d": (DocumentMeta("d", TITLE), keys)})
    match = DocMatch("d", TITLE, 0.7)
    assert _lacks_kind(corpus, frozenset({"独角兽企业"}), match)
    assert _lacks_kind(corpus, frozenset({"瞪羚企业", "独角兽企业"}), match)
    assert not _lacks_kind(corpus, frozenset({"瞪羚企业"}), match)
    assert not _lacks_kind(corpus, frozenset({"高新技术企业"}), match)  # written in the text, not the title
    assert not _lacks_kind(corpus, frozenset(), match)
