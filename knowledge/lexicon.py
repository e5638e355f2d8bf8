"""Words as companies write them and as documents write them: the data behind query rewriting.

Kept apart from the matching code (:mod:`knowledge.resolve`) so that staff extend the tables — a new
abbreviation — without reading any logic. Places are not listed here: they come from the gazetteer of
:mod:`knowledge.facts.places`.
"""

from __future__ import annotations

# Frequent typos and near-synonyms, replaced before anything else (申抱 → 申报; 截至 → 截止).
TYPOS: dict[str, str] = {
    "申抱": "申报",
    "申扱": "申报",
    "申暴": "申报",
    "截至": "截止",
    "载止": "截止",
    "高新企业": "高新技术企业",
}

# Abbreviations and English words → the terms documents use; the expansion is appended to the query.
SYNONYMS: dict[str, str] = {
    "高企": "高新技术企业",
    "高新认定": "高新技术企业认定",
    "技改": "技术改造",
    "小巨人": "科技小巨人",
    "专精特新": "专精特新中小企业",
    "大模型": "人工智能",
    "ai": "人工智能",
    "双创": "创新创业",
    "贴息": "贷款贴息",
    "经信委": "经济和信息化委员会",
    "经信局": "经济和信息化局",
    "工信局": "工业和信息化局",
    "科工信局": "科学技术工业信息化局",
    "科委": "科学技术委员会",
    "发改委": "发展和改革委员会",
    "科普": "科学技术普及",
    "芯片": "集成电路",
    "ic": "集成电路",
    "deadline": "截止时间",
    "little giant": "小巨人",
    "subsidy": "补贴",
    "chip": "芯片",
    "tech": "技术",
    "匹配资金": "地方匹配资金",
    "技术中心": "企业技术中心",
}

# Words that say what is asked, not which document: left out of the topic a title must cover.
GENERIC = (
    "申报",
    "截止",
    "时间",
    "日期",
    "什么",
    "时候",
    "多少",
    "哪天",
    "几号",
    "要求",
    "条件",
    "材料",
    "联系",
    "电话",
    "我们",
    "公司",
    "企业",
    "项目",
    "专项",
    "资金",
    "能否",
    "可以",
    "是否",
    "通知",
    "政策",
    "哪个",
    "怎么",
    "如何",
    "申请",
    "需要",
    "这个",
    "那个",
    "能报",
    "还能",
    "有没有",
    "是不是",
    "最晚",
    "最多",
    "哪里",
    "提交",
    "一下",
    "请问",
    "你好",
    "知道",
    "告诉",
    "关于",
    "开展",
    "工作",
    "哪些",
    "那些",
    "多少个",
    "怎么样",
    "干嘛",
    "的",
    "了",
    "吗",
    "呢",
    "啥",
    "吧",
    "嘛",
    "呀",
)

# Kinds of development zone, each with the ways notices and companies write it. A zone is no
# administrative division (the gazetteer does not hold it), yet a notice of one zone does not serve another.
ZONES: dict[str, tuple[str, ...]] = {
    "高新区": ("高新区", "高新技术产业开发区", "高新技术开发区", "高新技术产业园区"),
    "经开区": ("经开区", "经济技术开发区", "经济开发区"),
    "保税区": ("保税区", "综合保税区", "综保区"),
    "自贸区": ("自贸区", "自由贸易试验区", "自贸试验区"),
}
