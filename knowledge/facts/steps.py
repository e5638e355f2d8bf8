"""Which step of an application a dated clause is about, and who has to act by then.

A notice often states several dates: online filing, paper materials, the e-copy, a district's
pre-review or recommendation, batches, the comment period of a draft. Each becomes its own window,
named by its step, so that a question's words can pick one ("纸质材料什么时候交") and an unspecific
question can list them all. The cue words are data, kept here so a reviewer can audit them; they name
how Chinese notices describe a step in general, not the wording of any one notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from knowledge.facts.numbers import BATCH


class Step(str, Enum):
    """The step a window belongs to; the value is stored with the window."""

    APPLY = "apply"  # applying in general (申报时间, 截止时间)
    PRE = "pre"  # 预申报
    ONLINE = "online"  # 网上填报 / 系统填报
    PAPER = "paper"  # 纸质材料报送
    ECOPY = "ecopy"  # 电子版报送
    DISTRICT = "district"  # 区级初审 / 推荐 / 行文报送: a body forwards applications upward
    COMMENT = "comment"  # 征求意见 (drafts)
    OBJECTION = "objection"  # 异议: objecting to a result or to the data shown, not applying

    @property
    def label(self) -> str:
        """The step's Chinese name shown to users."""
        return _LABELS[self]


_LABELS = {
    Step.APPLY: "申报",
    Step.PRE: "预申报",
    Step.ONLINE: "网上填报",
    Step.PAPER: "纸质材料报送",
    Step.ECOPY: "电子版报送",
    Step.DISTRICT: "区级初审/推荐",
    Step.COMMENT: "征求意见",
    Step.OBJECTION: "异议反馈",
}

# Who acts by the window's end.
APPLICANT = "applicant"
AUTHORITY = "authority"  # a district/department forwards or pre-reviews applications
PUBLIC = "public"  # anyone commenting on a draft
OTHER = "other"  # a date applicants may need (objections) that is never the application deadline

# Channel cues in a clause, as written in notices; the nearest one before the date wins.
_STEP_CUES: dict[Step, re.Pattern[str]] = {
    Step.PRE: re.compile(r"预申报"),
    Step.ONLINE: re.compile(r"网上|线上|在线|网络|系统|平台|网报|填报|上传"),
    Step.PAPER: re.compile(
        r"纸质|纸本|书面|一式[一二三四五六七八九十\d]+份|装订|胶装|寄送|寄至|寄出|邮寄|快递|原件"
    ),
    Step.ECOPY: re.compile(r"电子版|电子文档|电子文件|电子材料|扫描件|光盘|PDF|pdf"),
}
OBJECTION_CUE = re.compile(r"异议|申诉")
COMMENT_CUE = re.compile(r"征求意见|意见建议|反馈意见|意见反馈|提出意见|修改意见|意见和建议")
# A body that forwards applications (its own deadline is later than, and not, a company's).
_FORWARDING = re.compile(
    r"推荐函|推荐文件|推荐报告|推荐意见|推荐汇总|汇总表|行文|初审|初核|形式审查|预审|审核后|审核通过后|择优推荐"
)
# A body's review or recommendation named before a date ("区县推荐截止时间为…", "区级审核推荐时间："); after a
# date it may be the next step of the applicant's own clause ("企业于…前申报，由各区县审核").
_BODY_REVIEW = re.compile(
    r"(?:区县|县区|区市|市州|地市|区级|县级|市级|各区|各县|各市|镇街|街道|主管部门)[^，,。；;]{0,4}?(?:推荐|审核|审查|复核)"
)
# "请各区科委…", "由镇街经信部门…", "各县(区)…部门": the subject is a body, not the applicant.
_BODY_SUBJECT = re.compile(
    r"(?:请|由|各)[^，,。；;、]{0,16}?"
    r"(?:部门|主管局|科技局|工信局|经信局|商务局|发改委|经信委|科委|经委|管委会|区县|县区|县\(区\)|县（区）|镇街|街道|镇区|区市|州市|地市)"
    r"|各(?:市|区|县|州|盟)(?![场民])[^，,。；;、]{0,8}"  # the words after it may name the applicant
)
# A list item's number at the start of a line: "2.", "3、", "（二）", "(4)", "三、" (``ENUMERATOR.pattern + "?"``
# makes it optional). Also used by dates.py for the items of a dated list.
ENUMERATOR = re.compile(
    r"^\s*(?:\d{1,2}[.、．]|[(（][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]{1,2}、)"
)
# A clause that opens with a body as its subject ("2.各区县科技管理部门组织审查，请于…"), after its enumerator.
_OPENING_BODY = re.compile(
    ENUMERATOR.pattern + r"?\s*"
    r"[^，,。；;：:]{0,16}?(?:部门|主管局|科技局|工信局|经信局|商务局|发改委|经信委|科委|经委|管委会)"
)
_APPLICANT_SUBJECT = re.compile(r"申报单位|申报主体|申报企业|申请单位|申请人|企业|项目单位|各单位|承担单位")
# Authority-side events that are never anyone's application deadline.
AUTHORITY_EVENT = re.compile(r"评审|答辩|公示|公布|下达|拨付|考察|立项|验收|发文|印发")
_ASIDE = re.compile(r"[(（;；]|其中")
_PHRASE_END = re.compile(r"[，,。；;]")
# An item's own heading: "（二）纸质材料：", "2.电子版材料:" (after its enumerator).
_ITEM_HEADING = re.compile(ENUMERATOR.pattern + r"?[^，,。；;：:]{1,12}[：:]")
_BRACKETED = re.compile(r"[(（【\[《“][^)）】\]》”]*$")


