"""Every Chinese sentence the answer composer can say, in one place.

Wording is data: product and policy staff edit these strings without touching the answer logic, and a
reviewer can check in one file that no template states a fact of its own (every date, amount or
condition comes from a cited source through a placeholder). ``str.format`` placeholders are enough
here; Jinja2 would add a dependency on a template environment for no extra expressiveness.
"""

from __future__ import annotations

import re
from datetime import datetime

T: dict[str, str] = {
    # ---- deadline
    "deadline_head_range": "《{title}》{label}的申报时间为{start}至{end}，",
    "deadline_head_until": "《{title}》{label}的申报截止时间为{end}，",
    "status_open": "目前正在申报中，还有{days}天截止。",
    "status_open_today": "今天是最后一天，请在{end}前完成申报。",
    "status_closed": "已截止。",
    "status_upcoming": "尚未开始，{start}起可以申报。",
    "comment_head_range": "《{title}》的征求意见时间为{start}至{end}，",
    "comment_head_until": "《{title}》的征求意见截止时间为{end}，",
    "comment_status_open": "目前正在征求意见，还有{days}天截止。",
    "comment_status_open_today": "今天是反馈意见的最后一天，请在{end}前提交。",
    "comment_status_upcoming": "尚未开始，{start}起可以反馈意见。",
    "deadline_hard": "通知写明逾期不予受理。",
    "deadline_channel_timing": "关于{channel}，通知写明：“{text}”。",
    "deadline_label": "（{label}）",
    "deadline_other_windows": "该通知还写明：{others}。",
    "deadline_other_item": "{label}截止于{end}",
    "deadline_forwarding": "另：通知写明受理或推荐部门向上级报送的截止时间为{end}，那不是企业自己的申报截止时间。",
    "deadline_forwarding_chosen": "这是受理或推荐部门向上级报送的截止时间；申报单位提交的截止时间为{end}。",
    "deadline_start_only": "通知写明自{start}起申报。",
    "deadline_year_inferred": "（通知此处未写年份，按{source}推定。）",
    "deadline_several": "《{title}》写明了{count}个时间，请按您要办的环节对照：{items}。",
    "deadline_item_range": "{step}：{start}至{end}（{state}）",
    "deadline_item_until": "{step}：{end}截止（{state}）",
    "state_open": "进行中，还有{days}天截止",
    "state_open_today": "今天截止",
    "state_closed": "已截止",
    "state_upcoming": "尚未开始",
    # ---- amounts
    "amount_list": "《{title}》写明的支持标准：{items}。",
    "amount_budget": "《{title}》写明的资金总规模：{items}（这是整个项目的总额，不是单个企业的额度）。",
    "amount_budget_note": "通知只写明了资金总规模：{items}（这是整个项目的总额，不是单个企业能获得的金额）。",
    # ---- materials / submission
    "materials_list": "《{title}》要求提交的材料：{items}。",
    "submission_list": "报送方式：{items}",
    "submission_note": "通知只写明了报送方式：{items}",
    "materials_copies": "《{title}》的报送要求：{items}",
    "process_channel": "《{title}》的申报方式：{items}",
    # ---- contact
    "contact_list": "《{title}》的联系方式：{items}。",
    "contact_item": "{who}{details}",
    "submission_place": "材料报送地址：{address}",
    "submission_email": "电子材料报送邮箱：{email}",
    # ---- eligibility
    "conditions_list": "《{title}》的申报条件：{items}。",
    "eligibility_verdict_no": "按您提供的信息，贵公司不符合《{title}》的申报条件。",
    "eligibility_verdict_yes": "按您提供的信息，贵公司符合《{title}》列出的各项申报条件。",
    "eligibility_verdict_conditional": "按您提供的信息，《{title}》的条件中没有发现不符合的，但有{count}项需要确认。",
    "eligibility_failed": "不符合：{items}。",
    "eligibility_confirm": "需确认：{items}。",
    "eligibility_met": "已符合：{items}。",
    "eligibility_item": "{text}（{reason}；见“{section}”）",
    "eligibility_more": "另有{count}项请对照原文",
    "eligibility_ask": "请补充：{fields}，我再帮您逐条核对。",
    "eligibility_invite": "如告诉我贵公司的注册地、员工人数、营业收入、成立年限和资质，我可以逐条帮您核对。",
    # ---- passages
    "passage": "根据《{title}》{section}：“{text}”",
    "passage_issuer": "（文中“{ref}”指{issuer}。）",
    "passage_more": "通知原文{section}还写明：“{text}”",
    # ---- the asked fact is missing from the document
    "missing": "《{title}》没有写明{field}，我不能替它回答。{hint}",
    "missing_hint_truncated": "我们收录的文本不完整，建议查看原文（{source}）或咨询发文单位。",
    "missing_hint": "建议查看原文或咨询发文单位{issuer}。",
    # ---- nothing matches
    "no_document": (
        "抱歉，知识库里没有找到与您的问题对应的政策文件或申报通知，我不能凭猜测回答。"
        "您可以告诉我政策名称、发文单位或地区，或者转人工咨询。"
    ),
    "no_document_region": (
        "抱歉，知识库里没有{region}的相关政策文件或申报通知，我不能凭猜测回答。"
        "您可以转人工咨询，或查看{region}主管部门的官方网站。"
    ),
    "no_document_year": (
        "抱歉，知识库里没有{year}年的相关通知（已收录的是：{titles}），不能用其他年份的内容代替回答。"
    ),
    "out_of_scope": "抱歉，我只能回答企业扶持政策和项目申报方面的问题，例如申报截止时间、申报条件、材料和联系方式。",
    "no_passage": "《{title}》里没有找到能直接回答这个问题的内容。{hint}",
    "ambiguous": "您问的可能是以下几份文件中的一份，请告诉我是哪一份：{options}",
    "option": "{n}. 《{title}》",
    "alternatives": "如果您问的是{titles}，请告诉我。",
    # ---- staff review (knowledge.corrections) and staff-written answers (knowledge.faq)
    "reviewed": "（已人工核对）",
    "faq": "{answer}（来源：常见问题）",
}

