"""Eligibility conditions from every condition-bearing part of a notice, each with a predicate when checkable.

Where conditions sit: under headings such as 申报条件 / 支持对象 / 申报主体 / 基础条件 (every item is a
condition) and 申报须知 / 申报要求 / 注意事项 / 申报范围 (an item is a condition only when it states one);
and anywhere in the text, sentences that say who applies (…为申报主体) and sentences about the registered
or tax place (注册地和税收户管地), records (失信, 违法违规, 事故), unfinished projects (未结题) and earlier
funding (重复申报). Headings are found in the text itself as well as in the section tree, because reposted
pages lose their line breaks.

What is checkable: places of registration, of taxes and of the project itself (resolved through the
gazetteer; 本区/本市 through the document's own chain), counts, money, ratios, years since founding,
founding dates, certificates, two flags (credit, independent legal person), kinds of company left out
(不含房地产类企业: a ``kind`` predicate) and applicants that are public bodies (…的地市科技管理部门). Figures that only say which applicants a rule is for ("对营业收入
超过1亿元的企业，给予…") are not requirements. Alternatives ("…以下或…以下") become one "any" predicate.
Declarations only the company can make (无违法违规记录, 项目已结题) get a ``declaration`` predicate:
需确认 unless the company says otherwise.
A clause that states nothing checkable keeps its raw text, so the check asks a person instead of guessing.

Alternatives: the tiers a notice grants to ("营业收入15亿元以上,增速10%以上的,按…奖励") are one condition met by
any one tier (each tier "all" of its parts); so are the items under "符合其一即可" / after "符合下列情形之一". A
requirement for one tier ("将营业收入不少于300万元的企业,…增长率…调整为3%") binds only that tier ("when").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

from knowledge.facts.certified import CERTIFICATES
from knowledge.facts.model import Condition, Predicate
from knowledge.facts.numbers import NUMERAL, money_wan, number
from knowledge.facts.places import Chain, own_place, place_chain, places_in
from knowledge.facts.spans import make_span, squash
from knowledge.model import DocumentMeta, Section

if TYPE_CHECKING:  # spaCy is imported lazily (about a second); only its types are needed here
    from spacy.tokens import Doc

# Headings whose every item is a condition, and headings whose items are conditions only when they say so.
_STRONG = r"申报条件|申请条件|基本条件|基础条件|资格条件|支持条件|认定条件|推荐条件|申报资格|申请资格|支持对象|适用对象|申报主体|申请主体|申报对象|申请对象|奖励对象|兑现对象|扶持对象|补贴对象|申报单位条件|对象及条件|对象和条件"
_WEAK = r"申报须知|申请须知|须知|申报要求|申请要求|有关要求|相关要求|其他要求|注意事项|申报范围|企业范围|支持范围|扶持范围"
_NOT_CONDITIONS = re.compile(r"如下|材料|流程|程序|方式|时间|审核|评审|推荐要求|总体要求|标准|资金|联系")
_MARKER = r"第[一二三四五六七八九十]+[条章]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]"
_HEADING = re.compile(
    rf"(?:(?:(?<=\n)|^)[ \t\u3000#＃*]*(?P<marker>{_MARKER})?|(?P<inline>{_MARKER}))[ \t\u3000]*[(（]?"
    rf"(?P<name>[^\n，,。；;:：#]{{0,10}}?(?P<cue>{_STRONG}|{_WEAK})[^\n，,。；;:：]{{0,8}}?)[)）]?[ \t\u3000]*"
    r"(?:[:：]|\n|(?=\d[、.．]))",
    re.MULTILINE,
)
# A region ends at the next heading of its own or a higher level: (二) ends at (三) or 三、 or 第三条.
# After an unnumbered heading ("申报条件："), the next top-level heading line; its (一) items stay inside.
_ANY_HEADING = r"\n[ \t\u3000]*(?:#|＃|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[条章])"
_LEVELS = {
    "章": r"第[一二三四五六七八九十]+章",
    "条": r"第[一二三四五六七八九十]+[条章]",
    "、": r"(?<![(（])[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[条章]",
    ")": r"[(（][一二三四五六七八九十]+[)）]|(?<![(（])[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[条章]",
}
_ITEM_SPLIT = re.compile(
    r"[；;。\n]|(?<![\d.])\d{1,2}[、.．](?!\d)|[(（]\d{1,2}[)）]|[(（][一二三四五六七八九十]+[)）]"
)
# Clause parts: split at commas outside brackets ("…的企业和机构(含…单位,不含…企业)" stays whole).
_PART_SPLIT = re.compile(r"[，,](?![^(（)）]*[)）])")
_MAX_REGION = 1500
# A part that only names the document a condition follows ("符合《…规定的通知》(…)划型标准").
_CITES = re.compile(r"\s*(?:并|且)?(?:符合|满足|按照|依据|参照)《[^》]+》[^，,。；;《》]{0,16}")
_HEADING_ITEM = re.compile(r"(以下|如下|下列)[^，,。；;]{0,8}(条件|要求)[:：]?$")
# An item that only repeats a heading ("支持对象", "申报条件"): a title, not a condition.
_HEADING_ONLY = re.compile(
    r"^[^，,。；;]{0,6}(?:对象|条件|标准|要求|范围|须知|描述|材料|方式|程序|流程)[:：]?$"
)

_N = NUMERAL
# ---- places
_PLACE_WORD = r"本区|本市|本县|本省|全区|全市|全省|[\u4e00-\u9fff·]{2,14}?"
_BOTH_PLACES = re.compile(
    rf"(?:工商)?注册(?:地|地址)?(?:(?:和|及|与|、)[^，,；;。、和及与]{{1,6}}?)?(?:和|及|与|、)(?:财税户管地?|税收户管地?|税务登记地?|纳税(?:地|关系)|税收(?:关系|户管))[^，,；;。]{{0,4}}?(?:均|都|须|应|必须)?(?:在|于|为|属于|位于)(?P<place>{_PLACE_WORD})(?=[，,；;。的内]|行政|范围|区域|辖区|$)"
)
_TAX_PLACE = re.compile(
    rf"(?:税收户管地?|税务登记(?:地|关系)?|纳税(?:地|关系)|税收关系)[^，,；;。]{{0,4}}?(?:均|都|须|应|必须)?(?:在|于|为|属于|位于)(?P<place>{_PLACE_WORD})(?=[，,；;。的内]|行政|范围|区域|辖区|$)"
)
_REGISTERED = (
    re.compile(
        rf"(?:在|于)(?P<place>{_PLACE_WORD})(?:行政区域|行政区|区域|范围|辖区|境内)?内?[^，,；;。]{{0,8}}?(?:注册|登记|设立|成立|落户)"
    ),
    re.compile(
        rf"(?P<place>{_PLACE_WORD})(?:行政区域|行政区|区域|范围|辖区|境)?内[^，,；;。]{{0,4}}?(?:注册|登记|设立)"
    ),
    re.compile(
        rf"(?:注册|登记)(?:地|地址)?(?:均|须|应|必须)?(?:在|于|为|位于|属于)(?P<place>{_PLACE_WORD})(?=[，,；;。的内]|行政|范围|区域|辖区|$)"
    ),
)
# Where the project itself must be: "项目应已落地于本区", "项目须在本区实施", "项目实施地点在示例区".
_PROJECT_PLACE = (
    re.compile(
        rf"项目(?!单位|法人|负责人|申报)(?:实施|建设|所在)?(?:地点|地址|地)?[^，,；;。]{{0,4}}?(?:落地|落户|位于|实施|建设|在|于|为)(?:于|在)?(?P<place>{_PLACE_WORD})(?=[，,；;。的内]|行政|范围|区域|辖区|实施|建设|落地|$)"
    ),
    re.compile(
        rf"在(?P<place>{_PLACE_WORD})(?:行政区域|区域|范围|辖区|境)?内?(?:实施|建设|落地)的[^，,；;。]{{0,6}}项目"
    ),
)
# ---- numbers
_YEARS = re.compile(
    rf"(?:成立|注册|经营|运营|设立|创办)(?:时间|年限)?[^，,；;。\d]{{0,4}}?(?P<op>已满|满|超过|不超过|不满|未满|不足|少于|不少于|在)?\s*(?P<n>{_N})\s*个?(?:周)?年"
    r"(?:\s*[(（](?P<incl>含|不含)[)）])?\s*(?P<tail>以上|及以上|以内|以下|之内)?"
)
_DATE = r"(?P<y>(?:19|20)\d{2})\s*年(?:\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?)?"
_FOUNDED = (
    re.compile(
        rf"{_DATE}\s*(?:[(（]含[)）])?\s*(?P<rel>以后|之后|后|起|以来|以前|之前|前)[^，,；;。]{{0,10}}?(?:新?注册|成立|设立|登记|新办|创办)"
    ),
    re.compile(
        rf"(?:注册|成立|设立|登记)(?:时间|日期)?(?:在|于|为|须在|应在)\s*{_DATE}\s*(?:[(（]含[)）])?\s*(?P<rel>以后|之后|后|起|以前|之前|前)"
    ),
)
# The period the supported events fall in: "2022年12月28日至2023年6月30日举办的展会", "…至…实施的项目".
_DAY_OF = r"(?:(?P<{0}y>(?:19|20)\d{{2}})\s*年\s*)?(?P<{0}m>\d{{1,2}})\s*月(?:\s*(?P<{0}d>\d{{1,2}})\s*日)?"
_EVENTS = r"举办|举行|召开|参加|参展|开展|发生|实施|完成|购置"
_PERIOD = re.compile(
    rf"{_DAY_OF.format('a')}\s*(?:至|到|—|－|~|-)+\s*{_DAY_OF.format('b')}\s*(?:[(（]含[)）])?[^，,；;。]{{0,4}}?(?:{_EVENTS})"
)
_MONEY = re.compile(rf"(?P<n>{_N})\s*(?P<unit>亿元|万元|千元|亿|万|元)")
_PERCENT = re.compile(rf"(?P<n>{_N})\s*(?:%|％)|百分之(?P<cn>{_N})")
_PERSONS = re.compile(rf"(?P<n>{_N})\s*(?:人|名)")
_MONTHS = re.compile(rf"(?P<n>{_N})\s*(?:个)?\s*(?P<unit>月|年)")
_MONEY_FIELDS = (
    (
        "revenue",
        re.compile(
            r"主营业务收入|营业收入|销售收入|年收入|营收|销售额|营业额|销售(?=\s*(?:不|超|低|高|达|在|\d))"
        ),
    ),
    ("tax", re.compile(r"纳税(?!地|关系)|税收(?!户|关系)|缴税")),
    ("financing", re.compile(r"融资")),
    ("rd_spend", re.compile(r"研究开发费用|研发费用|研发投入|研发经费|研发支出|研究开发投入")),
)
_RD_RATIO = re.compile(
    r"研究开发费用|研发费用|研发投入|研发经费|研发支出|研究开发投入|研发占比|R&D经费|R&D投入|R&D支出"
)
_RD_STAFF = re.compile(r"(?:研发|科技|技术|研究开发)人员")
# Growth of revenue over a year ("增速10%以上", "同比增长15%以上"); another measure's growth is not it.
_GROWTH = re.compile(r"增速|增长率|增幅|同比增长|平均增长")
_OTHER_GROWTH = re.compile(r"研发|研究开发|出口|进出口|利润|税收|纳税|投资|产值|就业|人数")
_EMPLOYEES = re.compile(r"职工|员工|从业人员|从业人数|在职人员|参保人数|社保.{0,4}人数|用工人数|在岗人数")
_RENT = re.compile(r"租赁|租用|租期|承租|房租")
_CERT_EXTRA = re.compile(r"\d{4}|首次|省级|市级|国家级|区级|或|重新认定|复核|当年")
_CERT_NOT = re.compile(r"(?:非|不属于|未被认定为?|尚未认定为?|不是|未获)\s*(?:国家(?:级)?)?$")
_CERT_NOT_YET = re.compile(r"(?:尚未|还未|暂未|还没有?)[^，,。；;]{0,4}$")
# A word of holding governs the certificate right after it ("须为…", "已认定的…"), not one a clause later
# ("在获得支持一年内国高新资质应保持有效").
_HOLDS_REACH = 6
_HOLDS = re.compile(r"是|为|属于|获得|取得|获评|评为|获批|认定|具有|具备|拥有|入选|有效期内")
_LEGAL = re.compile(r"独立法人|独立的法人|独立承担民事责任")
_CREDIT = re.compile(r"失信|信用记录|信用状况|信用良好|社会信用|黑名单|信用中国")
# Declarations only the company can make; the label says what to confirm.
NO_RECORD = "近年无违法违规或重大事故记录"
_DECLARATIONS = (
    (re.compile(r"违法|违规|行政处罚|安全生产事故|环保事故|质量事故|重大事故|刑事"), NO_RECORD),
    (re.compile(r"结题|验收|逾期未(?:结|完成|验收)|未完成.{0,6}项目"), "没有逾期未结题（未验收）的项目"),
    (
        re.compile(
            r"重复(?:申报|支持|享受|资助|奖励|补助|补贴)|(?:(?:已|曾)[^，,。；;]{0,16}?(?:获得?|享受|列入)|(?:获得?|享受)过)"
            r".{0,16}(?:资助|支持|补助|奖励|扶持|补贴)|同一项目|多头申报"
        ),
        "未重复获得同类财政支持",
    ),
    (re.compile(r"欠税|拖欠|欠缴"), "无欠缴税款或拖欠款项"),
)
_FORBIDS = re.compile(r"无|未|不得|没有|不存在|不予|不再|严禁|禁止|不能|不重复")
# An item under a heading such as 申报要求 that states a condition though nothing in it is checkable: what the
# applicant must meet ("应具备的基本条件应满足《办法》有关规定") or whom the notice leaves out ("…将不再给予资金支持").
_STATES = re.compile(
    r"(?:应|须|需|必须)(?:当)?(?:具备|满足|符合|达到)|不予(?:支持|受理|补助|资助|奖励)|不再(?:给予|支持|受理)"
    r"|不得申报|不能申报|除外"
)
# Sentences outside any condition heading that still state a condition.
_ANYWHERE = re.compile(
    r"注册地|税收户管|税务登记|失信|违法违规|严重违法|事故|未结题|逾期未|重复申报|不予(?:支持|补助|补贴|资助|奖励)"
    rf"|{_PERIOD.pattern}"
    r"|不得申报|不能申报|不重复(?:奖励|支持|补助|补贴|资助|享受)|不予受理.{0,6}(?:企业|单位)|不再支持"
)
_APPLICANT = re.compile(r"企业|单位|申报|申请|项目|主体|机构")
# Applicants that are public bodies, named as the head of an applicant clause ("…资金拨付至企业的地市科技管理部门"):
# a company cannot apply itself.
_PUBLIC_BODY = re.compile(
    r"的[^，,。；;的]{0,10}?(?:管理部门|主管部门|职能部门|人民政府|管委会|管理委员会|街道办事处)\s*$"
)
# A sentence outside any condition heading that says who applies ("由…运营机构为申报主体"): a condition
# in its own right, kept whole even when nothing in it is checkable.
_WHO_APPLIES = re.compile(
    r"为(?:申报|申请)(?:主体|对象|单位)|(?:申报|申请)(?:主体|对象|单位)(?:须|应|必须|原则上)?(?:为|是)(?!准|依据)"
)
_ALTERNATIVE = re.compile(r"或者|或")
_CLAUSE_ALTERNATIVE = re.compile(r"[，,]\s*(?:或者|或|以及其他)")
# Comparison words, longest first: "不低于" must not be read as "低于", nor "不超过" as "超过".
_BEFORE = (
    (re.compile(r"不低于|不少于|不小于|至少|达到|大于等于|≥"), ">="),
    (re.compile(r"不超过|不高于|不多于|最多|小于等于|≤|控制在"), "<="),
    (re.compile(r"超过|高于|大于|多于|＞|>"), ">"),
    (re.compile(r"低于|少于|不足|小于|未满|不满|＜|<"), "<"),
)
_AFTER = (
    (re.compile(r"^\s*(?:[(（]不含[)）]\s*以上|以上\s*[(（]不含[)）])"), ">"),
    (re.compile(r"^\s*(?:[(（]不含[)）]\s*(?:以下|以内)|(?:以下|以内)\s*[(（]不含[)）])"), "<"),
    (re.compile(r"^\s*(?:[(（]含[)）])?\s*(?:及|或)?以上"), ">="),
    (re.compile(r"^\s*(?:[(（]含[)）])?\s*(?:及|或)?(?:以下|以内|之内)"), "<="),
)
_RANGE = re.compile(r"^\s*(?:至|到|-|—|－|～|~)\s*")
_JOINT = re.compile(
    r"[\s、，,且并和及]*(?:在|为|达到|不低于|不少于|不超过|不高于|低于|高于|超过|少于|不足|大于|小于)?\s*"
)
_AFTER_WORD = re.compile(r"\s*(?:[(（]不?含[)）]|及以上|以上|及以下|以下|以内|之内)")
_CONTINUES = re.compile(r"\s*(?:且|并且|并|但|同时)")
_TIER = re.compile(r"^\s*(?:[(（]不?含[)）])?\s*(?:以上|以下|以内)?\s*的\s*$")
# "对(于)…的企业" / "将…的企业" / "凡…的企业": the part names whom a rule is for, not what is required.
_TOPIC = re.compile(r"^\s*(?:对于|对|将|凡是?)[^，,。；;]*的(?:企业|单位|项目|主体|机构)?\s*$")


def comparison(before: str, after: str) -> str | None:
    """The comparison a bound states: words just after the figure win over words just before it.

    None when neither says: "营业收入2000万元" alone may be a floor or a cap — ask, do not guess.
    """
    for pattern, op in _AFTER:
        if pattern.search(after[:8]):
            return op
    window = before[-8:]
    found = [(m.end(), op) for pattern, op in _BEFORE for m in pattern.finditer(window)]
    if found:
        end = max(e for e, _ in found)
        return next(op for e, op in found if e == end)  # the word nearest the figure (longest first)
    return None


def names_tier(clause: str) -> bool:
    """Whether ``clause`` names whom a rule is for ("对营业收入超过1亿元的企业"), so its figures are no requirement."""
    return _TOPIC.match(clause) is not None


def _num(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return number(text)
    except ValueError:
        return None


Reader = Callable[[re.Match[str]], float | None]


def _bounds(part: str, cue: re.Pattern[str], value: re.Pattern[str], read: Reader) -> list[tuple[str, float]]:
    """(op, value) bounds on figures that follow ``cue`` in ``part``.

    "A至B" gives both bounds; so does "A以上、B以下" — a second figure counts only when nothing but
    connectives and comparison words stand between it and the first (else it belongs to another word).
    A figure that ends its clause with 的 ("销售收入小于5000万元的，…") or stands in a clause that names
    whom a rule is for ("将营业收入不少于300万元的企业，…调整为…") says when a tier applies, not what is
    required, and is skipped.
    """
    cued = cue.search(part)
    if not cued or names_tier(part):
        return []
    found: list[tuple[str, float]] = []
    start = cued.start()
    for i, m in enumerate(value.finditer(part, cued.end())):
        if i == 0 and m.start() - cued.end() > 30:
            break
        if i > 0 and not _JOINT.fullmatch(part[start : m.start()]):
            break
        figure = read(m)
        if figure is None:
            break
        after = part[m.end() :]
        if _TIER.match(after):
            return []
        joint = _RANGE.match(after)
        nxt = value.match(part, m.end() + joint.end()) if joint else None
        if nxt and (upper := read(nxt)) is not None:
            return [(">=", figure), ("<=", upper)]
        op = comparison(part[start : m.start()], after)
        if op is None:
            break
        found.append((op, figure))
        start = m.end()
        while start < len(part) and _AFTER_WORD.match(part, start):
            start = _AFTER_WORD.match(part, start).end()
    return found


def _measure_word(part: str) -> str:
    """The measured quantity a clause part names (营业收入, 从业人员 …), for a next part that continues it."""
    for cue in (*(c for _, c in _MONEY_FIELDS), _RD_RATIO, _RD_STAFF, _EMPLOYEES):
        found = cue.search(part)
        if found:
            return found.group()
    return ""


def _money_of(m: re.Match[str]) -> float | None:
    return money_wan(m["n"] + m["unit"])


def _numbers(part: str) -> list[Predicate]:
    found: list[Predicate] = []
    for name, cue in _MONEY_FIELDS:
        if _RD_RATIO.search(part) and _PERCENT.search(part):
            break  # "研发费用占销售收入的比例": a ratio, not a revenue bound
        found += [Predicate(name, op, v, "万元") for op, v in _bounds(part, cue, _MONEY, _money_of)]
    percent = lambda m: _num(m["n"] or m["cn"])
    staff_ratio = _bounds(part, _RD_STAFF, _PERCENT, percent)
    found += [Predicate("rd_staff_ratio", op, v, "%") for op, v in staff_ratio]
    if not staff_ratio:
        found += [Predicate("rd_ratio", op, v, "%") for op, v in _bounds(part, _RD_RATIO, _PERCENT, percent)]
    found += _growth(part)
    persons = lambda m: _num(m["n"])
    rd_staff = _bounds(part, _RD_STAFF, _PERSONS, persons)
    found += [Predicate("rd_staff", op, v, "人") for op, v in rd_staff]
    if not rd_staff:
        found += [
            Predicate("employees", op, v, "人") for op, v in _bounds(part, _EMPLOYEES, _PERSONS, persons)
        ]
    months = lambda m: None if (v := _num(m["n"])) is None else v * (12 if m["unit"] == "年" else 1)
    found += [Predicate("rent_months", op, v, "个月") for op, v in _bounds(part, _RENT, _MONTHS, months)]
    return found


# A growth floor set anew ("平均增长率由原来的10%调整为3%", "…调整为正增长").
_SET_TO = re.compile(rf"(?:调整|降低|放宽|下调)(?:为|至)\s*(?:(?P<n>{_N})\s*(?:%|％)|(?P<positive>正增长))")


def _growth(part: str) -> list[Predicate]:
    """Bounds on revenue growth; another measure's growth alone ("出口额增速") is not it."""
    if not _GROWTH.search(part) or (_OTHER_GROWTH.search(part) and not _MONEY_FIELDS[0][1].search(part)):
        return []
    if set_to := _SET_TO.search(part):
        if set_to["positive"]:
            return [Predicate("revenue_growth", ">", 0.0, "%")]
        value = _num(set_to["n"])
        return [] if value is None else [Predicate("revenue_growth", ">=", value, "%")]
    percent = lambda m: _num(m["n"] or m["cn"])
    return [Predicate("revenue_growth", op, v, "%") for op, v in _bounds(part, _GROWTH, _PERCENT, percent)]


