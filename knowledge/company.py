"""What a company has said about itself: the profile the eligibility check applies conditions to.

A plain value type (no parsing, no gazetteer) so that every layer — the parser in
:mod:`knowledge.profile`, the check in :mod:`knowledge.facts.eligibility`, the facade's ``ask(profile=…)``
and the Rasa actions — can hold one without importing the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any


@dataclass(frozen=True)
class CompanyProfile:
    """What a company has said about itself. ``None``: not said. Money in 万元, ratios in %."""

    registered_place: str | None = None  # place words as said ("徐汇", "深圳南山")
    tax_place: str | None = None  # 税收户管地 when said apart from the registration
    project_place: str | None = None  # where the project is carried out, when said ("项目落在宝山")
    size: str | None = None  # size class as said: 大型 / 中型 / 小型 / 微型 / 中小 / 小微 / 中小微
    employees: int | None = None
    rd_staff: int | None = None
    rd_staff_ratio: float | None = None
    revenue: float | None = None
    revenue_growth: float | None = None  # revenue growth over a year, in % (下降2% → -2)
    tax: float | None = None
    financing: float | None = None
    rd_ratio: float | None = None
    rd_spend: float | None = None  # R&D spending in 万元
    years_established: float | None = None
    founded_year: int | None = None
    founded_month: int | None = None  # the month of founded_year, when said ("2017年10月注册")
    qualifications: tuple[str, ...] | None = None  # () = "none held"
    rent_months: float | None = None
    project_months: float | None = None  # how long the project runs, in months, as said
    credit_ok: bool | None = None
    independent_legal_person: bool | None = None
    above_scale: bool | None = None  # 规模以上 (规上) enterprise in the statistics, as said
    # The company's own clauses ("项目还没进滚动项目库"), held against conditions no field can check.
    statements: tuple[str, ...] | None = None

    def merged(self, newer: CompanyProfile) -> CompanyProfile:
        """This profile updated with everything ``newer`` states (a correction replaces the old value);
        statements add up, the newer last."""
        values = {k: v for k, v in asdict(newer).items() if v is not None}
        if newer.founded_year is not None:  # a month said of another year no longer holds
            values["founded_month"] = newer.founded_month
        if self.statements and newer.statements:
            values["statements"] = tuple(dict.fromkeys((*self.statements, *newer.statements)))
        return replace(self, **values)

    def stated(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]

    def __bool__(self) -> bool:
        return bool(self.stated())

    def age(self, today: date) -> float | None:
        """Years since founding: as said, else from the founding year (a year's start is not known)."""
        if self.years_established is not None:
            return self.years_established
        return float(today.year - self.founded_year) if self.founded_year is not None else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able: only the stated fields."""
        return {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in asdict(self).items()
            if value is not None
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CompanyProfile:
        """The inverse of :meth:`to_dict`; unknown keys are refused (a typo would silently drop a fact)."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown profile fields: {sorted(unknown)}")
        values = {k: v for k, v in data.items() if v is not None}
        for name in ("qualifications", "statements"):
            if name in values:
                held = values[name]
                values[name] = tuple([held] if isinstance(held, str) else held)
        return cls(**values)
