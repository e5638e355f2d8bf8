"""The jieba user dictionary for Rasa's JiebaTokenizer, generated from the knowledge base.

jieba's own dictionary splits domain terms (专精特新 → 专精/特新, 小巨人 → 小/巨人), so entity
boundaries drift and the word featurizer never sees the term. ``config.yml`` points JiebaTokenizer's
``dictionary_path`` at ``bot/jieba_dict``; ``policybot train`` rewrites the file there from the
current knowledge base (policy titles' key terms, regions) plus a fixed list of policy vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from knowledge import KnowledgeBase
from knowledge.errors import KnowledgeError

DICTIONARY_DIR = Path(__file__).resolve().parent / "jieba_dict"
DICTIONARY_FILE = DICTIONARY_DIR / "policybot.txt"

# Vocabulary of Chinese industrial policy that appears in questions whatever documents are loaded.
BASE_TERMS = (
    "专精特新", "小巨人", "科技小巨人", "专精特新小巨人", "高新技术企业", "高企", "国高", "科技型中小企业",
    "企业技术中心", "技术改造", "技改", "算力券", "模型券", "语料券", "大模型", "大模型备案", "人工智能",
    "人工智能+", "集成电路", "生物医药", "元宇宙", "文化创意", "总部经济", "贷款贴息", "投资补助",
    "专项资金", "扶持资金", "申报指南", "申报通知", "申报条件", "申报材料", "申报时间", "截止时间",
    "截止日期", "营业收入", "主营业务收入", "研发投入", "研发费用", "知识产权", "独立法人", "信用记录",
    "转人工", "人工客服", "营收", "注册地", "成立年限", "员工人数", "事后奖补", "竞争择优", "首台套",
    "智能制造", "工业互联网", "数字化转型", "众创空间", "孵化器", "公示期",
)

# Words that frame a title rather than name its subject; titles are cut at them.
_TITLE_NOISE = re.compile(
    r"关于|组织|开展|进一步|推动|加快|促进|支持|转发|印发|做好|申报|推荐|公布|延长|制定|制订|相关政策|高质量发展|"
    r"工作|通知|公告|公示|名单|实施意见|实施细则|实施办法|若干意见|意见|办法|细则|指南|试行|的|年度|年|"
    r"第[一二三四五六七八九十\d]+批|[\dA-Za-z０-９~～\-—－·、，,:：;；()（）“”\"《》〈〉\s]+"
)
_QUOTED = re.compile(r"[“\"《]([^”\"》]{2,14})[”\"》]")
_REGION_PREFIX = re.compile(r"^(?:[\u4e00-\u9fa5]{2,3}(?:省|市))?(?:[\u4e00-\u9fa5]{2,3}?(?:新区|区|县|市))?")
_ISSUER = re.compile(r"(?:局|委|部|厅|办公室|政府)$")
_REGION_PART = re.compile(r"[\u4e00-\u9fa5]{2,4}?(?:新区|省|市|区|县)")


def title_terms(title: str) -> set[str]:
    """Key terms of one title: quoted names plus the fragments left between framing words."""
    terms = {match.group(1).strip() for match in _QUOTED.finditer(title)}
    for fragment in _TITLE_NOISE.split(title):
        fragment = _REGION_PREFIX.sub("", fragment) or fragment
        if 2 <= len(fragment) <= 8 and not _ISSUER.search(fragment):
            terms.add(fragment)
    return terms


def region_terms(region: str) -> set[str]:
    """"上海市徐汇区" → {上海市, 上海, 徐汇区, 徐汇}: people drop the 区/市 suffix when they talk."""
    terms: set[str] = set()
    for part in _REGION_PART.findall(region):
        terms.add(part)
        short = re.sub(r"(?:新区|省|市|区|县)$", "", part)
        if len(short) >= 2:
            terms.add(short)
    return terms


def collect_terms(kb: KnowledgeBase) -> set[str]:
    """Base vocabulary plus the terms of every document in ``kb`` (nothing extra when it is empty)."""
    terms = set(BASE_TERMS)
    try:
        documents = kb.documents()
    except KnowledgeError:
        documents = []
    for meta in documents:
        terms |= title_terms(meta.title)
        terms |= region_terms(meta.region)
    return terms


def render(terms: Iterable[str]) -> str:
    """jieba user-dictionary text: one term per line; jieba derives a frequency that keeps the term whole."""
    return "".join(f"{term}\n" for term in sorted(t for t in terms if not re.search(r"\s", t)))


def write_dictionary(kb_dir: Path | None = None, target: Path = DICTIONARY_FILE) -> Path:
    """(Re)write the dictionary file from the knowledge base at ``kb_dir``; returns its path.

    The file is only touched when its content changes, so unchanged data keeps the training stamp valid.
    """
    content = render(collect_terms(KnowledgeBase(kb_dir)))
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != content:
        target.write_text(content, encoding="utf-8")
    return target