def _years(part: str) -> list[Predicate]:
    found = _YEARS.search(part)
    if not found or (value := _num(found["n"])) is None:
        return []
    word, tail, incl = found["op"] or "", found["tail"] or "", found["incl"]
    if word in ("不满", "未满", "不足", "少于"):
        op = "<"
    elif word == "不超过" or tail in ("以内", "以下", "之内"):
        op = "<" if incl == "不含" else "<="
    elif word == "超过":
        op = ">"
    elif word in ("满", "已满", "不少于") or tail in ("以上", "及以上"):
        op = ">" if incl == "不含" else ">="
    else:
        return []  # "成立3年" alone: at least, at most or exactly? ask
    return [Predicate("years_established", op, value, "年")]


def _founded(part: str) -> list[Predicate]:
    for pattern in _FOUNDED:
        found = pattern.search(part)
        if found:
            month, day = int(found["m"] or 1), int(found["d"] or 1)
            if not (1 <= month <= 12 and 1 <= day <= 31):
                return []
            when = f"{int(found['y']):04d}-{month:02d}-{day:02d}"
            # 以后/之后/起 count the day itself; 以前/之前/前 do not ("2020年1月1日前成立" excludes that day).
            op = "<" if found["rel"] in ("以前", "之前", "前") else ">="
            return [Predicate("founded", op, when, "date")]
    return []