FIELD_NAMES: dict[str, str] = {
    "deadline": "申报截止时间",
    "amount": "支持金额",
    "materials": "申报材料",
    "contact": "联系方式",
    "eligibility": "申报条件",
    "process": "申报方式或流程",
}

LIST_SEPARATOR = "；"


def render(key: str, **values: object) -> str:
    """The template ``key`` filled with ``values``; raises ``KeyError`` for an unknown key."""
    return T[key].format(**values)


# Not knowledge.facts.steps.ENUMERATOR, on purpose: this one leaves a decimal number alone, so that "2.5万元" stays
# whole in a listed clause, where the facts' pattern would cut "2." off it. As in knowledge.sectioning, a dot
# followed by 1-3 digits is a decimal point; "1、2021年度…" and "2.2021年…" are items.
_ENUMERATOR = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|\d+(?:、|[.．](?!\d{1,3}(?:\D|$)))|[（(][一二三四五六七八九十\d]+[）)])\s*"
)


def clause(text: str) -> str:
    """A source clause ready to list: its last line (a heading line dropped), enumerator and end mark removed."""
    line = text.strip().splitlines()[-1] if text.strip() else ""
    return _ENUMERATOR.sub("", line).strip().rstrip("。；;，,")


def join(items: list[str]) -> str:
    """Items as one sentence: "1. …；2. …" when several, the item itself when one; duplicates dropped."""
    unique = list(dict.fromkeys(item for item in items if item))
    if len(unique) == 1:
        return unique[0]
    return LIST_SEPARATOR.join(f"{n}. {item}" for n, item in enumerate(unique, 1))


def format_datetime(value: datetime, *, time_given: bool = True) -> str:
    """2026年2月4日16:00; a day's end (23:59:59) reads 24:00 when stated, or the bare date otherwise."""
    day = f"{value.year}年{value.month}月{value.day}日"
    if (value.hour, value.minute, value.second) == (23, 59, 59):
        return f"{day}24:00" if time_given else day
    if not time_given and (value.hour, value.minute) == (0, 0):
        return day
    return f"{day}{value.hour}:{value.minute:02d}"
