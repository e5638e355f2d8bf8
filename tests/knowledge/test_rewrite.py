"""Queries rewritten for retrieval: the searcher rewrites every query, so rewriting must be idempotent."""

from __future__ import annotations

import pytest

from knowledge.model import AnswerType
from knowledge.rewrite import rewrite_query, search_query, without_hints


@pytest.mark.unit
def test_the_asked_facts_vocabulary_is_added_once():
    once = search_query("高企几号截止")
    assert "高新技术企业" in once and "申报时间" in once
    assert search_query(once) == once


@pytest.mark.unit
def test_a_given_kind_picks_the_vocabulary():
    assert "联系电话" in search_query("光启创客计划", AnswerType.CONTACT)
    assert search_query("光启创客计划") == "光启创客计划"


@pytest.mark.unit
def test_expansion_chains_resolve_in_one_rewrite():
    text = rewrite_query("chip subsidy")
    assert "芯片" in text and "集成电路" in text and "补贴" in text
    assert rewrite_query(text) == text


@pytest.mark.unit
def test_embeddings_see_the_question_without_the_fact_vocabulary():
    question = rewrite_query("高企几号截止")
    assert without_hints(search_query("高企几号截止")) == question
    assert without_hints(question) == question
