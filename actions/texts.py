"""Every sentence the custom actions say, in one place (fixed replies live in domain.yml).

No template states a fact of its own: dates, amounts and conditions reach the user only through the
knowledge layer's answers, which carry their citations.
"""

from __future__ import annotations

CITATION = "出处：《{title}》{section}"
CITATION_SECTION = " › {section}"
SOURCE = "原文：{source}"

CHOOSE_DOC = "您问的是哪一份文件？请选择："
CHOOSE_DOC_UNKNOWN = "抱歉，没找到您选的文件，请重新提问并说明政策名称。"

OPEN_CALLS_HEADER = "{scope}正在申报或即将开始的项目（按截止时间排序）："
OPEN_CALLS_HEADER_WITHIN = "{scope}{days}天内截止的项目（按截止时间排序）："
OPEN_CALLS_ITEM = "{index}. 《{title}》{when}"
CALL_OPEN = "，申报截止{end}（还有{days}天）"
CALL_OPEN_NO_END = "，正在申报（通知未写明截止时间）"
CALL_UPCOMING = "，{start}开始申报，截止{end}"
NOT_STATED = "未写明"
OPEN_CALLS_NONE = "按今天（{today}）的日期，知识库里{scope}没有正在申报的项目。您可以问我某个政策的具体内容，或订阅截止提醒。"
OPEN_CALLS_FOOTER = "想了解某一项，可以直接问“第1个要交什么材料”或说出项目名称。"

REMIND_ASK_DOC = "您想订阅哪个项目的截止提醒？请告诉我项目名称。"
REMIND_NO_DEADLINE = "《{title}》没有写明截止时间，无法设置截止提醒。"
REMIND_CLOSED = "《{title}》已于{deadline}截止，无法再设置提醒。"
REMIND_OK = "好的，已为您订阅《{title}》的截止提醒：截止时间{deadline}，我会在{remind_at}提醒您。"

MATCH_HEADER = "根据您提供的企业信息（{profile}），匹配结果如下："
MATCH_PAST_ROUNDS = "按今天（{today}）的日期，暂时没有正在申报的项目；以下按往期通知的条件匹配，供下一轮申报参考。"
MATCH_ELIGIBLE = "✅ 符合条件："
MATCH_NOT = "❌ 不符合："
MATCH_UNSURE = "❓ 需要进一步确认："
MATCH_ITEM = "· 《{title}》{detail}"
MATCH_FAILED = "：不符合“{condition}”"
MATCH_MISSING = "：还需确认{fields}"
MATCH_MANUAL = "：需人工核实“{condition}”"
MATCH_NO_CONDITIONS = "：通知未列出可自动核对的条件，请查看原文"
MATCH_NONE = "按今天的日期，知识库中暂时没有正在申报的项目可以匹配。"
MATCH_FOOTER = "结果仅供参考，以通知原文和主管部门审核为准。信息有误可以直接更正，例如“员工其实是80人”。"
PROFILE_UNPARSED = "没能从您的回答中识别出{field}，请换个说法，例如：{example}。"
PROFILE_LABELS = {
    "registered_district": "注册地",
    "years_established": "成立年限",
    "employees": "员工人数",
    "revenue": "营业收入",
    "qualifications": "企业资质",
}
PROFILE_EXAMPLES = {
    "registered_district": "注册在徐汇区",
    "years_established": "成立5年 或 2019年成立",
    "employees": "员工80人",
    "revenue": "去年营收3000万",
    "qualifications": "高新技术企业、专精特新；没有请回复“没有”",
}
NO_QUALIFICATION = "无"

FALLBACK = "抱歉，我没太理解您的意思。可以换个说法，例如“技术改造专项什么时候截止”“现在有哪些可以申报的项目”。"
OFFER_HUMAN = "这个问题我可能回答不好，需要为您转接人工客服吗？"
OFFER_HUMAN_YES = "转人工"
OFFER_HUMAN_NO = "不用了"
HANDOFF = "好的，已为您转接人工服务，工作人员会查看我们之前的对话，您可以先把问题描述完整。"
SERVICE_HOURS = ("人工客服的服务时间是{hours}。我是智能助手，任何时间都可以回答政策问题；"
                 "非服务时间转人工的问题会排队登记，工作人员上班后回复，也可以留下手机号由工作人员回电。")
HOURS_ALWAYS = "全天24小时"
WRONG_DOC = "抱歉，可能找错了文件。您问的是不是下面这几份？"
WRONG_DOC_NONE = "抱歉，我没有找到其他相关的文件。请说出政策的完整名称、发文地区或年份，我再帮您查。"
TOPIC_NONE_COVERS = "您问的这类项目，知识库里共有{count}份通知，按您提供的信息都不符合（原因见下）。"