_AND_TAX = re.compile(r"(?:注册|登记|设立)(?:并|和|及|、)(?:依法)?(?:纳税|缴税)")
_OWN_WORDS = ("本区", "本市", "本县", "本省", "全区", "全市", "全省")


def _place_chain(place: str, doc_chain: Chain) -> list[Chain]:
    """Chains a condition's place words name; 本区/本市 are the document's own district or city."""
    if place[:2] in _OWN_WORDS:
        own = own_place(place[:2], doc_chain)
        return [own] if own else []
    return list(places_in(place, context=(doc_chain,) if doc_chain else ()))


def _place_predicates(part: str, doc_chain: Chain) -> list[Predicate]:
    def make(field: str, chains: list[Chain]) -> list[Predicate]:
        chains = [c for c in chains if c]
        if not chains:
            return []
        if len(chains) == 1:
            return [Predicate(field, "in", chains[0])]
        return [Predicate("any", "any", [asdict(Predicate(field, "in", c)) for c in chains])]

    for pattern in _PROJECT_PLACE:
        if (found := pattern.search(part)) and (chains := _place_chain(found["place"], doc_chain)):
            return make("project_place", chains)
    if found := _BOTH_PLACES.search(part):
        chains = _place_chain(found["place"], doc_chain)
        if not any(chains):  # "均在园区范围内": one area the gazetteer cannot name
            return [Predicate("tax_place", "same", found["place"])]
        return make("registered_place", chains) + make("tax_place", chains)
    found_tax = _TAX_PLACE.search(part)
    result = make("tax_place", _place_chain(found_tax["place"], doc_chain)) if found_tax else []
    for pattern in _REGISTERED:
        found = pattern.search(part)
        if found and not (found_tax and found.start() >= found_tax.start()):
            chains = _place_chain(found["place"], doc_chain)
            result += make("registered_place", chains)
            if not found_tax and _AND_TAX.search(part):
                result += make("tax_place", chains)  # "在西安市境内注册并纳税"
            if chains:
                break
    return result


