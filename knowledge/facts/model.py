"""Typed facts extracted from one document, each carrying its source span.

A document without some field keeps it empty (``None`` / ``[]``): nothing is
invented. ``DocFacts.to_dict(today)`` is the JSON shape used by
``policybot facts --json`` and by ``ask``'s ``facts`` field.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time
from typing import Any

from knowledge.model import CallStatus, Span


@dataclass(frozen=True)
class Window:
    """An application window (申报时间). Datetimes are timezone-aware (Asia/Shanghai by default).

    ``end`` is the last moment applications are accepted: "2月4日16时" → 16:00;
    a date without time → 23:59:59 of that day; "24时" → 23:59:59 of that day.
    """

    start: datetime | None
    end: datetime | None
    span: Span
    label: str = ""  # e.g. "第五批", "网上申报", "纸质材料报送"
    year_inferred: bool = False  # a year was taken from the issue date, not the text
    end_time_given: bool = False  # the text states a clock time for the end
    hard: bool = False  # the notice says late applications are refused (逾期不予受理)
    # "applicant": companies apply by then; "authority": a district/department forwards
    # applications by then (行文报送) — later than, and not, a company's own deadline;
    # "public": anyone comments on a draft by then (征求意见).
    audience: str = "applicant"
    # knowledge.facts.steps.Step value: apply / pre / online / paper / ecopy / district / comment.
    step: str = "apply"
    batch: str = ""  # "第二批" when the window belongs to one batch of the call
    recurring: bool = False  # "每年3月1日至4月30日": status uses this year's (or next year's) occurrence
    year_source: str = ""  # where an inferred year came from: sentence / issued / text / title

    def occurrence(self, now: datetime) -> Window:
        """This window, or for a recurring one its occurrence that has not ended by ``now``."""
        if not self.recurring or self.end is None:
            return self
        shift = now.astimezone(self.end.tzinfo).year - self.end.year
        if _shift_year(self.end, shift) < now:
            shift += 1
        return replace(
            self,
            start=_shift_year(self.start, shift) if self.start else None,
            end=_shift_year(self.end, shift),
        )

    def status(self, now: datetime) -> CallStatus:
        window = self.occurrence(now)
        if window.end is None and window.start is None:
            return CallStatus.UNKNOWN
        if window.start is not None and now < window.start:
            return CallStatus.UPCOMING
        if window.end is not None:
            return CallStatus.OPEN if now <= window.end else CallStatus.CLOSED
        return CallStatus.UNKNOWN  # started, end not stated

    def days_left(self, today: date) -> int | None:
        """Calendar days from ``today`` to the end date, both in the end's own zone (China time)."""
        if self.end is None:
            return None
        end = self.occurrence(datetime.combine(today, time(0, 0), tzinfo=self.end.tzinfo)).end
        return (end.date() - today).days

    def to_dict(self, now: datetime | None = None) -> dict[str, Any]:
        shown = self.occurrence(now) if now is not None else self  # a recurring window's next occurrence
        data: dict[str, Any] = {
            "label": self.label,
            "start": shown.start.isoformat() if shown.start else None,
            "end": shown.end.isoformat() if shown.end else None,
            "year_inferred": self.year_inferred,
            "end_time_given": self.end_time_given,
            "hard": self.hard,
            "audience": self.audience,
            "step": self.step,
            "batch": self.batch,
            "recurring": self.recurring,
            "year_source": self.year_source,
            "span": self.span.to_dict(),
        }
        if now is not None:
            data["status"] = self.status(now).value
            # "还有N天" counts calendar days in the notice's zone, whatever zone ``now`` is in.
            local = now.astimezone(self.end.tzinfo) if self.end is not None else now
            data["days_left"] = self.days_left(local.date())
        return data


