"""The value a question's asking words call for, as a text shape.

"公示几天" asks for a duration, "哪个部门组织" for an office, "送几楼几室" for a room, "文号是啥" for a document
number, "周末能报吗" for a weekend mention, "发哪个邮箱" for an e-mail address, "邮编多少" for six digits: a passage or sentence
holding that shape is likely the answer.
Used by search (to order the passages of a document) and by passages (to choose the quoted sentences).
"""

from __future__ import annotations

import re

# An office ("区科技局", "辖区科技主管部门").
OFFICE = re.compile(
    r"[\u4e00-\u9fff]{2,}(?:局|委员会|委|厅|办公室|中心|管委会|协会|商会|人民政府|主管部门|处室|科室)"
)
# A document number ("某委发〔2026〕3号").
DOCUMENT_NUMBER = re.compile(r"[〔\[【]\s*\d{4}\s*[〕\]】]\s*\d+\s*号")

_N = r"[0-9０-９一二三四五六七八九十两]"
# A duration ("30个工作日", "两个月", "3年"); "2024年度" and "2024年5月" are no durations.
DURATION = re.compile(
    rf"(?<![0-9]){_N}{{1,3}}\s*(?:个?工作日|个?自然日|天|周|个月|年(?!度|\s*[0-9]{{1,2}}\s*月))"
)
# (asking words, shape of the value they call for); re.compile returns a compiled shape unchanged.
ASKED_SHAPES = tuple(
    (re.compile(asked), re.compile(shape))
    for asked, shape in (
        (r"几天|多少天|多久|多长时间|几个工作日|几个月|几年", DURATION),
        (r"多少(?:名|人|家|个|项|位)|几(?:名|家|项|位)", rf"{_N}+\s*(?:名|人|家|个|项|位)"),
        (r"哪个(?:部门|单位|机构)|哪些(?:部门|单位|机构)|什么(?:部门|单位|机构)|谁|哪家", OFFICE),
        # a street or room number; a document number's "〔2020〕38号" is none
        (r"在哪|哪里|几楼|几室|几层|送到?哪|寄到|寄往|邮寄", r"(?<![0-9〕\]】﹞])[0-9]+\s*[号室楼层]"),
        (r"文号|字号", DOCUMENT_NUMBER),
        (r"几点", r"\d{1,2}\s*[:：]\s*\d{2}|\d{1,2}\s*[点时]"),
        (r"比例|配比|比率", r"\d\s*[:：]\s*\d|[%％]|百分之"),
        (r"网址|网站|链接", r"https?://|www\."),
        (r"(?i)邮箱|信箱|电子邮件|e-?mail", r"[A-Za-z0-9._-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
        (r"邮编|邮政编码", r"(?<![0-9.])[0-9]{6}(?![0-9.])"),  # a postcode: six digits
        (r"周末|双休|节假日", r"周六|周日|星期六|星期日|周末|双休|节假日"),
        (r"上半年", r"(?<!\d)0?1\s*月[^，,。；;]{0,8}[-－—~至到][^，,。；;]{0,10}(?<!\d)0?6\s*月|上半年"),
        (r"下半年", r"(?<!\d)0?7\s*月[^，,。；;]{0,8}[-－—~至到][^，,。；;]{0,10}12\s*月|下半年"),
        (
            r"哪天|哪一天|几号|日期|何时|什么时候",
            r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{4}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}",
        ),
    )
)


def asked_shapes(question: str) -> list[re.Pattern[str]]:
    """The shapes of the value the question's asking words call for (none: it asks for no value)."""
    return [shape for asked, shape in ASKED_SHAPES if asked.search(question)]
