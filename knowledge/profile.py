"""A company's profile, read from what it says about itself: the one parser for questions and forms.

"我们注册在徐汇，员工80人，去年营收3千万，成立5年，是高企，能申报吗" states five facts at once; every
message is read for all of them, and a later message corrects an earlier one ("不是80人，是120人").
Only what is said is recorded — a field nobody mentioned stays ``None`` and the eligibility check
reports "需确认", never "符合".

Numbers written in Chinese ("三千万", "一点五亿", "八十人", "百分之五") go through cn2an; a figure of money
without a unit is not read (is "营收3000" 3000 元 or 3000 万元?) unless the form just asked for it in 万元.
"""

from __future__ import annotations

import re
from typing import Any

from knowledge.company import CompanyProfile
from knowledge.facts.certified import CERTIFICATES
from knowledge.facts.numbers import NUMERAL, money_wan, number
from knowledge.facts.places import place_words
from knowledge.facts.statements import asks_question, statement_clauses

# ------------------------------------------------------------------ reading
_NUM = NUMERAL
_APPROX = r"(?:多|余|来|左右)?"
_MONEY = re.compile(rf"(?P<num>{_NUM}){_APPROX}\s*(?:个)?\s*(?P<unit>亿元|亿|万元|万|千元|元|块)")  # "2个亿"
_REVENUE_CUE = re.compile(r"营收|营业收入|主营业务收入|销售收入|销售额|营业额|收入|产值|销售(?=\s*\d)")
# Revenue growth: "同比增长12%", "增速30%", "平均增长率5%", "下降了2%" (negative); another measure's growth
# (研发投入增长, 出口增长) is not it.
_GROWTH = re.compile(
    rf"(?P<word>增速|增长率|增幅|增长|下降|下滑|减少)(?:了|均?为|是|达到?|约)?\s*(?P<sign>[-－负])?\s*(?P<num>{_NUM})\s*(?:%|％)"
)
_OTHER_GROWTH = re.compile(r"研发|出口|进口|利润|税|投资|人数|员工")
_TAX_CUE = re.compile(r"纳税|缴税|交税|税收(?!户|在|地)")
_FINANCING_CUE = re.compile(r"融资|融了|投资方投")
_RD_SPEND_CUE = re.compile(r"研发(?:投入|费用|经费|支出)|研究开发(?:费用|投入)")
_STAFF = re.compile(
    rf"(?P<num>{_NUM}){_APPROX}\s*(?:个|名|位)?\s*(?:人|员工|职工|雇员)"
    rf"|(?:员工|职工|人数|雇员|从业人员|社保)[^0-9零〇一二两三四五六七八九十百，。,;；]{{0,6}}(?P<num2>{_NUM})"
)
_RD_STAFF = re.compile(r"研发人员|科技人员|技术人员|研发团队")
_PERCENT = re.compile(rf"(?P<num>{_NUM})\s*(?:%|％)|百分之(?P<cn>{_NUM})")
_RD = re.compile(r"研发|研究开发")
# "2019年成立", "2017年10月在嘉定区注册": a place may stand between the date and the word of founding.
_FOUNDED_YEAR = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年?\s*(?:(?P<m>\d{1,2})\s*月)?\s*(?:\d{1,2}\s*[日号])?\s*(?:份)?\s*(?:才|刚)?"
    r"\s*(?:在[\u4e00-\u9fff]{1,8}?)?(?:成立|注册|创办|创立|设立)"
)
_FOUNDED_IN = re.compile(r"(?:成立|注册|创办|创立|设立)(?:于|在|时间(?:是|为)?)\s*(?P<y>(?:19|20)\d{2})")
_AGE = re.compile(
    rf"(?:成立|注册|经营|运营|营业|开业|创办|办了|干了|做了)[^，。,；;0-9零一二两三四五六七八九十半]{{0,4}}"
    rf"(?P<num>半|{_NUM})\s*(?:个)?\s*(?P<unit>年|个月)(?P<half>半)?"
)
# How long the project runs: "项目实施周期18个月", "项目要做三年", "工期两年".
_PROJECT_TERM = re.compile(
    rf"(?:实施周期|项目周期|执行期|建设期|工期|周期|要做|得做|做完要|需要做)[^，。,；;0-9零一二两三四五六七八九十]{{0,4}}"
    rf"(?P<num>{_NUM})\s*(?:个)?\s*(?P<unit>年|个月|月)(?P<half>半)?"
)
_BARE_YEARS = re.compile(rf"(?P<num>{_NUM})\s*年(?:了|多)?")
_RENT = re.compile(
    rf"(?:租|房租|租金|租赁|租期|租用)[^，。,；;0-9零一二两三四五六七八九十]{{0,6}}(?P<num>{_NUM})\s*(?:个)?\s*(?P<unit>月|年)"
)
# "嘉定区企业", "上海的制造企业": a clause naming the company by its place says where it is registered.
_REGISTERED = re.compile(
    r"注册|登记|位于|落户|坐落|地处|我们在|我们是|公司在|企业在|我司在|公司是|总部在|的企业|的公司|本地|(?:企业|公司)$"
)
_SAID_UNIT = re.compile(
    r"(?:注册在|注册地(?:是|在|为)?|位于|落户(?:在)?|我们是|我们在|公司在|企业在|我司在|总部在)\s*"
    r"(?P<place>[\u4e00-\u9fff]{2,8}?(?:新区|区|县|市|省))"
    r"|(?P<place2>[\u4e00-\u9fff]{2,8}?(?:新区|区|县|市|省))(?=的企业|的公司|注册)"
)
_BARE_UNIT = re.compile(r"[\u4e00-\u9fff]{2,8}(?:新区|区|县|市|省)")
# The words for where taxes are filed, as conditions write them too (knowledge.facts.clause_predicates).
_TAX_PLACE = re.compile(
    r"户管|税务登记|税务关系|纳税关系|纳税地|税收在|税在|纳税在|缴税在|税收(?:关系)?(?:也)?(?:在|落)"
)
# "项目落在宝山", "项目在嘉定实施": where the project is, not where the company is registered.
_PROJECT_PLACE = re.compile(r"项目(?!单位|负责人|法人)[^，。,；;]{0,6}?(?:落地|落在|落户|实施|建设|在|位于)")
_ASKS_RULE = re.compile(r"要求|条件|需要|须|必须|规定|限定|限制|是否|可以在")
_FIRST_PERSON = re.compile(r"我们|我司|我公司|本公司|咱们|我是|我家|我这")
_NEGATION = re.compile(
    r"(?:不是|并非|而不是|没有|不到|并不是|还不是|未被认定为?|不属于|没|无)\s*$"
    r"|(?:没|未|还没|尚未|暂未)有?(?:拿到|获得|取得|通过|评上|被?认定为?|申请到)\s*$"  # "还没拿到高企"
)
_HAVING = re.compile(r"是|有|获|已|属于|认定|作为|评为|入选")
# A certificate asked for, not held: right after a word of applying or wanting, or a few words after one of
# applying ("想报江门高企认定补助"); "拿到了高企", "认定为高企" are held.
_TARGET = re.compile(
    r"(?:报|申请|申报|参评)[^，。,；;是为了过]{0,4}$|(?:推荐|(?<!首次)(?<!新)(?<!已)(?<!过)(?<!曾)认定|评|拿|想要|打算|准备)\s*$"
)
_NONE_HELD = re.compile(r"(?:都?没有|无|没|都不是|暂无|还没有|啥都没有)(?:任何)?(?:资质|认定|证书|称号)?")
_BAD_CREDIT = re.compile(
    r"失信|信用(?:记录|等级|评级|评价)?(?:为|是|被评为?)?(?:不太?好|较差|差|不良|有问题|[DＤ]级)|黑名单"
    r"|被列入.{0,6}(?:名单|异常)|不良(?:信用)?记录"
)
# A record put right since ("已移出", "已修复"): whether it still counts is for the notice's wording to say.
_CREDIT_CLEARED = re.compile(r"已(?:经)?(?:被)?(?:移出|移除|修复|撤销|解除|撤出)")
_GOOD_CREDIT = re.compile(r"(?:信用|征信)(?:记录)?(?:良好|很好|没问题|正常)|(?:没有|无)(?:失信|不良)")
# Applicants that are no legal person of their own: a branch, a sole trader (个体工商户), a sole proprietorship.
_BRANCH = re.compile(r"分支机构|分公司|办事处|个体工商户|个体户|个人独资")
# A certificate the company held once but holds no more ("高企证书去年过期了", "资格已过有效期").
_LAPSED = re.compile(r"^[^，。,；;]{0,8}?(?:过期|失效|到期|过了?有效期|被(?:取消|撤销)|不在有效期)")
# "由陕西整体迁入山西", "从外地搬到南山": the company is registered where it moved to.
_MOVED_TO = re.compile(r"(?:迁入|迁到|迁至|迁来|搬到|搬迁到|搬迁至|落户到)")
_LEGAL_PERSON = re.compile(r"独立法人")
# Above the statistical size threshold ("规上企业", "规模以上工业企业") or not ("规下", "还没进规上").
_ABOVE_SCALE = re.compile(r"规上|规模以上")
_BELOW_SCALE = re.compile(r"规下|规模以下|(?:不是|并非|非|没进|未进|还没进|尚未进|未纳入|没纳入|不属于|不够)[^，。,;；]{0,3}?(?:规上|规模以上)")
_CLAUSE = re.compile(r"[^，。,；;！!？?\n]+")
# "注册在南山但税务登记在福田": two facts in one clause, each with its own place.
_BUT = re.compile(r"但是?|不过")


