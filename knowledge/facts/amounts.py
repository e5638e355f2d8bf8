"""Support amounts: caps (最高不超过500万元), ratios (不超过总投入的10%), fixed grants (40万元/项).

An amount only counts in a sentence about support (支持/补助/奖励…): the same figures appear in
eligibility thresholds (收入3000万元以上) and payment tranches (先行拨付50%), which are not what a
company may receive. A programme budget (规模每年发放不超过1000万元) is labelled ``total_budget``
so that it is never quoted to a company as its own possible grant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge.facts.model import Amount
from knowledge.facts.numbers import money_wan, percent_value
from knowledge.facts.spans import clause_bounds, make_span
from knowledge.model import DocumentMeta, Section

if TYPE_CHECKING:  # spaCy is imported lazily (about a second); only its types are needed here
    from spacy.tokens import Doc

_SUPPORT = re.compile(r"支持|补助|补贴|奖励|资助|奖补|贴息|扶持|给予|额度|发放")
_CAP = re.compile(r"(最高|不超过|最多|上限|不高于|封顶)[^，,；;。]{0,6}$")
_NOT_AMOUNT = re.compile(r"拨付|先行|首期|剩余|以上|以下|不低于|收入|营业|纳税|销售|规模超过")
_BUDGET = re.compile(r"规模|总额|总量|每年发放|年度预算|资金总|总计安排")
# A sum in another currency ("6500万美元以下企业") is a threshold, never a grant.
_FOREIGN = re.compile(r"^\s*(?:美元|欧元|港元|港币|日元|英镑)")
_ONE_OFF = re.compile(r"一次性")
_FIXED_AFTER = re.compile(r"^\s*(/|／|每)\s*(项|家|个|户|年)")


@dataclass
class _Draft:
    start: int
    end: int
    max_wan: float | None = None
    ratio: float | None = None
    fixed_wan: float | None = None
    budget: bool = False  # a budget word leads one of its sums ("规模每年发放不超过1000万元")

    def empty(self) -> bool:
        return self.max_wan is None and self.ratio is None and self.fixed_wan is None


def find_amounts(meta: DocumentMeta, text: str, doc: Doc, sections: Sequence[Section]) -> list[Amount]:
    """Support amounts in ``text``, one per sentence part that states a cap, ratio or fixed sum."""
    amounts: list[Amount] = []
    for sent in doc.sents:
        if not _SUPPORT.search(sent.text):
            continue
        draft: _Draft | None = None
        for ent in sent.ents:
            if ent.label_ not in ("MONEY", "PERCENT"):
                continue
            segment = re.split(r"[，,；;。]", text[sent.start_char : ent.start_char])[-1]
            after = text[ent.end_char : ent.end_char + 4]
            if _NOT_AMOUNT.search(segment[-12:] + after[:2]) or _FOREIGN.match(after):
                continue
            if ent.label_ == "PERCENT":
                value, kind = percent_value(ent.text), "ratio"
            else:
                value = money_wan(ent.text)
                kind = "max_wan" if _CAP.search(segment) else "fixed_wan"
                if kind == "fixed_wan" and not (_SUPPORT.search(segment) or _FIXED_AFTER.search(after)):
                    continue  # a money figure with no support word near it (e.g. 项目总投资)
            if value is None:
                continue
            if draft is None or getattr(draft, kind) is not None:
                if draft is not None and not draft.empty():
                    amounts.append(_finish(meta, text, draft, sections))
                start, end = clause_bounds(text, sent, ent.start_char, ent.end_char)
                draft = _Draft(start=start, end=end)
            setattr(draft, kind, value)
            # the budget word must lead a sum: "加计扣除总额的5%" is the base of a ratio, not a budget
            draft.budget = draft.budget or (kind != "ratio" and bool(_BUDGET.search(segment)))
        if draft is not None and not draft.empty():
            amounts.append(_finish(meta, text, draft, sections))
    return amounts


def _finish(meta: DocumentMeta, text: str, draft: _Draft, sections: Sequence[Section]) -> Amount:
    span = make_span(meta.doc_id, text, draft.start, draft.end, sections)
    return Amount(
        text=span.text,
        span=span,
        max_wan=draft.max_wan,
        ratio=draft.ratio,
        fixed_wan=draft.fixed_wan,
        one_off=bool(_ONE_OFF.search(span.text)),
        scope="total_budget" if draft.budget else "per_applicant",
    )
