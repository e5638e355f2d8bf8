"""Words as companies write them and as documents write them: the data behind query rewriting.

Kept apart from the matching code (:mod:`knowledge.resolve`) so that staff extend the tables — a new
abbreviation, a district — without reading any logic.
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

# Bare place names a question may use, with their parent; a question's place and a document's region
# conflict when neither lies inside the other (深圳 vs 广东省中山市; 奉贤 lies inside 上海市).
# fmt: off
REGION_PARENT: dict[str, str | None] = {
    "上海": None, "北京": None, "天津": None, "重庆": None, "广东": None, "山东": None, "河北": None, "河南": None,
    "海南": None, "江苏": None, "浙江": None, "安徽": None, "湖北": None, "四川": None, "福建": None, "陕西": None,
    "徐汇": "上海", "黄浦": "上海", "静安": "上海", "长宁": "上海", "普陀": "上海", "虹口": "上海", "杨浦": "上海", "闵行": "上海",
    "宝山": "上海", "嘉定": "上海", "浦东": "上海", "金山": "上海", "松江": "上海", "青浦": "上海", "奉贤": "上海", "崇明": "上海",
    "临港": "浦东", "张江": "浦东", "漕河泾": "徐汇", "中关村": "北京", "海淀": "北京", "朝阳": "北京", "深圳": "广东", "广州": "广东",
    "珠海": "广东", "中山": "广东", "东莞": "广东", "佛山": "广东", "惠州": "广东", "烟台": "山东", "济南": "山东", "青岛": "山东",
    "威海": "山东", "廊坊": "河北", "石家庄": "河北", "雄安": "河北", "鹤壁": "河南", "郑州": "河南", "文昌": "海南", "海口": "海南",
    "三亚": "海南", "苏州": "江苏", "南京": "江苏", "无锡": "江苏", "杭州": "浙江", "宁波": "浙江", "合肥": "安徽", "武汉": "湖北",
    "成都": "四川", "厦门": "福建", "西安": "陕西",
}
# fmt: on

REGION_ALIASES: dict[str, str] = {
    "jiading": "嘉定",
    "xuhui": "徐汇",
    "pudong": "浦东",
    "fengxian": "奉贤",
    "songjiang": "松江",
    "changning": "长宁",
    "huangpu": "黄浦",
    "wenchang": "文昌",
    "zhuhai": "珠海",
    "shanghai": "上海",
    "申城": "上海",
    "沪": "上海",
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
