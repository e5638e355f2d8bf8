"""Apply a document's eligibility conditions to what a company said about itself.

Each condition's predicate is checked by :mod:`knowledge.facts.predicate_checks` (符合 / 不符合 / 需确认, with
the reason in Chinese); a condition with no predicate, or one the check leaves unknown, is held against the
company's own words: what it says of its certificate (year, batch, first award) settles a dated certificate
condition, a phrase it shares with the condition settles it either way. Overall: not eligible as soon as one
condition fails, eligible only when every condition is met, otherwise needs confirmation (conditional) — with
the profile fields whose answers would settle it, so the form asks only for those. Items listing kinds of
applicants under one heading count as one condition. Whatever a condition's predicate says, the kind of
applicant the company says it is (个体工商户, 分公司, 事业单位, 国有企业 …) fails a condition naming other kinds
(``wrong_kind``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from knowledge.company import CompanyProfile
from knowledge.facts.certified import CERTIFICATES, certified
from knowledge.facts.clause_predicates import SIZES
from knowledge.facts.model import PROFILE_FIELDS, Condition, DocFacts, Predicate
from knowledge.facts.numbers import cn_int
from knowledge.facts.predicate_checks import Outcome, check
from knowledge.facts.statements import excludes, judge
from knowledge.model import SECTION_SEPARATOR

__all__ = ["ConditionResult", "EligibilityResult", "Outcome", "Verdict", "evaluate_profile", "judged_on"]


class Verdict(str, Enum):
    """yes / no / conditional (需确认), under the names the actions and the evaluation read."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_CONFIRMATION = "needs_confirmation"


@dataclass(frozen=True)
class ConditionResult:
    condition: Condition
    outcome: Outcome
    reason: str = ""  # Chinese: why met / failed / what to confirm

    def to_dict(self) -> dict[str, Any]:
        p = self.condition.predicate
        return {
            "text": self.condition.text,
            "section": self.condition.span.section,
            "outcome": self.outcome.value,
            "status": self.outcome.label,
            "reason": self.reason,
            "field": p.field if p else None,
            "op": p.op if p else None,
            "value": list(p.value) if p and isinstance(p.value, tuple) else (p.value if p else None),
            "unit": p.unit if p else "",
        }


@dataclass(frozen=True)
class EligibilityResult:
    verdict: Verdict
    results: list[ConditionResult] = field(default_factory=list)
    missing_fields: list[str] = field(default_factory=list)  # PROFILE_FIELDS keys to ask for, in order
    doc_id: str = ""
    title: str = ""

    def by_outcome(self, outcome: Outcome) -> list[ConditionResult]:
        return [r for r in self.results if r.outcome is outcome]

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc_id,
            "title": self.title,
            "verdict": self.verdict.value,
            "conditions": [r.to_dict() for r in self.results],
            "missing_fields": self.missing_fields,
            "missing_labels": [PROFILE_FIELDS[f] for f in self.missing_fields if f in PROFILE_FIELDS],
        }


def _fields(p: Predicate) -> list[str]:
    if p.op in ("any", "all", "when"):
        return [f for alt in p.value for f in _fields(Predicate(**alt) if isinstance(alt, dict) else alt)]
    if p.field in ("founded", "award"):
        return {"founded": ["years_established"], "award": ["qualifications"]}[p.field]
    return [p.field] if p.field in PROFILE_FIELDS else []


# A step the condition says is done ("项目已正式开工建设", "已完成竣工验收") and the company says is not
# ("项目还没开工"): too short a phrase for knowledge.facts.statements, but a plain contradiction.
_DONE = re.compile(r"已(?:经)?(?:正式|全部|按期|依法)?(?P<step>[\u4e00-\u9fff]{2})")
_NOT_DONE = r"(?:尚未|还未|暂未|还没有?|没有?|未)(?:正式|全部|按期)?"


def _not_yet(text: str, statements: tuple[str, ...]) -> str:
    """Why the company's words deny a step ``text`` requires done, or ""."""
    if excludes(text) or re.search(r"无需|不用|不必|不需", text):
        return ""  # "已…的，不予支持", "已认定的无需重复申报": done is what leaves applicants out
    for found in _DONE.finditer(text):
        step = found["step"]
        for said in statements:
            if re.search(rf"{_NOT_DONE}{step}", said):
                return f"您说“{said}”，本条要求已{step}"
    return ""