def _certificates(part: str) -> list[Predicate]:
    if _CERT_EXTRA.search(part):
        return []  # "2023年度认定的", "首次": a qualifier the profile cannot express
    import jieba  # lazy, as in knowledge.facts.places

    starts = set(itertools.accumulate((len(w) for w in jieba.cut(part, HMM=False)), initial=0))
    found: dict[str, Predicate] = {}
    for written, name in CERTIFICATES.items():
        at = part.find(written)
        if at < 0 or name in found or at not in starts:
            continue  # not a word of its own: 国高 in 中国高新区
        if part.count("《", 0, at) > part.count("》", 0, at):
            continue  # named inside a document title: 《…专精特新中小企业标准》
        before = part[max(0, at - 10) : at]
        if _CERT_NOT_YET.search(before):
            continue  # "尚未获得国高新的企业应在一年内…": an obligation for later, not a condition now
        negated = bool(_CERT_NOT.search(before))
        if negated or _HOLDS.search(before[-_HOLDS_REACH:]):
            found[name] = Predicate("qualifications", "not_has" if negated else "has", name)
    return list(found.values())


# The company's size class ("申报企业应为中小企业", "须属于小微企业"); 科技型/创新型/专精特新中小企业 are certificates.
_SIZE = re.compile(
    r"(?:应为|须为|必须为|必须是|应是|属于)[^，,。；;]{0,4}?(?<![型新])(?P<size>中小微|中小|小微)型?企业"
)
SIZES = {"大型": ("大型",), "中型": ("中型",), "小型": ("小型",), "微型": ("微型",)}
SIZES |= {"中小": ("中型", "小型", "微型"), "小微": ("小型", "微型"), "中小微": ("中型", "小型", "微型")}


