"""One predicate of a condition held against what a company said about itself: ``check`` → outcome and reason.

The outcome is 符合 (met), 不符合 (failed) or 需确认 (unknown: a declaration only the company can make, or a
fact the profile does not state), the reason in Chinese. The company's own words settle some predicates no
field does: an incident it says it had fails a no-record declaration, a kind of company it says it is fails a
condition that leaves that kind out, a month it names for its event settles a period, and what it says of its
certificate settles a first or renewed award. Compound predicates: "any" (one alternative met suffices; failed
only when all fail), "all" (one tier's parts), "when" (a requirement binding one tier of applicants only).
The evaluation over a document's conditions is :mod:`knowledge.facts.eligibility`.
"""

from __future__ import annotations

import operator
import re
from calendar import monthrange
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any

from knowledge.company import CompanyProfile
from knowledge.facts.certified import award_kind
from knowledge.facts.clause_predicates import NO_RECORD, SIZES
from knowledge.facts.model import PROFILE_FIELDS, Predicate
from knowledge.facts.places import display, places_in, related, within
from knowledge.facts.statements import judge


class Outcome(str, Enum):
    MET = "met"
    FAILED = "failed"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {"met": "符合", "failed": "不符合", "unknown": "需确认"}[self.value]


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
}
_OP_WORDS = {">=": "不低于", "<=": "不超过", ">": "超过", "<": "低于", "==": "等于"}
_DATE_WORDS = {">=": "当日或之后", ">": "之后", "<=": "当日或之前", "<": "之前"}


def _number_text(value: float) -> str:
    return f"{value:g}"


def _compare(p: Predicate, value: float, label: str) -> tuple[Outcome, str]:
    ok = _COMPARE[p.op](value, float(p.value))
    relation = f"要求{_OP_WORDS[p.op]}{_number_text(float(p.value))}{p.unit}"
    said = f"您的{label}为{_number_text(value)}{p.unit}"
    return (Outcome.MET if ok else Outcome.FAILED), f"{said}，{relation}"


_PLACE_LABELS = {"registered_place": "注册地", "tax_place": "税收户管地", "project_place": "项目所在地"}


