"""The year of a date written without one ("6月25日前", "9月1日——10月31日").

Notices rarely repeat the year inside a sentence; a reader takes it from what is around. In order:
an explicit-year date earlier in the same sentence, the notice's issue date (``DocumentMeta.issued``),
the latest fully written date in the text (usually the signature date, which a page without metadata
still carries), and last the year in the title. A date that would fall before the issue date (or before
the anchor) belongs to the following year: "9月20日前" in a notice of October means next September.
Every year found this way is flagged on the window (``year_inferred`` / ``year_source``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.facts.datetext import DateParts

_TITLE_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")


@dataclass(frozen=True)
class Anchor:
    """A partly known date used to place yearless dates; month/day may be unknown."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse_iso(cls, iso: str) -> Anchor | None:
        found = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", (iso or "").strip())
        if not found:
            return None
        y, m, d = (int(g) if g else None for g in found.groups())
        return cls(y, m, d) if y else None

    def place(self, month: int, day: int | None) -> int:
        """The year of (month, day) on or after this anchor (same year when the anchor's month is unknown)."""
        if self.month is None:
            return self.year
        if (month, day or 31) < (self.month, self.day or 1):
            return self.year + 1
        return self.year


@dataclass(frozen=True)
class YearContext:
    """What a document offers for placing yearless dates."""

    issued: Anchor | None
    latest_in_text: Anchor | None  # the latest explicit-year full date anywhere in the text
    title_year: int | None

    @classmethod
    def build(cls, issued_iso: str, title: str, dated: list[DateParts]) -> YearContext:
        full = [p for p in dated if p.year is not None and p.day is not None]
        latest = max(full, key=lambda p: (p.year, p.month, p.day), default=None)
        years = [int(y) for y in _TITLE_YEAR.findall(title)]
        return cls(
            issued=Anchor.parse_iso(issued_iso),
            latest_in_text=Anchor(latest.year, latest.month, latest.day) if latest and latest.year else None,
            title_year=max(years) if years else None,
        )

    def year_for(self, parts: DateParts, neighbour: DateParts | None) -> tuple[int | None, str]:
        """(year, source) for a yearless date; ``neighbour``: the nearest explicit-year date before it in
        the same sentence. Source is one of "sentence", "issued", "text", "title"; (None, "") if unknown."""
        if neighbour is not None and neighbour.year is not None:
            year = neighbour.year  # "截止至2020年6月30日(其中网上申报截止至6月29日)": the same year
            if self.issued is None or self.issued.month is None or _on_or_after(year, parts, self.issued):
                return year, "sentence"
        if self.issued is not None:
            return self.issued.place(parts.month, parts.day), "issued"
        if self.latest_in_text is not None:
            # No metadata: the latest full date (often the signature) gives the year; it may itself be a
            # deadline later in the year, so it is not used to roll a date into the next year.
            return self.latest_in_text.year, "text"
        if self.title_year is not None:
            return self.title_year, "title"
        return None, ""


def _on_or_after(year: int, parts: DateParts, anchor: Anchor) -> bool:
    return (year, parts.month, parts.day or 31) >= (anchor.year, anchor.month or 1, anchor.day or 1)