def _shift_year(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February in a year without one
        return moment.replace(year=moment.year + years, day=28)


@dataclass(frozen=True)
class Predicate:
    """A machine-checkable condition on a company profile.

    field: one of PROFILE_FIELDS, "founded" (a founding-date bound, value ISO date), "declaration" (only the
    company can confirm it; value says what) or "any" (alternatives: value lists predicate dicts, one met suffices);
    op: ">=", "<=", ">", "<", "==", "in" (value: place chain), "has" / "not_has" (certificate), "confirm", "any";
    value: number (amounts in 万元, years, persons, %), str, tuple of place names, or list of predicate dicts.
    """

    field: str
    op: str
    value: Any
    unit: str = ""


# Company-profile fields a Predicate may test; shared with the Rasa eligibility form.
PROFILE_FIELDS = {
    "registered_place": "注册地（省/市/区）",
    "tax_place": "税收户管地",
    "years_established": "成立年限（年）",
    "employees": "员工人数",
    "rd_staff": "研发人员数",
    "rd_staff_ratio": "研发人员占比（%）",
    "revenue": "上年度营业收入（万元）",
    "tax": "上年度纳税额（万元）",
    "financing": "融资额（万元）",
    "rd_ratio": "研发投入占比（%）",
    "qualifications": "资质（高新技术企业、专精特新、小巨人等）",
    "rent_months": "场地租赁时长（月）",
    "independent_legal_person": "是否独立法人",
    "credit_ok": "信用记录良好（无失信记录）",
}


@dataclass(frozen=True)
class Condition:
    text: str
    span: Span
    predicate: Predicate | None = None  # None: only the raw text can be shown


@dataclass(frozen=True)
class Amount:
    text: str
    span: Span
    max_wan: float | None = None  # cap in 万元 (最高不超过500万元 → 500.0)
    ratio: float | None = None  # percentage (给予…10%补贴 → 10.0)
    fixed_wan: float | None = None  # fixed amount in 万元 (40万元/项, 一次性奖励20万元)
    one_off: bool = False
    # Who the figure applies to: "per_applicant" (one company / project may get it) or
    # "total_budget" (the whole programme's budget, e.g. 每年发放不超过1000万元) — never quote a
    # budget total to a company as its own possible grant.
    scope: str = "per_applicant"


@dataclass(frozen=True)
class Material:
    text: str
    span: Span


@dataclass(frozen=True)
class Submission:
    text: str
    span: Span
    method: str = ""  # "online" | "paper" | "email" | "onsite" | ""
    url: str = ""
    address: str = ""


@dataclass(frozen=True)
class Contact:
    span: Span
    department: str = ""
    person: str = ""
    phones: tuple[str, ...] = ()
    email: str = ""
    address: str = ""
    fax: tuple[str, ...] = ()  # 传真: not a number to call, but asked for


@dataclass(frozen=True)
class DocFacts:
    doc_id: str
    title: str
    windows: list[Window] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    materials: list[Material] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)

    @property
    def deadline(self) -> Window | None:
        """The applicant window whose end is latest (the final chance to apply), if any window has an end.

        A draft's comment period counts when the document states no applicant window, and windows for
        authorities (主管部门行文报送) only when it states neither: their later date is not a company's
        deadline. (``knowledge.facts.windows.select_windows`` makes the same choice for a question.)
        """
        pools = [[w for w in self.windows if w.audience == a] for a in ("applicant", "public", "authority")]
        for pool in pools:
            ended = [w for w in pool if w.end is not None]
            if ended:
                return max(ended, key=lambda w: w.end)
        # A start without an end ("自…起申报"); an objection date (audience "other") is never the deadline.
        return next((w for pool in pools for w in pool), None)

    def status(self, now: datetime) -> CallStatus:
        window = self.deadline
        return window.status(now) if window else CallStatus.UNKNOWN

    def missing(self) -> list[str]:
        """Names of the fields this document does not state."""
        names = ("windows", "conditions", "amounts", "materials", "submissions", "contacts")
        return [name for name in names if not getattr(self, name)]

    def to_dict(self, now: datetime | None = None) -> dict[str, Any]:
        def plain(items: list[Any]) -> list[dict[str, Any]]:
            return [asdict(item) for item in items]

        deadline = self.deadline
        return {
            "doc": self.doc_id,
            "title": self.title,
            "status": self.status(now).value if now is not None else None,
            "deadline": deadline.to_dict(now) if deadline else None,
            "windows": [w.to_dict(now) for w in self.windows],
            "conditions": plain(self.conditions),
            "amounts": plain(self.amounts),
            "materials": plain(self.materials),
            "submissions": plain(self.submissions),
            "contacts": plain(self.contacts),
            "missing": self.missing(),
        }