def _size(part: str) -> list[Predicate]:
    found = _SIZE.search(part)
    return [Predicate("size", "in", SIZES[found["size"]])] if found else []


def _flags(part: str) -> list[Predicate]:
    found = []
    if _LEGAL.search(part):
        found.append(Predicate("independent_legal_person", "==", True))
    if _CREDIT.search(part):
        found.append(Predicate("credit_ok", "==", True))
    elif not found and _FORBIDS.search(part):
        for pattern, label in _DECLARATIONS:
            if pattern.search(part):
                found.append(Predicate("declaration", "confirm", label))
                break
    return found


# Kinds of company a condition leaves out: "(…,不含高尔夫、房地产类企业)", "不包括金融类企业".
# A place left out ("不含示例合作区的企业") names no kind (no 的 inside).
_EXCLUDED = re.compile(
    r"(?:不含|不包括|不包含|除)(?P<kinds>[\u4e00-\u9fff、]{2,24}?)(?:类|行业)(?:企业|单位|公司)"
)


def _period(part: str) -> list[Predicate]:
    found = _PERIOD.search(part)
    if not found or not found["ay"]:
        return []
    start_year, end_year = int(found["ay"]), int(found["by"] or found["ay"])
    start = (start_year, int(found["am"]), int(found["ad"] or 1))
    end = (end_year, int(found["bm"]), int(found["bd"] or 31))
    if not (1 <= start[1] <= 12 and 1 <= end[1] <= 12) or end < start:
        return []
    first, last = (f"{y:04d}-{m:02d}-{d:02d}" for y, m, d in (start, end))
    return [Predicate("period", "between", (first, last), "date")]


def _excluded(part: str) -> list[Predicate]:
    found = [m for m in _EXCLUDED.finditer(part) if "的" not in m["kinds"]]
    kinds = tuple(k for m in found for k in m["kinds"].split("、") if len(k) >= 2)
    return [Predicate("kind", "not_in", kinds)] if kinds else []


def predicates(part: str, doc_chain: Chain = ()) -> list[Predicate]:
    """Checkable predicates stated by one clause part; conditions joined by 或 become one "any".

    A 或 between kinds of applicants ("企业或社会团体") joins nothing checkable and changes nothing.
    """
    pieces = [p for p in _ALTERNATIVE.split(part) if p.strip()]
    if len(pieces) > 1:
        alternatives = [a for a in (_single(piece, doc_chain) for piece in pieces) if a]
        if len(alternatives) > 1:
            if all(len(a) == 1 for a in alternatives) and len(alternatives) == len(pieces):
                unique = list(dict.fromkeys(a[0] for a in alternatives))
                if len(unique) == 1:
                    return unique  # "列入失信被执行人名单或严重失信主体名单": one condition
                return [Predicate("any", "any", [asdict(p) for p in unique])]
            return []  # alternatives of several conditions each: ask a person
    return _single(part, doc_chain)


def _single(part: str, doc_chain: Chain) -> list[Predicate]:
    return (
        _place_predicates(part, doc_chain)
        + _founded(part)
        + _years(part)
        + _numbers(part)
        + _certificates(part)
        + _size(part)
        + _flags(part)
        + _excluded(part)
        + _period(part)
    )


# ------------------------------------------------------------------ regions
def _regions(text: str, sections: Sequence[Section]) -> list[tuple[int, int, bool]]:
    """(start, end, strong) of the text under condition headings, from the text and the section tree."""
    regions: list[tuple[int, int, bool]] = []
    for found in _HEADING.finditer(text):
        name = found["name"]
        if _NOT_CONDITIONS.search(name.replace(found["cue"], "")) and not re.search(_STRONG, name):
            continue
        strong = bool(re.fullmatch(_STRONG, found["cue"]))
        marker = (found["marker"] or found["inline"] or "").replace("）", ")")
        level = "章" if marker.endswith("章") else "条" if marker.endswith("条") else marker[-1:]
        nxt = re.compile(_LEVELS.get(level, _ANY_HEADING)).search(text, found.end())
        end = min(nxt.start() if nxt else len(text), found.end() + _MAX_REGION)
        regions.append((found.end(), end, strong))
    for section in sections:
        heading = section.path[-1] if section.path else ""
        cue = re.search(f"{_STRONG}|{_WEAK}", heading)
        if (
            cue
            and len(section.path) > 1
            and not (_NOT_CONDITIONS.search(heading) and not re.search(_STRONG, heading))
        ):
            body = text.find("\n", section.start, section.end)
            regions.append(
                (body + 1 if body >= 0 else section.start, section.end, bool(re.search(_STRONG, heading)))
            )
    merged: list[tuple[int, int, bool]] = []
    for start, end, strong in sorted(regions):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(end, last[1]), last[2] or strong)
        else:
            merged.append((start, end, strong))
    return merged