def _number(text: str) -> float | None:
    try:
        return number(text)
    except ValueError:
        return None


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 5) : start]))


# A negation shared by a list: "无高企、科技型中小企业或专精特新资质" denies every item.
_LIST_NEGATION = re.compile(
    r"(?:不是|并非|没有|没|无|未获得?|不属于)(?:[^，。,；;、或和及与]{1,12}[、或和及与])+\s*$"
)


def _list_negated(text: str, start: int) -> bool:
    return _negated(text, start) or bool(_LIST_NEGATION.search(text[:start]))


def _last(found: list[Any]) -> Any:
    """The value said last in a message: "不是80人，是120人" has already dropped the negated 80."""
    return found[-1] if found else None


def _money(clauses: list[str], cue: re.Pattern[str]) -> float | None:
    values = []
    for clause in clauses:
        if not cue.search(clause):
            continue
        for m in _MONEY.finditer(clause):
            if not _negated(clause, m.start()) and (wan := money_wan(m["num"] + m["unit"])) is not None:
                values.append(wan)
    return _last(values)


def _staff(clauses: list[str]) -> tuple[int | None, int | None]:
    """(employees, R&D staff): a count after 研发人员 is not the head count."""
    staff, rd = [], []
    for clause in clauses:
        for m in _STAFF.finditer(clause):
            value = _number(m["num"] or m["num2"])
            if value is None or _negated(clause, m.start()) or _PERCENT.match(clause, m.end()):
                continue
            before = clause[: m.start()]
            (rd if _RD_STAFF.search(before[-8:] + m.group()) else staff).append(int(value))
    return _last(staff), _last(rd)