def _place(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    words = getattr(profile, p.field)
    if p.field == "tax_place" and words is None:
        words = profile.registered_place  # a company that names one place pays its taxes there too
    required = tuple(p.value)
    label = _PLACE_LABELS[p.field]
    if not words:
        return Outcome.UNKNOWN, f"请告知{label}"
    chains = places_in(words, context=(required,))
    chain = chains[0] if chains else ()
    if not chain:
        return Outcome.UNKNOWN, f"无法确定“{words}”是哪个行政区，请说明所在省市区"
    inside = within(chain, required)
    if inside:
        where = "" if chain == required else f"，在{display(required)}范围内"
        return Outcome.MET, f"{label}为{display(chain)}{where}"
    if inside is None or related(chain, required):
        # the company named only a larger area (上海市 for a 徐汇区 condition): which district?
        return Outcome.UNKNOWN, f"要求在{display(required)}，请说明{label}具体在哪个区县"
    return Outcome.FAILED, f"{label}{display(chain)}不在{display(required)}"


# Areas below a city that the gazetteer may not know: a park named with its own suffix.
_PARK = re.compile(r"开发区|经开区|高新区|园区|新区|产业园|保税区")
_UNIT = re.compile(r"(?:区|市|县)$")
_COUNTY = re.compile(r"(?:区|县|旗)$")


def _local(words: str) -> bool:
    """Whether ``words`` name an area below a city: a district, or a park."""
    chains = places_in(words)
    return bool(_PARK.search(words)) or bool(chains and len(chains[0]) >= 2 and _COUNTY.search(chains[0][-1]))


def _one_area(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    """Registration and taxes in one area the gazetteer cannot name ("均在园区范围内"): failed when the
    company names two different areas below a city for them (注册在经开区，户管在雨花区)."""
    registered, taxed = profile.registered_place, profile.tax_place
    ask = f"请确认注册地和税收户管地是否均在{p.value}范围内"
    if not registered or not taxed:
        return Outcome.UNKNOWN, ask
    stems = _UNIT.sub("", registered), _UNIT.sub("", taxed)
    unnamed = any(_PARK.fullmatch(words) for words in (registered, taxed))  # "经开区" alone: which one?
    if unnamed or stems[0] in stems[1] or stems[1] in stems[0] or not (_local(registered) and _local(taxed)):
        return Outcome.UNKNOWN, ask
    return Outcome.FAILED, f"注册地{registered}与税收户管地{taxed}不在同一处，本条要求两者均在{p.value}范围内"


def _certificate(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    held = profile.qualifications
    if held is None:
        return Outcome.UNKNOWN, f"请确认是否具有{p.value}资质"
    has = any(p.value in q or q in p.value for q in held if q)
    if p.op == "not_has":
        return (
            (Outcome.FAILED, f"已具有{p.value}资质，本条不支持")
            if has
            else (Outcome.MET, f"不具有{p.value}资质")
        )
    return (Outcome.MET, f"具有{p.value}资质") if has else (Outcome.FAILED, f"未说明具有{p.value}资质")


def _founding(profile: CompanyProfile) -> tuple[date, date, str] | None:
    """The first and last day the company may have been founded on, and the words for it: the founding year,
    narrowed to a month when its words name one ("2017年10月注册")."""
    year = profile.founded_year
    if year is None:
        return None
    month = profile.founded_month
    if month is None:
        return date(year, 1, 1), date(year, 12, 31), f"{year}年"
    return date(year, month, 1), date(year, month, monthrange(year, month)[1]), f"{year}年{month}月"


def _founded(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    """A founding date bound ("2020年1月1日以后注册"): decided by the year (or month) when it decides it."""
    bound = date.fromisoformat(str(p.value))
    founding = _founding(profile)
    if founding is None:
        return Outcome.UNKNOWN, f"请告知成立日期（要求在{bound.isoformat()}{_DATE_WORDS[p.op]}成立）"
    first, last, said = founding
    test = _COMPARE[p.op]
    if test(first, bound) and test(last, bound):
        return Outcome.MET, f"{said}成立，要求{bound.isoformat()}{_DATE_WORDS[p.op]}"
    if not test(first, bound) and not test(last, bound):
        return Outcome.FAILED, f"{said}成立，要求{bound.isoformat()}{_DATE_WORDS[p.op]}"
    return Outcome.UNKNOWN, f"{said}成立，请确认具体日期是否在{bound.isoformat()}{_DATE_WORDS[p.op]}"


def _size(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    """The size class required ("应为中小企业") against the one the company names ("大型企业")."""
    required = set(p.value)
    classes = "、".join(p.value)
    if profile.size is None:
        return Outcome.UNKNOWN, f"请确认企业规模是否为{classes}企业"
    said = set(SIZES.get(profile.size, ()))
    if said and said <= required:
        return Outcome.MET, f"您说是{profile.size}企业，本条要求{classes}企业"
    if said and not said & required:
        return Outcome.FAILED, f"您说是{profile.size}企业，本条要求{classes}企业"
    return Outcome.UNKNOWN, f"您说是{profile.size}企业，请确认是否为{classes}企业"


_FLAG_LABELS = {"above_scale": "规模以上（规上）企业"}


def _flag(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    """A yes/no field (信用良好, 独立法人, 规上) against the value the condition requires."""
    value = getattr(profile, p.field)
    label = PROFILE_FIELDS.get(p.field) or _FLAG_LABELS.get(p.field, p.field)
    if value is None:
        return Outcome.UNKNOWN, f"请确认：{label}"
    return (Outcome.MET, f"{label}：是") if value == p.value else (Outcome.FAILED, f"{label}：否")


_NUMERIC_LABELS = {
    "employees": "员工人数",
    "rd_staff": "研发人员数",
    "rd_staff_ratio": "研发人员占比",
    "revenue": "营业收入",
    "revenue_growth": "营业收入增速",
    "profit_growth": "利润增速",
    "tax": "纳税额",
    "rd_ratio": "研发投入占比",
    "rd_spend": "研发投入",
    "rent_months": "租赁时长",
    "project_months": "项目实施周期",
}


def _age_on(founded: date, on: date) -> float:
    return (on - founded).days / 365.25


def _years(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    """An age bound ("注册满1年") at ``today``, the day the company is judged at (an earlier notice's deadline):
    an age the company says is its own; from a founding year (or month) the age is decided only when every
    founding day in it gives the same answer."""
    if profile.years_established is not None:
        return _compare(p, profile.years_established, "成立年限")
    founding = _founding(profile)
    if founding is None:
        return Outcome.UNKNOWN, "请告知成立年限"
    first, last, said = founding
    on = today or date.today()
    oldest, youngest = _age_on(first, on), _age_on(last, on)
    test = _COMPARE[p.op]
    required = f"要求{_OP_WORDS[p.op]}{_number_text(float(p.value))}年"
    if test(oldest, float(p.value)) == test(youngest, float(p.value)):
        age = "尚未成立" if oldest < 0 else f"约{_number_text(round((oldest + youngest) / 2, 1 if said[-1] == '月' else 0))}年"
        outcome = Outcome.MET if test(oldest, float(p.value)) else Outcome.FAILED
        return outcome, f"您{said}成立，截至{on.isoformat()}{age}，{required}"
    between = f"约{_number_text(round(max(youngest, 0), 1))}至{_number_text(round(oldest, 1))}年"
    return Outcome.UNKNOWN, f"您{said}成立，截至{on.isoformat()}{between}，{required}，请确认具体成立日期"


# Revenue said to fall or rise without a figure ("近三年营收逐年下降", "营业收入稳步增长").
_REVENUE_WORDS = r"营收|营业收入|主营业务收入|主营收入|销售收入|销售额|营业额|收入"
_FALLING = re.compile(rf"(?:{_REVENUE_WORDS})[^，。；,;\d]{{0,6}}(?:下降|下滑|减少|负增长|萎缩)|负增长")
_RISING = re.compile(rf"(?:{_REVENUE_WORDS})[^，。；,;\d]{{0,6}}(?:增长|上升|提升|提高|增加)")
# The same of profit ("利润总额下降"); profit has no field of its own, only the company's words.
_PROFIT_FALLING = re.compile(r"利润[^，。；,;\d]{0,6}(?:下降|下滑|减少|负增长|萎缩|亏损)")
_PROFIT_RISING = re.compile(r"利润[^，。；,;\d]{0,6}(?:增长|上升|提升|提高|增加)")
_TRENDS = {"revenue_growth": (_FALLING, _RISING), "profit_growth": (_PROFIT_FALLING, _PROFIT_RISING)}


def _growth_said(p: Predicate, profile: CompanyProfile) -> tuple[Outcome, str] | None:
    """A growth floor of zero or more held against revenue the company says falls (failed) or, for a floor
    of zero ("正增长"), rises (met); None when it says neither."""
    if p.op not in (">", ">=") or float(p.value) < 0:
        return None
    required = f"本条要求{_NUMERIC_LABELS[p.field]}{_OP_WORDS[p.op]}{_number_text(float(p.value))}%"
    falling, rising = _TRENDS[p.field]
    for said in profile.statements or ():
        if falling.search(said):
            return Outcome.FAILED, f"您说“{said}”，{required}"
        if rising.search(said) and float(p.value) == 0 and not re.search(r"没|未|不", said):
            return Outcome.MET, f"您说“{said}”，{required}"
    return None


def _number(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    """A numeric field (_NUMERIC_LABELS) compared with the bound; any other field is left to confirm."""
    label = _NUMERIC_LABELS.get(p.field)
    if label is None:
        return Outcome.UNKNOWN, f"请确认：{p.field}"
    value = getattr(profile, p.field, None)
    if value is None and p.field in _TRENDS and (said := _growth_said(p, profile)):
        return said
    if value is None:
        return Outcome.UNKNOWN, f"请告知{label}"
    return _compare(p, float(value), label)


def _kind_of_applicant(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    """A kind of applicant nothing checks ("市级认定的总部企业"): as the company's own words say, else ask."""
    found = judge(profile.statements or (), str(p.value))
    if found is None:
        return Outcome.UNKNOWN, f"请确认是否属于{p.value}"
    return (Outcome.MET if found.met else Outcome.FAILED), f"您说“{found.statement}”"


def _any(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    """Alternatives ("从业人员1000人以下或营业收入4亿元以下", the tiers a notice grants to): one met is enough;
    all must fail to fail. A kind of applicant nothing checks, which the company did not say it is, does not
    hold open a group whose checkable alternatives all failed: the company hears 不符合 and which kind
    would still qualify."""
    alternatives = [Predicate(**alt) if isinstance(alt, dict) else alt for alt in p.value]
    results = [check(alt, profile, today) for alt in alternatives]
    for outcome in (Outcome.MET, Outcome.UNKNOWN):
        hit = [
            reason
            for (o, reason), alt in zip(results, alternatives)
            if o is outcome and (o is Outcome.MET or alt.field != "confirm")
        ]
        if hit:
            return outcome, "；".join(hit)
    if any(alt.field != "confirm" for alt in alternatives) and profile.stated():
        failed = [reason for o, reason in results if o is Outcome.FAILED]
        kinds = "、".join(
            str(alt.value) for (o, _), alt in zip(results, alternatives) if o is Outcome.UNKNOWN
        )
        if failed:
            return Outcome.FAILED, "；".join(failed) + (f"（如属于{kinds}，请告知）" if kinds else "")
    if any(o is Outcome.UNKNOWN for o, _ in results):
        return Outcome.UNKNOWN, "；".join(reason for o, reason in results if o is Outcome.UNKNOWN)
    return Outcome.FAILED, "；".join(reason for _, reason in results)


def _all(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    """One route of several ("营业收入5亿元以上，增速15%以上的"): met when every part is met, failed when one fails."""
    results = [
        check(Predicate(**part) if isinstance(part, dict) else part, profile, today) for part in p.value
    ]
    for outcome in (Outcome.FAILED, Outcome.UNKNOWN):
        hit = [reason for o, reason in results if o is outcome]
        if hit:
            return outcome, "；".join(hit)
    return Outcome.MET, "；".join(reason for _, reason in results)


def _when(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    """A requirement for one tier of applicants ("营业收入不少于300万元的企业，增长率不低于3%"): met by a company
    outside the tier; inside it, as the requirement says."""
    tier, required = (Predicate(**part) if isinstance(part, dict) else part for part in p.value)
    applies, why = check(tier, profile, today)
    if applies is Outcome.FAILED:
        return Outcome.MET, f"本条只适用于部分企业（{why}），不适用于您"
    outcome, reason = check(required, profile, today)
    if applies is Outcome.MET or outcome is Outcome.MET:
        return outcome, reason
    return Outcome.UNKNOWN, f"{why}；{reason}"


def _award(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    """A first (首次认定) or renewed (重新认定) award of a certificate, as the company says of its own."""
    found = award_kind(str(p.value), p.op, profile.statements or ())
    words = {"first": "首次认定", "again": "重新认定"}[p.op]
    if found is None:
        return Outcome.UNKNOWN, f"请确认是否为{words}的{p.value}"
    said = f"您说“{found.statement}”，{found.why}"
    return (Outcome.MET if found.met else Outcome.FAILED), said


# An incident the company says it had ("今年4月出过重大质量事故", "去年受到过行政处罚"): not a denial
# ("没出过事故") and not dated years back ("五年前有过处罚": the notice's window decides, so ask).
_INCIDENT = re.compile(r"事故|处罚|罚款|违法|违规|刑事|欠薪|偷税|骗税|逃废债|涉黑|涉恶")
_DENIED = re.compile(r"没有?|未|无|不曾|从未|从没|不存在")
_YEARS_AGO = re.compile(r"年(?:前|以前)")


def _incident(statements: tuple[str, ...]) -> str:
    """The company's statement of an incident that a no-record declaration forbids, or ""."""
    for said in statements:
        found = _INCIDENT.search(said)
        if found and not _DENIED.search(said[: found.start()]) and not _YEARS_AGO.search(said):
            return said
    return ""


# Funding the company says it already had for this programme or project ("之前拿过这个补贴", "该项目已获得过
# 市级资金"): a declaration of no repeated support fails.
_FUNDED = re.compile(
    r"(?:拿过|获得过|享受过|领过|得到过|已获得|已享受|已拿到|已领取|申请到过)[^，。；,;]{0,12}?(?:补贴|资金|支持|奖励|补助|资助|扶持)"
)
_REPEAT = "未重复获得同类财政支持"


def _funded(statements: tuple[str, ...]) -> str:
    for said in statements:
        found = _FUNDED.search(said)
        if found and not _DENIED.search(said[: found.start()]):
            return said
    return ""


# A project the company says is still open ("上个项目还没结题", "有个课题未验收"), not a denial of one
# ("没有未结题的项目").
_OPEN = re.compile(r"(?:还没有?|尚未|未|没有?)(?:结题|验收|完成验收|通过验收)")
_NONE_OPEN = re.compile(r"(?:没有|无|不存在)$")
_UNFINISHED = "没有逾期未结题（未验收）的项目"


def _open_project(statements: tuple[str, ...]) -> str:
    for said in statements:
        found = _OPEN.search(said)
        if found and not _NONE_OPEN.search(said[: found.start()]):
            return said
    return ""


# The company's own declaration that it has none ("近一年没出过安全事故", "从没拿过这项补贴", "没有未结题的项目").
_NO_INCIDENT = re.compile(rf"(?:{_DENIED.pattern})[^，。；,;]{{0,8}}?(?:{_INCIDENT.pattern})")
_NOT_FUNDED = re.compile(
    rf"(?:{_DENIED.pattern})[^，。；,;]{{0,4}}?(?:拿过|获得过|享受过|领过|得到过|获得|享受|申请到过)[^，。；,;]{{0,12}}?"
    r"(?:补贴|资金|支持|奖励|补助|资助|扶持)"
)
_ALL_CLOSED = re.compile(r"(?:没有|无|不存在)(?:逾期)?未(?:结题|验收)|(?:都|均|全部)已(?:结题|验收)")
_DENIALS = {NO_RECORD: _NO_INCIDENT, _REPEAT: _NOT_FUNDED, _UNFINISHED: _ALL_CLOSED}


def _declaration(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    """Failed by what the company says happened; met when it declares itself that nothing did (the declaration
    is its own to make); else to confirm."""
    statements = profile.statements or ()
    said = _incident(statements) if p.value == NO_RECORD else ""
    said = said or (_funded(statements) if p.value == _REPEAT else "")
    said = said or (_open_project(statements) if p.value == _UNFINISHED else "")
    if said:
        return Outcome.FAILED, f"您说“{said}”，本条要求{p.value}"
    denial = _DENIALS.get(str(p.value))
    declared = next((s for s in statements if denial and denial.search(s)), "")
    if declared:
        return Outcome.MET, f"您说“{declared}”，本条要求{p.value}"
    return Outcome.UNKNOWN, f"需您自行确认：{p.value}"


# A month the company names for its own event ("2023年7月去德国参的展"); a founding or award date is
# no event of the period.
_MONTH = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月")
_NOT_EVENT = re.compile(r"成立|注册|设立|认定|获评|入选|公告")


def _period(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    """The period supported events fall in, against the month the company names for its event."""
    start, end = (date.fromisoformat(day) for day in p.value)
    span = f"{start.isoformat()}至{end.isoformat()}"
    for said in profile.statements or ():
        found = _MONTH.search(said)
        if not found or _NOT_EVENT.search(said):
            continue
        month = (int(found[1]), int(found[2]))
        if month < (start.year, start.month) or month > (end.year, end.month):
            return Outcome.FAILED, f"您说“{said}”，不在本条规定的期间（{span}）内"
        return Outcome.MET, f"您说“{said}”，在本条规定的期间（{span}）内"
    return Outcome.UNKNOWN, f"请确认是否在{span}期间"


_NOT_KIND = re.compile(r"不是|并非|非|不属于|不从事|没有?|无")


def _kind(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    """A kind of company the condition leaves out: failed when the company says it is one."""
    kinds = tuple(p.value)
    for said in profile.statements or ():
        for kind in kinds:
            at = said.find(kind)
            if at >= 0 and not _NOT_KIND.search(said[max(0, at - 5) : at]):
                return Outcome.FAILED, f"您说“{said}”，本条不含{'、'.join(kinds)}类企业"
    return Outcome.MET, f"未说明属于{'、'.join(kinds)}类企业"


# A company speaking of itself ("我们是郑州的科技型企业", "我司…"), not of companies it deals with ("拨付至企业").
_A_COMPANY = re.compile(r"(?<![至给向到对])(?:企业|公司)$|^(?:我们|我司|本公司|我公司|公司)")


def _public_body(p: Predicate, profile: CompanyProfile, today: date | None) -> tuple[Outcome, str]:
    """Applicants that are public bodies (…的科技管理部门): a company that speaks of itself as one cannot apply;
    anyone else is left to the rest of the condition (its period, its kind of fund)."""
    said = next((s for s in profile.statements or () if _A_COMPANY.search(s)), "")
    if said:
        return Outcome.FAILED, f"本条的申报对象是{p.value}，您说“{said}”，企业不能自行申报"
    return Outcome.UNKNOWN, f"本条的申报对象是{p.value}，请确认贵单位是否属于"


# -- dispatch ------------------------------------------------------------------------------------------
Checker = Callable[[Predicate, CompanyProfile, date | None], tuple[Outcome, str]]

# Compound operators hold other predicates; they decide the checker whatever the field.
_COMPOUND: dict[str, Checker] = {"any": _any, "all": _all, "when": _when}
# The company's own words about an award or a kind of applicant, whatever the operator.
_OWN_WORDS: dict[str, Checker] = {"award": _award, "confirm": _kind_of_applicant}
_BY_FIELD: dict[str, Checker] = {
    **_OWN_WORDS,
    "size": _size,
    **dict.fromkeys(_PLACE_LABELS, _place),
    "qualifications": _certificate,
    "declaration": _declaration,
    "kind": _kind,
    "applicant": _public_body,
    "period": _period,
    "founded": _founded,
    "credit_ok": _flag,
    "independent_legal_person": _flag,
    "above_scale": _flag,
    "years_established": _years,
}


def check(p: Predicate, profile: CompanyProfile, today: date | None = None) -> tuple[Outcome, str]:
    """Outcome and reason of one predicate for one profile: a compound operator's checker, else "same"
    (registration and taxes in one area) unless the field is the company's own words, else the field's
    checker — a numeric comparison for a field without one of its own."""
    if p.op in _COMPOUND:
        return _COMPOUND[p.op](p, profile, today)
    if p.op == "same" and p.field not in _OWN_WORDS:
        return _one_area(p, profile, today)
    return _BY_FIELD.get(p.field, _number)(p, profile, today)