@dataclass(frozen=True)
class StepInfo:
    step: Step
    audience: str
    batch: str = ""


def classify(before: str, after: str, lead: str = "") -> StepInfo:
    """The step of a window from its clause: ``before`` runs from the end of the clause's previous date
    (else the clause start) to the window's first date, ``after`` from its last date to the clause's next
    date (else the clause end); ``lead`` is the clause before ``before``, which other dates own. In
    "企业于6月20日前在系统填报，各区于6月30日前完成初审" each date gets its own subject and channel."""
    batch = _batch(lead + before)  # "第二批：网上…6月20日，纸质…6月25日": both dates are the batch's
    if OBJECTION_CUE.search(before):
        return StepInfo(Step.OBJECTION, OTHER, batch)
    if COMMENT_CUE.search(before) or COMMENT_CUE.search(after[:30]):
        return StepInfo(Step.COMMENT, PUBLIC, batch)
    audience = _audience(before, after, lead)
    if audience == AUTHORITY:
        return StepInfo(Step.DISTRICT, AUTHORITY, batch)
    return StepInfo(_channel(before, after, lead), APPLICANT, batch)


def _audience(before: str, after: str, lead: str) -> str:
    """Who acts by the date: a forwarding step, else the subject of the date's own words, else (when they
    name none: "由各镇街于6月10日前审核、6月15日前汇总报送") the subject of the whole clause."""
    head = before[-60:]
    if _FORWARDING.search(head) or _BODY_REVIEW.search(head) or _FORWARDING.search(after[:40]):
        return AUTHORITY
    subject = (None if lead else _OPENING_BODY.match(before)) or _BODY_SUBJECT.search(head)
    if subject is None and lead and not _APPLICANT_SUBJECT.search(before):
        clause = lead + before
        subject = _OPENING_BODY.match(clause) or _BODY_SUBJECT.search(clause[-60:])
    if subject and not _APPLICANT_SUBJECT.search(subject[0]):
        return AUTHORITY
    return APPLICANT


def _channel(before: str, after: str, lead: str) -> Step:
    """The channel an item's own heading names ("纸质材料：…"); else the one named in the date's own
    comma-delimited phrase ("…，6月25日前将纸质材料送至…"); else the one named nearest before the date;
    paper and e-copy sent together count as paper (the e-copy goes with the bound set); else the first
    channel named right after the date."""
    heading = _ITEM_HEADING.match(lead + before)
    if heading:
        named_in_heading = [step for step, cue in _STEP_CUES.items() if cue.search(heading[0])]
        if len(named_in_heading) == 1:
            return named_in_heading[0]
    aside = _ASIDE.split(after, maxsplit=1)[0][:40]
    own = _PHRASE_END.split(before)[-1] + _PHRASE_END.split(aside, maxsplit=1)[0]
    named_own = {step for step, cue in _STEP_CUES.items() if cue.search(own)}
    if len(named_own) == 1:
        return named_own.pop()
    for text in (before, aside):
        named = {step for step, cue in _STEP_CUES.items() if cue.search(text)}
        if {Step.PAPER, Step.ECOPY} <= named:
            return Step.PAPER
        if named:
            break
    best: tuple[int, Step] | None = None
    for step, cue in _STEP_CUES.items():
        for found in cue.finditer(before):
            if best is None or found.end() > best[0]:
                best = (found.end(), step)
    if best is not None:
        return best[1]
    for step, cue in _STEP_CUES.items():  # "(其中网上申报…)" names another window: not read
        found = cue.search(aside)
        if found and (best is None or found.start() < best[0]):
            best = (found.start(), step)
    return best[1] if best else Step.APPLY


def _batch(before: str) -> str:
    """The batch named in the clause ("第二批截止时间为…"); one inside brackets or a programme's quoted
    name ("…补助(2021年第三批通过)") names the programme, not a batch of this call."""
    for found in reversed(list(BATCH.finditer(before))):
        if not _BRACKETED.search(before[: found.start()]):
            return found[0]
    return ""


def step_cue(step: Step) -> re.Pattern[str] | None:
    """The cue words of a channel step (used when a window's clause names several channels)."""
    return _STEP_CUES.get(step)
