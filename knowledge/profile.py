"""A company profile read from one sentence: "我们注册在奉贤、营收5000万、是高企，能报小巨人吗".

Companies state their situation inside the question; the eligibility check
(:func:`knowledge.facts.evaluate_profile`) needs it as ``PROFILE_FIELDS`` keys. Only what the sentence
states is returned — a field it does not mention stays absent and the check reports it as "needs
confirmation", never as met.
"""

from __future__ import annotations

import re
from typing import Any

from knowledge.facts.numbers import cn_int, money_wan
from knowledge.resolve import question_regions

_MUNICIPALITIES = {"北京", "上海", "天津", "重庆"}

# qualification as written → the name conditions use (knowledge/facts/conditions.py)
QUALIFICATIONS: dict[str, str] = {
    "高新技术企业": "高新技术企业",
    "高企": "高新技术企业",
    "专精特新": "专精特新",
    "小巨人": "小巨人",
    "科技型中小企业": "科技型中小企业",
}
_NEGATED = re.compile(r"(?:不是|还不是|没有|未被认定为?|不属于)$")
_TARGET = re.compile(r"(?:报|申请|申报|参评|推荐|认定)$")  # "能报小巨人吗": asked for, not held
_NUM = r"([0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九十]+)"
_REVENUE = re.compile(
    r"(?:营收|营业收入|主营业务收入|收入|销售额)[^0-9一二两三四五六七八九十]{0,4}"
    + r"([0-9]+(?:\.[0-9]+)?)\s*(亿|万)"
)
_YEARS = re.compile(
    r"(?:成立|注册|经营|开业)[^，。,；;0-9一二两三四五六七八九十半]{0,4}(半|" + _NUM[1:-1] + r")\s*年"
)
_EMPLOYEES = re.compile(r"([0-9]+)\s*(?:个|名)?(?:人|员工|职工)")
_BAD_CREDIT = re.compile(r"失信|信用(?:记录)?(?:不太?好|较差|有问题)|黑名单")
_BRANCH = re.compile(r"分支机构|分公司")
# Where the company is registered: "注册在奉贤", "我们在文昌注册", "公司在嘉定", "奉贤的企业" — not a place
# that only names the policy ("能报嘉定5G专项吗").
_REGISTERED = re.compile(
    r"(?:注册在|注册地(?:是|在)?|位于|落户(?:在)?|(?:我们|我司|公司|企业)(?:是|在))\s*([\u4e00-\u9fff]{2,8})"
    r"|([\u4e00-\u9fff]{2,4})(?=(?:注册|的企业|的公司))"
)
# Only a sentence about "us" states a profile; "要求在上海注册吗" asks about a condition.
_FIRST_PERSON = re.compile(r"我们|我司|我公司|本公司|咱们|我是|(?:公司|企业)(?:在|注册在|是)")


def _place(chain: tuple[str, ...]) -> str:
    """("上海", "奉贤") → "上海市奉贤区"; ("广东", "深圳") → "广东省深圳市"."""
    top = chain[0]
    parts = [top + ("市" if top in _MUNICIPALITIES else "省")]
    if len(chain) > 1:
        parts.append(chain[1] + ("区" if top in _MUNICIPALITIES else "市"))
    return "".join(parts)


def profile_from_text(text: str) -> dict[str, Any]:
    """``PROFILE_FIELDS`` values stated in ``text`` (amounts in 万元, years, persons)."""
    profile: dict[str, Any] = {}
    if not _FIRST_PERSON.search(text):
        return profile
    stated = [match[1] or match[2] for match in _REGISTERED.finditer(text)]
    regions = question_regions(" ".join(stated))
    if regions:
        profile["registered_district"] = _place(max(regions, key=len))
    if found := _REVENUE.search(text):
        wan = money_wan(found[1] + ("亿元" if found[2] == "亿" else "万元"))
        if wan is not None:
            profile["revenue"] = wan
    if found := _YEARS.search(text):
        raw = found[1]
        try:
            profile["years_established"] = (
                0.5 if raw == "半" else float(raw) if raw[0].isdigit() else cn_int(raw)
            )
        except ValueError:
            pass
    if found := _EMPLOYEES.search(text):
        profile["employees"] = int(found[1])
    held = []
    for written, name in QUALIFICATIONS.items():
        at = text.find(written)
        before = text[max(0, at - 5) : at]
        if at >= 0 and not _NEGATED.search(before) and not _TARGET.search(before) and name not in held:
            held.append(name)
    if held:
        profile["qualifications"] = held
    if _BAD_CREDIT.search(text):
        profile["credit_ok"] = False
    if _BRANCH.search(text):
        profile["independent_legal_person"] = False
    return profile