def _ratios(clauses: list[str]) -> tuple[float | None, float | None]:
    """(R&D spending ratio, R&D staff ratio) in %."""
    spend, staff = [], []
    for clause in clauses:
        if not _RD.search(clause) and not _RD_STAFF.search(clause):
            continue
        for m in _PERCENT.finditer(clause):
            value = _number(m["num"] or m["cn"])
            if value is None or _negated(clause, m.start()):
                continue
            (staff if _RD_STAFF.search(clause[: m.start()]) or "人员" in clause else spend).append(value)
    return _last(spend), _last(staff)


def _growth(clauses: list[str]) -> float | None:
    values = []
    for clause in clauses:
        for m in _GROWTH.finditer(clause):
            value = _number(m["num"])
            before = clause[: m.start()]
            if value is None or _negated(clause, m.start()):
                continue
            if _OTHER_GROWTH.search(before) and not _REVENUE_CUE.search(before):
                continue
            falling = (m["word"] in ("下降", "下滑", "减少")) != bool(m["sign"])
            values.append(-value if falling else value)
    return _last(values)


# "中小型汽车零部件企业", "我们是大型企业": the size class, in a clause that ends naming the company;
# 科技型/创新型/专精特新中小企业 are certificates, "中小企业数字化转型专项" a programme.
_SIZE = re.compile(
    r"(?<![型新])(?P<size>中小微|中小|小微|大型|中型|小型|微型)型?[\u4e00-\u9fff()（）]{0,14}?(?:企业|公司)(?:[(（][^()（）]*[)）])?$"
)


def _size(clauses: list[str]) -> str | None:
    found = [
        m["size"]
        for clause in clauses
        if (m := _SIZE.search(clause.strip()))
        and not _negated(clause, m.start())
        and not asks_question(clause)
    ]
    return _last(found)