# A row of a table of materials ("1 | 申报表 | 签字要求:是") or a mark of a page cut short: no condition.
_MATERIAL_ROW = re.compile(
    r"\|.*(?:材料|签字|盖章|上传|序号)|(?:材料|签字|盖章|上传|序号).*\||^\s*[\[［]?以下内容截断|truncated"
)


def _items(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, text) of the numbered items / sentences in ``text[start:end]``; rows of a materials table left out."""
    items = []
    pos = start
    for item in _ITEM_SPLIT.split(text[start:end]):
        at = text.find(item, pos, end) if item else -1
        if at < 0:
            continue
        pos = at + len(item)
        if len(item.strip()) >= 4 and not (
            _HEADING_ITEM.search(item.strip())
            or _HEADING_ONLY.match(item.strip())
            or _MATERIAL_ROW.search(item)
        ):
            items.append((at, item))
    return items


def find_conditions(
    meta: DocumentMeta, text: str, doc: Doc | None, sections: Sequence[Section]
) -> list[Condition]:
    """Eligibility conditions in text order; parts without a predicate keep their raw text.

    ``doc`` (the spaCy parse) is not needed: figures here are read with their comparison words.
    """
    doc_chain = place_chain(meta.region, meta.title, meta.issuer)
    conditions: list[tuple[int, Condition]] = []
    seen: set[str] = set()
    covered: list[tuple[int, int]] = []
    routed, group = _route_group(meta, text, sections, doc_chain)
    if group:
        conditions.append((group.span.start, group))
    for start, end, strong in _regions(text, sections):
        covered.append((start, end))
        items = [(at, item) for at, item in _items(text, start, end) if not _overlaps(at, item, routed)]
        first = _either_from(text, start, items)
        if first is not None:
            either = _either_group(meta, text, sections, items[first:], doc_chain, strong)
            if either:  # the lead that says so is no condition of its own
                items = [(at, item) for at, item in items[:first] if not _EITHER_LEAD.search(item)]
            conditions += [(either.span.start, either)] if either else []
        for at, item in items:
            keep = strong or bool(_STATES.search(item))
            conditions += _item_conditions(
                meta, text, sections, item, at, doc_chain, seen, keep_raw=keep, keep_shares=True
            )
    conditions += _title_conditions(meta, text, sections, doc_chain, seen)
    for at, item in _items(text, 0, len(text)):
        if any(s <= at < e for s, e in covered) or any(s <= at < e for s, e in routed):
            continue
        offset = at
        for part in _PART_SPLIT.split(item):  # the clause that says who applies, kept whole
            if _WHO_APPLIES.search(part):
                conditions += _item_conditions(
                    meta, text, sections, part, offset, doc_chain, seen, keep_raw=True
                )
            offset += len(part) + 1
        if _ANYWHERE.search(item) and _APPLICANT.search(item):
            conditions += _item_conditions(meta, text, sections, item, at, doc_chain, seen, keep_raw=False)
    return [c for _, c in sorted(conditions, key=lambda pair: pair[0])]


# ------------------------------------------------------------------ any one of
# "申报范围(符合其一即可)", "符合下列条件之一:": the items that follow are alternatives.
_EITHER = re.compile(r"其一|之一|任一|任何一")
_EITHER_LEAD = re.compile(r"(?:下列|以下|如下)[^，,。；;]{0,8}?(?:之一|其一|任一)")


def _overlaps(at: int, item: str, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < at + len(item) and at < e for s, e in spans)


def _either_from(text: str, start: int, items: list[tuple[int, str]]) -> int | None:
    """Index of the first of ``items`` that is one alternative of several: 0 when the heading above the region
    says so, the item after a lead that says so, else None."""
    heading = text[text.rfind("\n", 0, max(start - 1, 0)) + 1 : start]
    if _EITHER.search(heading):
        return 0
    lead = next((i for i, (_, item) in enumerate(items) if _EITHER_LEAD.search(item)), None)
    return None if lead is None else lead + 1


def _either_group(
    meta: DocumentMeta,
    text: str,
    sections: Sequence[Section],
    items: list[tuple[int, str]],
    doc_chain: Chain,
    strong: bool,
) -> Condition | None:
    """Items any one of which suffices, as one condition: each item met when all its conditions are, the group
    met when one item is, failed when every one fails. None when fewer than two items check anything."""
    alternatives: list[Predicate] = []
    for at, item in items:
        found = _item_conditions(meta, text, sections, item, at, doc_chain, set(), keep_raw=True)
        required = [c.predicate or Predicate("confirm", "confirm", c.text) for _, c in found]
        if required:
            alternatives.append(_all(_distinct(required)))
    if len(alternatives) < 2 or all(p.field == "confirm" for p in alternatives):
        return None
    span = make_span(meta.doc_id, text, items[0][0], items[-1][0] + len(items[-1][1]), sections)
    words = "；".join(squash(item).strip("；;，,。") for _, item in items)
    return Condition(
        text=f"符合下列情形之一：{words}",
        span=span,
        predicate=Predicate("any", "any", [asdict(p) for p in alternatives]),
    )


# ------------------------------------------------------------------ routes
# A tier a notice grants something to: "营业收入15亿元以上,增速10%以上的,按…奖励", "…且上年度销售不超过3000万元
# 的可申领…". The words before 的 say who gets it; the grant word after it says it is granted.
_GRANT = re.compile(
    r"(?:的(?:企业|单位|项目|主体)?|企业|单位)\s*[，,]?\s*"
    r"(?:可(?:独立|分别)?(?:申领|申请|享受|获得|给予)|按|(?:分别)?给予|予以|一次性)"
)
# Where a tier starts: after a bracket, a sentence end, or the clause that granted the one before it.
_ROUTE_BREAK = re.compile(r"[（(；;。\n]")
_ROUTE_LEAD = re.compile(r"^\s*(?:[^:：，,]{0,8}[:：])?\s*(?:对于|对|凡是?|其中)?\s*")
_CONJUNCT = re.compile(r"[，,]|且|并且|同时")
_GIVEN = re.compile(r"给予|予以|一次性|申领|享受|获得")  # a grant, not a manner ("企业按要求提交")
_KIND_WORDS = {
    "first": re.compile(r"首次|初次|(?<!重)新认定|新获认定"),
    "again": re.compile(r"重新认定|再次认定|复核"),
}


def _route_certificates(piece: str) -> list[Predicate]:
    """Certificates a tier names as its subject ("首次认定为高新技术企业"): held, and of which award."""
    found: list[Predicate] = []
    for written, name in CERTIFICATES.items():
        at = piece.find(written)
        if at < 0 or any(p.value == name for p in found) or _CERT_NOT.search(piece[max(0, at - 10) : at]):
            continue
        found.append(Predicate("qualifications", "has", name))
        kinds = [kind for kind, words in _KIND_WORDS.items() if words.search(piece)]
        if len(kinds) == 1:
            found.append(Predicate("award", kinds[0], name))
    return found


def _conjunct(piece: str, doc_chain: Chain) -> list[Predicate]:
    """What one conjunct of a tier requires; kinds listed with 、 are alternatives, one of them unknown when
    nothing checks it ("双创平台企业、国家科技型中小企业")."""
    found = predicates(piece, doc_chain)
    held = [p.value for p in found if p.field == "qualifications" and p.op == "has"]
    found = [p for p in found if p.value not in held] + [
        p for p in _route_certificates(piece) if not found or p.value in held
    ]
    kinds = [k for k in piece.split("、") if len(k.strip()) >= 2]
    if len(kinds) < 2 or not found or any(p.field not in ("qualifications", "award") for p in found):
        return found
    alternatives = []
    named = next((str(p.value) for p in found if p.field == "qualifications"), "")
    for kind in kinds:
        award = any(words.search(kind) for words in _KIND_WORDS.values())
        each = _route_certificates(kind) or (_route_certificates(kind + named) if award and named else [])
        alternatives.append(_all(each) if each else Predicate("confirm", "confirm", kind.strip()))
    return [Predicate("any", "any", [asdict(a) for a in alternatives])]


def _distinct(found: list[Predicate]) -> list[Predicate]:
    """``found`` without repeats, in order (predicates holding lists are not hashable)."""
    return [p for i, p in enumerate(found) if p not in found[:i]]


def _all(found: list[Predicate]) -> Predicate:
    return found[0] if len(found) == 1 else Predicate("all", "all", [asdict(p) for p in found])


def _requires(tier: str, doc_chain: Chain, named: str) -> list[Predicate]:
    """What one tier requires, conjunct by conjunct; "重新认定的" names the award of the one certificate
    the item names (``named``)."""
    required: list[Predicate] = []
    last: list[Predicate] = []
    for piece in (c for c in _CONJUNCT.split(tier) if c.strip()):
        found = _conjunct(piece, doc_chain)
        if not found and named and any(words.search(piece) for words in _KIND_WORDS.values()):
            found = _route_certificates(piece + named)
        if found and last and re.match(r"\s*或", piece):  # "…50万元以上,或研发占比达到10%以上": either
            required = required[: -len(last)]
            found = [Predicate("any", "any", [asdict(_all(last)), asdict(_all(found))])]
        required += found
        last = found
    return required


def _tiers(tier: str, doc_chain: Chain, named: str) -> list[tuple[str, list[Predicate]]]:
    """A tier split where 、 starts another one that repeats a figure's measure ("首次认定…不超过5000万元、重新
    认定的且…不超过3000万元"); a piece that checks nothing joins the next ("双创平台企业、国家科技型…"), one
    that checks another measure or only a certificate joins the one before ("营业收入10亿元以上、增速15%以上",
    "新认定、复核通过的高企")."""
    found: list[tuple[str, list[Predicate]]] = []
    pending = ""
    for piece in tier.split("、"):
        text = f"{pending}、{piece}" if pending else piece
        required = _requires(text, doc_chain, named)
        fields = {p.field for p in required} - {"confirm", "any"}
        if not fields:
            pending = text
            continue
        pending = ""
        if found and not fields & {p.field for p in found[-1][1]} - {"qualifications", "award"}:
            text = f"{found[-1][0]}、{text}"
            found[-1] = (text, _requires(text, doc_chain, named))
        else:
            found.append((text, required))
    if pending and found:
        text = f"{found[-1][0]}、{pending}"
        found[-1] = (text, _requires(text, doc_chain, named))
    return found


def _routes(item: str, doc_chain: Chain) -> list[tuple[str, Predicate]]:
    """(tier text, what it requires) of every tier in one item; a tier nothing checks that is granted something
    ("对于新增隐形冠军的企业,给予…") is one more alternative, for the company's words or a person to confirm."""
    found: list[tuple[str, Predicate]] = []
    start = 0
    for grant in _GRANT.finditer(item):
        named = [(item.rfind(w, 0, grant.start()), name) for w, name in CERTIFICATES.items() if w in item]
        last = max(named, default=(-1, ""))  # the certificate named last before the grant
        breaks = [
            m.end()
            for m in _ROUTE_BREAK.finditer(item, start, grant.start())
            if m.group() not in "(（" or not re.search(r"[)）]", item[m.end() : grant.start()])
        ]  # a bracket closed before the grant is an aside, no start
        said = item[breaks[-1] if breaks else start : grant.start()]
        said = re.sub(r"^\s*[(（][一二三四五六七八九十\d]+[)）]", "", said)  # "(一)初次认定…"
        said = said[_ROUTE_LEAD.match(said).end() :]
        tier = re.sub(r"[(（][^()（）]*[)）]", "", said)  # "重新认定(即…)为高企": the aside is no tier
        tier = re.split(r"[)）]", tier)[-1]
        nxt = re.compile(r"[，,；;。)）]").search(item, grant.end())
        start = nxt.end() if nxt else len(item)
        granted = item[grant.start() : nxt.start() if nxt else len(item)]  # "的…,可申领…5万元的创新券"
        tiers = _tiers(tier, doc_chain, last[1] if last[0] >= 0 else "")
        checked = [(text, req) for text, req in tiers if any(p.field != "confirm" for p in req)]
        for text, required in checked:
            shown = said if len(tiers) == 1 else text  # the aside kept where the tier is not split
            found.append((shown.strip() + granted, _all(required)))
        if not checked and len(tier.strip()) >= 4 and _GIVEN.search(grant.group()):
            found.append((said.strip() + granted, Predicate("confirm", "confirm", squash(said).strip())))
    return found