def _lacks_certificate(text: str, held: tuple[str, ...] | None) -> str:
    """A certificate ``text`` requires ("…的有效期内高新技术企业") that the company's stated list lacks, or "";
    nothing when it stated no list, or when the condition leaves holders out."""
    if held is None or excludes(text):
        return ""
    for written, name in CERTIFICATES.items():
        at = text.find(written)
        if at >= 0 and name not in held and not re.search(r"(?:未|无|非|不是|没有|尚未)\S{0,4}$", text[:at]):
            return name
    return ""


_YEAR_SPAN = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:-|—|–|－|~|至|到)\s*((?:19|20)\d{2})")
_A_YEAR = re.compile(r"(?:19|20)\d{2}")
_RUNNING = re.compile(r"连续\s*([一二两三四五六七八九十\d]+)\s*年")


def _other_years(
    text: str, statements: tuple[str, ...], outcome: Outcome, reason: str
) -> tuple[Outcome, str]:
    """A condition the company's words fail ("拿过该资金") is left to confirm when it is about consecutive years
    the words do not all cover ("已连续三年(2018-2020年)获得…的不能申报" against "2019、2020年获得过"), and is
    met when the company denies one of those years ("2018年没有")."""
    if "连续" not in text:
        return outcome, reason
    required: set[int] = set()
    for span in _YEAR_SPAN.finditer(text):
        required |= set(range(int(span[1]), int(span[2]) + 1))
    running = _RUNNING.search(text)
    if not required and not running:
        return outcome, reason
    # the years of what the company affirms, and those it denies ("2018年没有")
    said = {int(y) for st in statements if not re.search(r"没|未|无|不", st) for y in _A_YEAR.findall(st)}
    denied = {int(y) for st in statements if re.search(r"没|未|无|不", st) for y in _A_YEAR.findall(st)}
    if running and not required:
        enough = len(said) >= cn_int(running[1])
    else:
        enough = required <= said
    if enough:
        return outcome, reason
    if broken := sorted(required & denied - said):
        return Outcome.MET, f"您说{broken[0]}年没有，不属于本条连续多年的情形"
    return Outcome.UNKNOWN, "本条所指的年份与您说的不完全相同，请确认是否属于本条情形"


def _holder_named(text: str, held: tuple[str, ...] | None) -> str:
    """The certificate ``text`` names its applicants by ("…首次通过认定的高新技术企业": it ends the condition)
    when the company's stated list lacks it, else ""."""
    if held is None or excludes(text):
        return ""
    tail = re.sub(r"[\s;；。，,、)）]+$", "", text)
    for written, name in CERTIFICATES.items():
        if name not in held and re.search(rf"{re.escape(written)}(?:企业|单位)?$", tail):
            return name
    return ""


def _stated(
    condition: Condition,
    statements: tuple[str, ...],
    outcome: Outcome,
    reason: str,
    held: tuple[str, ...] | None = None,
) -> tuple[Outcome, str]:
    """A condition no field settles, held against the company's own words: what it says of its certificate
    (knowledge.facts.certified), else any phrase it shares (knowledge.facts.statements)."""
    award = certified(condition.text, statements)
    if award is not None and award.met and (lacking := _lacks_certificate(condition.text, held)):
        return Outcome.FAILED, f"您说“{award.statement}”，但未说明具有{lacking}资质（本条要求）"
    if award is not None:
        said = f"您说“{award.statement}”，{award.why}"
        return (Outcome.MET, f"{said}，与本条相符") if award.met else (Outcome.FAILED, f"{said}，与本条不符")
    found = judge(statements, condition.text)
    if found is None and (denial := _not_yet(condition.text, statements)):
        return Outcome.FAILED, denial
    if found is None and (lacking := _holder_named(condition.text, held)):
        return Outcome.FAILED, f"本条的对象为{lacking}，您未说明具有该资质"
    if found is None:
        return outcome, reason
    if found.met and (lacking := _lacks_certificate(condition.text, held)):
        return Outcome.FAILED, f"您说“{found.statement}”，但未说明具有{lacking}资质（本条要求）"
    if found.met:
        return Outcome.MET, f"您说“{found.statement}”，与本条相符"
    return Outcome.FAILED, f"您说“{found.statement}”，与本条（“{found.shared}”）不符"