def _founding(clauses: list[str], in_form: bool = False) -> tuple[float | None, int | None, int | None]:
    """(years since founding as said, founding year as said, its month when said: "2017年10月才在嘉定注册" → 10);
    inside the form a bare "6年" is the age."""
    years: list[float] = []
    founded: list[tuple[int, int | None]] = []
    for clause in clauses:
        bare = _BARE_YEARS.fullmatch(clause.strip()) if in_form else None
        if bare and (value := _number(bare["num"])) is not None:
            years.append(value)
        for m in _FOUNDED_YEAR.finditer(clause):
            month = int(m["m"]) if m["m"] and 1 <= int(m["m"]) <= 12 else None
            founded.append((int(m["y"]), month))
        founded += [(int(m["y"]), None) for m in _FOUNDED_IN.finditer(clause)]
        for m in _AGE.finditer(clause):
            value = 0.5 if m["num"] == "半" else _number(m["num"])
            if value is None or _negated(clause, m.start("num")) or value >= 1900:
                continue  # "成立于2022年" names a year, not an age
            value = value / 12 if m["unit"] == "个月" else value + (0.5 if m["half"] else 0)
            years.append(round(value, 2))
    year, month = _last(founded) or (None, None)
    return _last(years), year, month


def _rent(clauses: list[str]) -> float | None:
    months = []
    for clause in clauses:
        for m in _RENT.finditer(clause):
            if (value := _number(m["num"])) is not None:
                months.append(value * 12 if m["unit"] == "年" else value)
    return _last(months)


def _project_term(clauses: list[str]) -> float | None:
    months = []
    for clause in clauses:
        for m in _PROJECT_TERM.finditer(clause):
            if (value := _number(m["num"])) is not None:
                years = value + (0.5 if m["half"] else 0)
                months.append(years * 12 if m["unit"] == "年" else value)
    return _last(months)


def _held(clause: str) -> list[str]:
    """Certificates ``clause`` says the company holds; one named in a question without a word of having
    ("专精特新种子企业这条够吗") is the programme asked about, not a certificate held."""
    held: list[str] = []
    taken = [False] * len(clause)
    asks = asks_question(clause)
    for written, name in CERTIFICATES.items():
        for m in re.finditer(re.escape(written), clause):
            if any(taken[m.start() : m.end()]):
                continue  # 高企 inside 国高企业 already read
            taken[m.start() : m.end()] = [True] * len(written)
            before = clause[max(0, m.start() - 6) : m.start()]
            if _TARGET.search(before) or (asks and not _HAVING.search(before)):
                continue  # "能报小巨人吗": asked for, not held
            if _LAPSED.search(clause[m.end() :]):
                continue  # held once, lapsed now
            if not _list_negated(clause, m.start()) and name not in held:
                held.append(name)
    return held


def _lapsed(clauses: list[str]) -> bool:
    """Whether the company says a certificate it held has lapsed (so, as things stand, it holds none)."""
    return any(
        _LAPSED.search(clause[m.end() :])
        for clause in clauses
        for written in CERTIFICATES
        for m in re.finditer(re.escape(written), clause)
    )


def _certificates(clauses: list[str], text: str, requested: str | None) -> tuple[str, ...] | None:
    held = list(dict.fromkeys(name for clause in clauses for name in _held(clause)))
    if held:
        return tuple(held)
    if (requested == "qualifications" and _NONE_HELD.match(text.strip())) or _lapsed(clauses):
        return ()
    return None


def _unit_words(clause: str, requested: str | None) -> str:
    """A place the gazetteer does not know, named with its unit suffix where a registration is said
    ("注册在示例区"): kept as said; the document it is compared with may declare it."""
    found = _SAID_UNIT.search(clause)
    words = (found["place"] or found["place2"]) if found else ""
    if not words and requested == "registered_place" and _BARE_UNIT.fullmatch(clause.strip()):
        words = clause.strip()
    return words if words and _unit_name(words) else ""


def _unit_name(words: str) -> bool:
    """A name plus a unit suffix jieba cuts off ("示例/区"), not a word ending in one ("超市")."""
    import jieba  # lazy, as in knowledge.facts.places

    return jieba.lcut(words, HMM=False)[-1] in ("区", "市", "县", "省", "新区")


def _places(clauses: list[str], requested: str | None) -> tuple[str | None, str | None, str | None]:
    """(registered, tax, project place words): a place in a clause about registering, tax or the project."""
    registered, tax, project = [], [], []
    for clause in clauses:
        moved = _MOVED_TO.search(clause)
        if moved and (there := place_words(clause[moved.end() :])):
            registered.append(there)
            continue
        words = place_words(clause) or _unit_words(clause, requested)
        if not words:
            continue
        if _PROJECT_PLACE.search(clause):
            project.append(words)
        elif _TAX_PLACE.search(clause):
            tax.append(words)
        elif _REGISTERED.search(clause) or requested == "registered_place":
            registered.append(words)
    return _last(registered), _last(tax), _last(project)


