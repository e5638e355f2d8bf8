"""What one clause part of a condition requires: checkable predicates, read without guessing.

Places of registration, of taxes and of the project itself (resolved through the gazetteer; 本区/本市 through
the document's own chain), counts, money, ratios, revenue growth, years since founding, founding dates, the
period supported events fall in, certificates, size class, two flags (credit, independent legal person),
kinds of company left out (不含房地产类企业: a ``kind`` predicate) and declarations only the company can make
(无违法违规记录, 项目已结题: a ``declaration`` predicate, 需确认 unless the company says otherwise).
Alternatives ("…以下或…以下") become one "any"; a figure without a comparison word is no predicate.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import asdict

from knowledge.facts.bounds import figure_bounds, names_tier
from knowledge.facts.certified import CERTIFICATES
from knowledge.facts.model import Predicate
from knowledge.facts.numbers import NUMERAL, money_wan, number
from knowledge.facts.places import Chain, is_own_word, own_place, places_in

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
PERIOD = re.compile(
    rf"{_DAY_OF.format('a')}\s*(?:至|到|—|－|~|-)+\s*{_DAY_OF.format('b')}\s*(?:[(（]含[)）])?[^，,；;。]{{0,4}}?(?:{_EVENTS})"
)
_MONEY = re.compile(rf"(?P<n>{_N})\s*(?P<unit>亿元|万元|千元|亿|万|元)")
PERCENT = re.compile(rf"(?P<n>{_N})\s*(?:%|％)|百分之(?P<cn>{_N})")
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
# How long the project may run: "项目实施周期在两年内", "执行期原则上不超过3年" ("为3年" alone: ask).
_TERM = re.compile(
    rf"(?:实施周期|项目周期|执行期|执行周期|建设周期|实施期限)[^，,。；;\d]{{0,6}}?"
    rf"(?P<op>不超过|不得超过|不超出|最长|在|为)?\s*(?P<n>{_N})\s*(?:个)?\s*(?P<unit>年|月)(?P<tail>以内|之内|内)?"
)
_CERT_EXTRA = re.compile(r"\d{4}|首次|省级|市级|国家级|区级|或|重新认定|复核|当年")
CERT_NOT = re.compile(r"(?:非|不属于|未被认定为?|尚未认定为?|不是|未获)\s*(?:国家(?:级)?)?$")
_CERT_NOT_YET = re.compile(r"(?:尚未|还未|暂未|还没有?)[^，,。；;]{0,4}$")
# A word of holding governs the certificate right after it ("须为…", "已认定的…"), not one a clause later
# ("在获得支持一年内国高新资质应保持有效").
_HOLDS_REACH = 6
_HOLDS = re.compile(r"是|为|属于|获得|取得|获评|评为|获批|认定|具有|具备|拥有|入选|有效期内")
_LEGAL = re.compile(r"独立法人|独立的法人|独立承担民事责任")
# Applicants above the statistical size threshold: "规模以上工业企业", "规上其他营利性服务业企业".
_ABOVE_SCALE = re.compile(r"(?:规上|规模以上)[^，,。；;]{0,16}?(?:企业|单位)")
_CREDIT = re.compile(r"失信|信用记录|信用状况|信用良好|社会信用|黑名单|信用中国")
# Declarations only the company can make; the label says what to confirm.
NO_RECORD = "近年无违法违规或重大事故记录"
_DECLARATIONS = (
    (re.compile(r"违法|违规|行政处罚|安全生产事故|安全事故|环保事故|质量事故|重大事故|刑事|欠薪|偷税|骗税|逃废债|涉黑|涉恶"), NO_RECORD),
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
# Words that forbid, or an authority's check for what is forbidden ("核实企业是否存在…恶意欠薪").
_FORBIDS = re.compile(r"无|未|不得|没有|不存在|不予|不再|严禁|禁止|不能|不重复|是否存在")
_ALTERNATIVE = re.compile(r"或者|或")


def _num(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return number(text)
    except ValueError:
        return None


def measure_word(part: str) -> str:
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
        if _RD_RATIO.search(part) and PERCENT.search(part):
            break  # "研发费用占销售收入的比例": a ratio, not a revenue bound
        found += [Predicate(name, op, v, "万元") for op, v in figure_bounds(part, cue, _MONEY, _money_of)]
    percent = lambda m: _num(m["n"] or m["cn"])
    staff_ratio = figure_bounds(part, _RD_STAFF, PERCENT, percent)
    found += [Predicate("rd_staff_ratio", op, v, "%") for op, v in staff_ratio]
    if not staff_ratio:
        found += [
            Predicate("rd_ratio", op, v, "%") for op, v in figure_bounds(part, _RD_RATIO, PERCENT, percent)
        ]
    found += _growth(part)
    persons = lambda m: _num(m["n"])
    rd_staff = figure_bounds(part, _RD_STAFF, _PERSONS, persons)
    found += [Predicate("rd_staff", op, v, "人") for op, v in rd_staff]
    if not rd_staff:
        found += [
            Predicate("employees", op, v, "人")
            for op, v in figure_bounds(part, _EMPLOYEES, _PERSONS, persons)
        ]
    months = lambda m: None if (v := _num(m["n"])) is None else v * (12 if m["unit"] == "年" else 1)
    term = _TERM.search(part)
    if term and (term["tail"] or term["op"] in ("不超过", "不得超过", "不超出", "最长")) and months(term) is not None:
        found.append(Predicate("project_months", "<=", months(term), "个月"))
    found += [
        Predicate("rent_months", op, v, "个月") for op, v in figure_bounds(part, _RENT, _MONTHS, months)
    ]
    return found


# A growth floor set anew ("平均增长率由原来的10%调整为3%", "…调整为正增长").
_SET_TO = re.compile(rf"(?:调整|降低|放宽|下调)(?:为|至)\s*(?:(?P<n>{_N})\s*(?:%|％)|(?P<positive>正增长))")


# Growth required without a figure ("近三年须保持正增长", "具有一定的增长性(正增长)", "营业收入和利润总额稳步
#提升"): above zero, for revenue and for profit as named.
_POSITIVE = "正增长"
_STEADY = re.compile(r"稳步(?:提升|增长|提高)|持续增长|逐年(?:增长|提升)|保持增长|稳定增长")
_PROFIT = re.compile(r"利润")


def _growth(part: str) -> list[Predicate]:
    """Bounds on revenue growth (and on profit growth said without a figure); another measure's growth alone
    ("出口额增速") is not it."""
    if _STEADY.search(part) and not _GROWTH.search(part):
        fields = [f for f, cue in (("revenue_growth", _MONEY_FIELDS[0][1]), ("profit_growth", _PROFIT)) if cue.search(part)]
        return [Predicate(f, ">", 0.0, "%") for f in fields]
    if _OTHER_GROWTH.search(part) and not _MONEY_FIELDS[0][1].search(part):
        return []
    if not _GROWTH.search(part):
        return [Predicate("revenue_growth", ">", 0.0, "%")] if _POSITIVE in part else []
    if set_to := _SET_TO.search(part):
        if set_to["positive"]:
            return [Predicate("revenue_growth", ">", 0.0, "%")]
        value = _num(set_to["n"])
        return [] if value is None else [Predicate("revenue_growth", ">=", value, "%")]
    percent = lambda m: _num(m["n"] or m["cn"])
    return [
        Predicate("revenue_growth", op, v, "%") for op, v in figure_bounds(part, _GROWTH, PERCENT, percent)
    ]


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


def _place_chain(place: str, doc_chain: Chain) -> list[Chain]:
    """Chains a condition's place words name; 本区/本市 are the document's own district or city."""
    if is_own_word(place[:2]):
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
        negated = bool(CERT_NOT.search(before))
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
    if _ABOVE_SCALE.search(part) and not names_tier(part):
        found.append(Predicate("above_scale", "==", True))
    return found


# Kinds of company a condition leaves out: "(…,不含高尔夫、房地产类企业)", "不包括金融类企业".
# A place left out ("不含示例合作区的企业") names no kind (no 的 inside).
_EXCLUDED = re.compile(
    r"(?:不含|不包括|不包含|除)(?P<kinds>[\u4e00-\u9fff、]{2,24}?)(?:类|行业)(?:企业|单位|公司)"
)


def _period(part: str) -> list[Predicate]:
    found = PERIOD.search(part)
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


def distinct(found: list[Predicate]) -> list[Predicate]:
    """``found`` without repeats, in order (predicates holding lists are not hashable)."""
    return [p for i, p in enumerate(found) if p not in found[:i]]


def all_of(found: list[Predicate]) -> Predicate:
    """One predicate met when every one of ``found`` is (the one itself when alone)."""
    return found[0] if len(found) == 1 else Predicate("all", "all", [asdict(p) for p in found])