# Headings that list kinds of applicants, any one of which may apply (奖励对象: 首次认定的…；整体迁入的…);
# one that also names requirements ("申报对象及条件") lists what every applicant must meet, unless it says
# one suffices.
_EITHER_HEADING = re.compile(r"对象|范围|其一|之一|任一")
_ANY_ONE = re.compile(r"其一|之一|任一")
_REQUIREMENTS = re.compile(r"条件|要求")


def _alternatives(r: ConditionResult) -> str:
    """The group key of an applicant-kind item (an item with no predicate, or naming public bodies, under such a
    heading), else "".
    An item that leaves applicants out ("…的企业,不再推荐") is a condition of its own, not one kind of many."""
    path = r.condition.span.section.split(SECTION_SEPARATOR) if r.condition.span.section else []
    heading = path[-1] if len(path) > 1 else ""
    kind = r.condition.predicate is None or r.condition.predicate.field == "applicant"
    either = _EITHER_HEADING.search(heading) and (_ANY_ONE.search(heading) or not _REQUIREMENTS.search(heading))
    if kind and either and not excludes(r.condition.text):
        return r.condition.span.section
    return ""


def _overall(results: list[ConditionResult]) -> set[Outcome]:
    """The outcomes that decide the verdict: items of one applicant-kind list count as one condition —
    met when any is met, failed when all fail."""
    groups: dict[str, list[Outcome]] = {}
    outcomes: set[Outcome] = set()
    for r in results:
        key = _alternatives(r)
        if key:
            groups.setdefault(key, []).append(r.outcome)
        else:
            outcomes.add(r.outcome)
    for members in groups.values():
        if len(members) == 1 or Outcome.MET in members:
            outcomes.add(members[0] if len(members) == 1 else Outcome.MET)
        else:
            outcomes.add(Outcome.FAILED if set(members) == {Outcome.FAILED} else Outcome.UNKNOWN)
    return outcomes


# -- the kind of applicant, in words ----------------------------------------------------------------------
# Legal forms a notice names its applicants by, and the words a company uses for itself. 个体工商户 is no
# 企业 (it is not a legal person), a 分公司 is a 分支机构; 企事业单位 names both 企业 and 事业单位.
_FORMS: dict[str, str] = {
    "企业": r"(?<!事)(?<!非)企业(?!化)|公司|企事业单位",
    "事业单位": r"(?<![企])事业单位|企事业单位",
    "社会组织": r"社会组织|社会团体|社团|民办非企业|民非|基金会|行业协会|协会|学会|商会",
    "个体工商户": r"个体工商户|个体户",
    "分支机构": r"分支机构|分公司|办事处",
    "机关": r"政府机关|行政机关|党政机关|机关单位",
}
# Words that name any applicant ("依法设立的单位", "各类主体"): a condition using them lists no forms.
_ANY_FORM = re.compile(r"(?<![事企])单位|机构|主体|(?<!社会)组织")
# The applicant as the subject of a sentence ("申报单位应为…"): no word for any applicant.
_SUBJECT = r"(?:申报|申请|承担|推荐|牵头|项目)(?:单位|主体|机构)"
# The words of a condition that say who applies: "申报单位应为…的企业", "支持对象为…", "…的民营企业".
_WHO = re.compile(r"申报|申请|支持对象|对象|主体|应为|须为|必须为|应当为|应是|必须是")
# A form the condition leaves out: "(分支机构除外)", "不含个体工商户", "政府机关不得作为申报单位".
_FORM_OUT = r"(?:除外|不得|不能|不予|不属于|不在)"
_FORM_OUT_BEFORE = r"(?:不含|不包括|不包含|除)"
# Ownership: a notice for private companies (民营企业) is not for state-owned or foreign-invested ones, and
# the reverse.
_OWNERSHIP: dict[str, str] = {
    "民营": r"民营|私营|民企",
    "国有": r"国有|国企|央企|国资",
    "外资": r"外资|外商(?:投资|独资)?|外企|港澳台资",
}


def _kinds_said(statements: tuple[str, ...], kinds: Mapping[str, str]) -> dict[str, str]:
    """kind -> the statement naming it, for the kinds the company says it is (not "不是国企")."""
    said: dict[str, str] = {}
    for statement in statements:
        for kind, words in kinds.items():
            found = re.search(words, statement)
            if found and not re.search(
                r"(?:不是|并非|非|不属于|没有|无)\S{0,3}$", statement[: found.start()]
            ):
                said.setdefault(kind, statement)
    return said