def _clauses(text: str) -> list[str]:
    """Clauses that describe the company; a clause asking what a rule requires describes nobody."""
    clauses = [part for c in _CLAUSE.findall(text) for part in _BUT.split(c) if part.strip()]
    return [c for c in clauses if not (_ASKS_RULE.search(c) and not _FIRST_PERSON.search(c))]


def _bare_answer(text: str, requested: str, profile: dict[str, Any]) -> None:
    """The form asked for ``requested``: a bare "80", "3年" or "800万" answers it in the form's unit."""
    found = re.fullmatch(
        rf"\D{{0,6}}?(?P<num>{_NUM})\s*(?P<unit>亿|万|元|年|人|个月|%|％)?\D{{0,6}}", text.strip()
    )
    if not found or (value := _number(found["num"])) is None:
        return
    unit = found["unit"] or ""
    if requested == "revenue":
        profile["revenue"] = money_wan(found["num"] + unit) if unit in ("亿", "万", "元") else value
    elif requested == "employees" and unit in ("", "人"):
        profile["employees"] = int(value)
    elif requested == "years_established" and unit in ("", "年"):
        profile["years_established"] = value
    elif requested == "rd_ratio" and unit in ("", "%", "％"):
        profile["rd_ratio"] = value


def parse_profile(
    text: str, *, previous: CompanyProfile | None = None, requested: str | None = None
) -> CompanyProfile:
    """Every profile fact stated in ``text``, on top of ``previous`` (what was said before).

    ``requested`` names the field a form just asked for: a bare answer ("80", "徐汇", "没有") then
    means that field. Without it, facts are read only from clauses about the company, so
    "要求在上海注册吗" states nothing.
    """
    text = text or ""
    clauses = _clauses(text)
    found: dict[str, Any] = {}
    found["registered_place"], found["tax_place"], found["project_place"] = _places(clauses, requested)
    found["revenue"] = _money(clauses, _REVENUE_CUE)
    found["revenue_growth"] = _growth(clauses)
    found["size"] = _size(clauses)
    found["tax"] = _money(clauses, _TAX_CUE)
    found["financing"] = _money(clauses, _FINANCING_CUE)
    found["rd_spend"] = _money(clauses, _RD_SPEND_CUE)
    found["employees"], found["rd_staff"] = _staff(clauses)
    found["rd_ratio"], found["rd_staff_ratio"] = _ratios(clauses)
    found["years_established"], found["founded_year"], found["founded_month"] = _founding(
        clauses, in_form=requested is not None
    )
    found["rent_months"] = _rent(clauses)
    found["project_months"] = _project_term(clauses)
    found["qualifications"] = _certificates(clauses, text, requested)
    joined = "，".join(clauses)
    if _CREDIT_CLEARED.search(joined):
        pass  # neither good nor bad: the check asks
    elif _BAD_CREDIT.search(joined) and not _GOOD_CREDIT.search(joined):
        found["credit_ok"] = False
    elif _GOOD_CREDIT.search(joined):
        found["credit_ok"] = True
    if _BRANCH.search(joined):
        found["independent_legal_person"] = False
    elif _LEGAL_PERSON.search(joined) and not _negated(joined, joined.find("独立法人")):
        found["independent_legal_person"] = True
    if _BELOW_SCALE.search(joined):
        found["above_scale"] = False
    elif _ABOVE_SCALE.search(joined):
        found["above_scale"] = True
    if requested and found.get(requested) is None:
        _bare_answer(text, requested, found)
    found["statements"] = tuple(statement_clauses(text)) or None
    parsed = CompanyProfile.from_dict({k: v for k, v in found.items() if v is not None})
    return (previous or CompanyProfile()).merged(parsed)


def _states_facts(profile: CompanyProfile) -> bool:
    """Whether ``profile`` holds a checkable field (its statements alone name nothing to drop)."""
    return any(name != "statements" for name in profile.stated())


def without_profile(text: str) -> str:
    """``text`` without the clauses that only state the company's own facts.

    "示例区小巨人，我们注册在示例区，员工80人，去年营收1500万，能报吗" → "示例区小巨人，能报吗": what
    is left names the programme and the ask, so document resolution does not look for a notice about
    "营收". A clause that also names a certificate is kept (it may be the programme: "专精特新").
    """
    kept = [
        clause
        for clause in _CLAUSE.findall(text or "")
        if not _states_facts(parse_profile(clause)) or any(written in clause for written in CERTIFICATES)
    ]
    return "，".join(kept)