def _route_group(
    meta: DocumentMeta, text: str, sections: Sequence[Section], doc_chain: Chain
) -> tuple[list[tuple[int, int]], Condition | None]:
    """The tiers a notice grants to, as one condition met by any one of them (failed when every one fails),
    and the (start, end) of the items they came from."""
    items: list[tuple[int, int]] = []
    routes: list[tuple[str, Predicate]] = []
    for at, item in _items(text, 0, len(text)):
        found = _routes(item, doc_chain)
        if found:
            items.append((at, at + len(item)))
            routes += found
    if all(p.field == "confirm" for _, p in routes):
        return [], None  # nothing checkable: the items stay conditions of their own
    span = make_span(meta.doc_id, text, items[0][0], items[-1][1], sections)
    unique = _distinct([p for _, p in routes])
    if len(unique) == 1:
        return items, Condition(text=squash(routes[0][0]), span=span, predicate=unique[0])
    words = "；".join(dict.fromkeys(squash(tier) for tier, _ in routes))
    group = Predicate("any", "any", [asdict(p) for p in unique])
    return items, Condition(text=f"符合下列情形之一：{words}", span=span, predicate=group)


# A title that names its applicants with a bound ("支持上年度进出口额6500万美元以下企业开拓市场"): a condition too.
_TITLE_APPLICANTS = re.compile(
    rf"(?:{_N})\s*(?:亿|万)?\s*(?:美元|元|人|%|％)\s*(?:及|或)?(?:以下|以上)(?:的)?[\u4e00-\u9fff]{{0,6}}?(?:企业|单位)"
)