def _own_form(statements: tuple[str, ...]) -> tuple[str, str] | None:
    """The company's legal form and the statement naming it: the most specific form it names."""
    said = _kinds_said(statements, _FORMS)
    for kind in ("分支机构", "个体工商户", "机关", "社会组织", "事业单位", "企业"):
        if kind in said:
            return kind, said[kind]
    return None


def wrong_kind(text: str, statements: tuple[str, ...]) -> str:
    """Why the kind of applicant the company says it is does not fit the one ``text`` names, or "".

    A form left out ("分支机构除外") fails a company of that form; a condition that says who applies and lists
    forms ("…的企事业单位和社会组织") fails a company of another form, unless it also uses a word for any
    applicant (单位, 机构); a condition for private companies fails a state-owned one and the reverse.
    """
    if not statements:
        return ""
    own = _own_form(statements)
    if own:
        kind, said = own
        if _left_out(text, _FORMS[kind]):
            return f"您说“{said}”，本条不含{kind}"
        listed = [name for name, words in _FORMS.items() if _named_as_applicant(text, words)]
        if listed and kind not in listed and _WHO.search(text) and not _ANY_FORM.search(_strip_forms(text)):
            return f"您说“{said}”，本条的申报对象为{'、'.join(listed)}"
    owners = _kinds_said(statements, _OWNERSHIP)
    text = re.sub(r"《[^》]*》", "", text)  # a document's title names no applicant
    if len(owners) == 1:
        ((owner, said),) = owners.items()
        for other, words in _OWNERSHIP.items():
            names_other = re.search(rf"(?:{words})(?:企业|经济|总部|控股)", text)
            if other != owner and names_other and not re.search(_OWNERSHIP[owner], text):
                return f"您说“{said}”，本条面向{other}企业"
    return ""


# Before a bare form (not "新注册的企业", a kind of it): the start, a bracket, punctuation or a list word.
_BARE_BEFORE = re.compile(r"(?:^|[^\u4e00-\u9fff]|[、和及与或])$")


def _left_out(text: str, words: str) -> bool:
    """Whether ``text`` leaves the form itself out ("(分支机构除外)", "不含个体工商户"), not a kind of it
    ("…新注册的企业除外")."""
    for m in re.finditer(words, text):
        bare = _BARE_BEFORE.search(text[: m.start()]) is not None
        if bare and re.match(rf"[^，。；,;]{{0,4}}?{_FORM_OUT}", text[m.end() :]):
            return True
        if re.search(rf"{_FORM_OUT_BEFORE}[^，。；,;类的]{{0,2}}$", text[: m.start()]):
            return True
    return False


def _named_as_applicant(text: str, words: str) -> bool:
    """Whether ``text`` says the applicant is of this form ("申报单位应为…的企业"): the form ends a phrase
    after 为/是 in its clause, and is not left out."""
    for m in re.finditer(words, text):
        after = text[m.end() : m.end() + 1]
        ends = not after or not re.match(r"[\u4e00-\u9fff]", after) or after in "和及与或等均须应"
        if ends and re.search(r"(?:为|是)[^，。；,;]*$", text[: m.start()]) and not _left_out(text, words):
            return True
    return False


def _strip_forms(text: str) -> str:
    """``text`` without the form names, so that 单位 inside 事业单位 is no word for any applicant."""
    for words in ("企事业单位", *_FORMS.values(), _SUBJECT):
        text = re.sub(words, "", text)
    return text


# A size class naming the applicants ("…成长性好的专精特新中小企业", "小微企业、个体工商户"): the class ends the
# condition or a list item; "带动中小企业发展的龙头企业" names another company.
_SIZE_NAMED = re.compile(r"(?P<size>中小微|中小|小微)型?企业(?=$|[、，,和及或与(（)）;；。])")


def wrong_size(text: str, size: str | None) -> str:
    """Why the size class the company says it is ("大型企业") is not one ``text`` names its applicants by, or ""."""
    said = set(SIZES.get(size or "", ()))
    if not said:
        return ""
    text = re.sub(r"《[^》]*》", "", text).rstrip(" ;；。")
    named = [m["size"] for m in _SIZE_NAMED.finditer(text) if not _left_out(text[m.start() :], m.group())]
    if named and not any(said & set(SIZES[n]) for n in named) and not re.search(size or "", text):
        return f"您说是{size}企业，本条面向{'、'.join(dict.fromkeys(named))}企业"
    return ""


