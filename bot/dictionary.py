"""The jieba user dictionary for Rasa's JiebaTokenizer: generic policy vocabulary, tracked in git.

jieba's own dictionary splits domain terms (专精特新 → 专精/特新, 小巨人 → 小/巨人), so word features
never see the term. ``config.yml`` points JiebaTokenizer's ``dictionary_path`` at ``bot/jieba_dict``.
The list holds the words of Chinese industrial policy in general — never names taken from one knowledge
base — so the trained model does not depend on the documents loaded: adding, replacing or removing a
document never retrains Rasa. Programme names are resolved by the actions through the knowledge base.
``python -m bot.dictionary`` rewrites the tracked file after the list below changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

DICTIONARY_DIR = Path(__file__).resolve().parent / "jieba_dict"
DICTIONARY_FILE = DICTIONARY_DIR / "policybot.txt"

# Vocabulary of Chinese industrial-policy questions, whatever documents are loaded.
BASE_TERMS = (
    # programme kinds found in every province
    "专精特新", "小巨人", "科技小巨人", "专精特新小巨人", "高新技术企业", "高企", "国高", "科技型中小企业",
    "企业技术中心", "技术改造", "技改", "首台套", "首批次", "首版次", "贷款贴息", "投资补助", "研发费用补助",
    "研发后补助", "知识产权资助", "稳岗补贴", "人才引进", "人才安居", "房租补贴", "租金补贴", "设备更新",
    "数字化转型", "智能制造", "智能工厂", "绿色工厂", "工业互联网", "单项冠军", "众创空间", "孵化器",
    "创新券", "科技创新券", "算力补贴", "算力券", "科普", "专项资金", "扶持资金", "引导资金", "奖补资金",
    "事后奖补", "竞争择优", "以奖代补", "人工智能", "集成电路", "生物医药", "新能源", "文化创意",
    # the words of a notice
    "申报指南", "申报通知", "申报条件", "申报材料", "申报时间", "申报系统", "截止时间", "截止日期", "网上填报",
    "纸质材料", "电子版", "预审", "区级预审", "第一批", "第二批", "征求意见稿", "征求意见", "公示期",
    "主管部门", "受理部门", "联系电话", "咨询电话", "联系人", "分机",
    # the words of a company profile
    "营业收入", "主营业务收入", "营收", "研发投入", "研发费用", "研发投入占比", "知识产权", "独立法人",
    "信用记录", "失信", "注册地", "税收户管地", "成立年限", "员工人数", "参保人数",
    # the service
    "转人工", "人工客服", "工作人员", "工作时间", "上班时间", "下班",
)


def render(terms: Iterable[str]) -> str:
    """jieba user-dictionary text: one term per line; jieba derives a frequency that keeps the term whole."""
    return "".join(f"{term}\n" for term in sorted({t for t in terms if not re.search(r"\s", t)}))


def write_dictionary(target: Path = DICTIONARY_FILE) -> Path:
    """(Re)write the dictionary file from ``BASE_TERMS``; untouched when the content is the same."""
    content = render(BASE_TERMS)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != content:
        target.write_text(content, encoding="utf-8")
    return target


if __name__ == "__main__":
    print(write_dictionary())