def _title_conditions(
    meta: DocumentMeta, text: str, sections: Sequence[Section], doc_chain: Chain, seen: set[str]
) -> list[tuple[int, Condition]]:
    """The title's words naming its applicants, where the title opens the text."""
    at = text.find(meta.title, 0, 200) if meta.title else -1
    if at < 0:
        return []
    for part in re.finditer(r"\S+", meta.title):
        if _TITLE_APPLICANTS.search(part[0]):
            start = at + part.start()
            return _item_conditions(meta, text, sections, part[0], start, doc_chain, seen, keep_raw=True)
    return []


# A rule for one tier of applicants ("将营业收入不少于300万元的企业,近两年营业收入平均增长率…调整为3%"):
# required only of companies in the tier.
_TIER_HEAD = re.compile(r"^\s*(?:对于|对|将|凡是?)(?P<tier>[^，,。；;]*?)的(?:企业|单位|项目|主体|机构)?\s*$")


def _implication(item: str, doc_chain: Chain) -> Predicate | None:
    """ "when" (tier, requirement) of an item whose part names a tier and whose later parts require something."""
    parts = _PART_SPLIT.split(item)
    for i, part in enumerate(parts):
        head = _TIER_HEAD.match(part)
        tier = predicates(head["tier"], doc_chain) if head else []
        required = [p for later in parts[i + 1 :] for p in predicates(later, doc_chain)] if tier else []
        if required:
            return Predicate("when", "when", [asdict(_all(tier)), asdict(_all(required))])
    return None


def _item_conditions(
    meta: DocumentMeta,
    text: str,
    sections: Sequence[Section],
    item: str,
    item_start: int,
    doc_chain: Chain,
    seen: set[str],
    *,
    keep_raw: bool,
    keep_shares: bool = False,
) -> list[tuple[int, Condition]]:
    """One numbered item split into clause parts; each part with predicates becomes its own condition.

    Parts without predicates are kept as raw text when ``keep_raw`` (every item of the section is a
    condition), or when ``keep_shares`` and the run follows a condition of the item, or a part naming
    the tier it is for, and states a percentage ("将营业收入不少于300万元的企业,近两年营业收入平均增长率由
    10%调整为3%": one rule for companies of that size, kept whole)."""
    if keep_raw and (body := _PUBLIC_BODY.search(item.rstrip())):  # one condition, read whole
        applicant = Predicate("applicant", "public_body", body.group().lstrip("的"))
        found = _condition(meta, text, sections, item_start, item_start + len(item.rstrip()), applicant, seen)
        return [(found.span.start, found)] if found else []
    if rule := _implication(item, doc_chain):  # one condition, read whole
        found = _condition(meta, text, sections, item_start, item_start + len(item.rstrip()), rule, seen)
        return [(found.span.start, found)] if found else []
    result: list[tuple[int, Condition]] = []
    raw: tuple[int, int] | None = None
    after_condition = False
    offset = item_start
    # "…注册在本区的企业,或主要活动在徐汇区的": no part alone binds
    either = bool(_CLAUSE_ALTERNATIVE.search(item))
    carried = ""
    checked_before = False
    for part in _PART_SPLIT.split(item):
        part_start = offset
        offset += len(part) + 1
        preds = [] if either else predicates(part, doc_chain)
        if not preds and carried and _CONTINUES.match(part):
            preds = predicates(carried + part, doc_chain)  # "营业收入不低于1000万元，且不超过4亿元"
        if not preds and checked_before and _CITES.fullmatch(part):
            continue  # "应为中小企业,符合《…划型标准规定》": the standard of the condition just checked
        checked_before = bool(preds)
        carried = _measure_word(part) or (carried if preds else "")
        if not preds:
            raw = (raw[0] if raw else part_start, part_start + len(part))
            # "将营业收入不少于300万元的企业,…由10%调整为3%": a rule for one tier, kept whole for a person
            after_condition = after_condition or bool(names_tier(part) and carried)
            continue
        if raw and (keep_raw or (keep_shares and after_condition and _PERCENT.search(text, *raw))):
            result.append(_condition(meta, text, sections, *raw, None, seen))
        raw, after_condition = None, True
        for pred in preds:
            result.append(_condition(meta, text, sections, part_start, part_start + len(part), pred, seen))
    if raw and (keep_raw or (keep_shares and after_condition and _PERCENT.search(text, *raw))):
        result.append(_condition(meta, text, sections, *raw, None, seen))
    return [(c.span.start, c) for c in result if c is not None]


def _condition(
    meta: DocumentMeta,
    text: str,
    sections: Sequence[Section],
    start: int,
    end: int,
    predicate: Predicate | None,
    seen: set[str],
) -> Condition | None:
    span = make_span(meta.doc_id, text, start, end, sections)
    clean = squash(span.text).strip(";；,，。:：")
    key = f"{clean}|{predicate}"
    if len(clean) < 4 or key in seen:
        return None
    seen.add(key)
    return Condition(text=clean, span=span, predicate=predicate)