# Levels of government, lowest first: a condition asking for "省级以上工业园区" is not met by a 县级 one.
_LEVEL_RANK = {"区": 1, "县": 1, "市": 2, "省": 3, "国家": 4}
_AT_LEAST = re.compile(r"(?P<level>国家|省|市|区|县)级(?:及|或)?以上(?:的)?(?P<noun>[\u4e00-\u9fff]{2,8})")
_SAID_LEVEL = re.compile(r"(?P<level>国家|省|市|区|县)级(?P<noun>[\u4e00-\u9fff]{2,8})")


def below_level(text: str, statements: tuple[str, ...]) -> str:
    """Why the level the company names for a thing ("县级工业园区") is below the one ``text`` requires of it
    ("省级以上工业园区"), or ""; the thing must share two characters at its end (园区, 荣誉, 中心)."""
    for required in _AT_LEAST.finditer(text):
        for said in statements:
            for named in _SAID_LEVEL.finditer(said):
                same = named["noun"][-2:] in required["noun"]
                if same and _LEVEL_RANK[named["level"]] < _LEVEL_RANK[required["level"]]:
                    return f"您说“{said}”，本条要求{required['level']}级以上"
    return ""


def _assumed(r: ConditionResult, today: date | None) -> bool:
    """Whether ``r`` is met whatever the company says ("不含房地产类企业" for one that named no kind): such a
    condition alone is no ground for 符合 — a company that stated nothing checkable hears 需确认."""
    p = r.condition.predicate
    return r.outcome is Outcome.MET and p is not None and check(p, CompanyProfile(), today)[0] is Outcome.MET


def as_profile(profile: CompanyProfile | Mapping[str, Any]) -> CompanyProfile:
    return profile if isinstance(profile, CompanyProfile) else CompanyProfile.from_dict(profile)


def judged_on(facts: DocFacts, now: datetime) -> date:
    """The day a company is judged at: the notice's deadline (its last day to apply, else its first) when that
    lies before ``now`` — a company asking about an earlier year's call is judged as it stood then ("注册满1年"
    at that deadline) — else ``now``'s day."""
    window = facts.deadline.occurrence(now) if facts.deadline else None
    when = window and (window.end or window.start)
    return min(when.date(), now.date()) if when else now.date()


def evaluate_profile(
    conditions: Iterable[Condition],
    profile: CompanyProfile | Mapping[str, Any],
    *,
    doc_id: str = "",
    title: str = "",
    today: date | None = None,
) -> EligibilityResult:
    """Every condition checked against ``profile``; fields it lacks are listed in ``missing_fields``.

    A stated qualifications list is taken as complete: a required qualification absent from it fails.
    """
    company = as_profile(profile)
    results = []
    missing: list[str] = []
    for condition in conditions:
        predicate = condition.predicate
        if predicate is None:
            outcome, reason = Outcome.UNKNOWN, "无法自动核对，请对照原文确认"
        else:
            outcome, reason = check(predicate, company, today)
        by_words = predicate is None or predicate.field == "declaration"
        if outcome is Outcome.UNKNOWN and company.statements:
            by_words = True
            outcome, reason = _stated(condition, company.statements, outcome, reason, company.qualifications)
        if outcome is Outcome.FAILED and by_words:
            outcome, reason = _other_years(condition.text, company.statements or (), outcome, reason)
        if outcome is not Outcome.FAILED and (why := wrong_kind(condition.text, company.statements or ())):
            outcome, reason = Outcome.FAILED, why
        if outcome is not Outcome.FAILED and (why := wrong_size(condition.text, company.size)):
            outcome, reason = Outcome.FAILED, why
        if outcome is not Outcome.FAILED and (why := below_level(condition.text, company.statements or ())):
            outcome, reason = Outcome.FAILED, why
        if outcome is Outcome.UNKNOWN and predicate is not None:
            missing += [
                f for f in dict.fromkeys(_fields(predicate)) if f not in missing and getattr(company, f, None) is None
            ]
        results.append(ConditionResult(condition, outcome, reason))
    outcomes = _overall(results)
    if Outcome.FAILED in outcomes:
        verdict = Verdict.NOT_ELIGIBLE
    elif outcomes == {Outcome.MET} and any(not _assumed(r, today) for r in results):
        verdict = Verdict.ELIGIBLE
    else:
        verdict = Verdict.NEEDS_CONFIRMATION
    return EligibilityResult(verdict, results, missing, doc_id, title)
