"""The year of a date written without one ("6月25日前", "9月1日——10月31日").

Notices rarely repeat the year inside a sentence; a reader takes it from what is around. In order:
an explicit-year date earlier in the same sentence, the notice's issue date (``DocumentMeta.issued``;
when it lacks its day, the signature date of the same year and month written on its own line at the
end), the signature date, the latest fully written date in the text (on a truncated page without one, the
latest month written with its year), and last the year in the title.
A date that would fall before the issue or signature date belongs to the following year: "9月20日前"
in a notice of October means next September.
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
    latest_in_text: Anchor | None  # the latest explicit-year full date (else year and month) in the text
    title_year: int | None
    signed: Anchor | None = None  # the signature date: a full date on a line of its own

    @classmethod
    def build(
        cls, issued_iso: str, title: str, dated: list[DateParts], signed: DateParts | None = None
    ) -> YearContext:
        # A truncated page may keep no full date: a month with its year ("2025年6月") still tells the year.
        written = [p for p in dated if p.year is not None]
        full = [p for p in written if p.day is not None] or written
        latest = max(full, key=lambda p: (p.year, p.month, p.day or 0), default=None)
        years = [int(y) for y in _TITLE_YEAR.findall(title)]
        return cls(
            issued=Anchor.parse_iso(issued_iso),
            latest_in_text=Anchor(latest.year, latest.month, latest.day) if latest and latest.year else None,
            title_year=max(years) if years else None,
            signed=Anchor(signed.year, signed.month, signed.day)
            if signed and signed.year and signed.day
            else None,
        )

    def _anchor(self) -> tuple[Anchor | None, str]:
        """The issue date, made exact by a signature date that agrees with it ("2025-10" and 2025年10月20日)."""
        issued, signed = self.issued, self.signed
        if issued is None:
            return (signed, "text") if signed else (None, "")
        agrees = signed is not None and signed.year == issued.year and issued.month in (None, signed.month)
        return (signed if issued.day is None and agrees else issued), "issued"

    def year_for(self, parts: DateParts, neighbour: DateParts | None) -> tuple[int | None, str]:
        """(year, source) for a yearless date; ``neighbour``: the nearest explicit-year date before it in
        the same sentence. Source is one of "sentence", "issued", "text", "title"; (None, "") if unknown."""
        anchor, source = self._anchor()
        if neighbour is not None and neighbour.year is not None:
            year = neighbour.year  # "截止至2020年6月30日(其中网上申报截止至6月29日)": the same year
            if anchor is None or anchor.month is None or _on_or_after(year, parts, anchor):
                return year, "sentence"
        if anchor is not None:
            return anchor.place(parts.month, parts.day), source
        if self.latest_in_text is not None:
            # No metadata: the latest full date (often the signature) gives the year; it may itself be a
            # deadline later in the year, so it is not used to roll a date into the next year.
            return self.latest_in_text.year, "text"
        if self.title_year is not None:
            return self.title_year, "title"
        return None, ""


def _on_or_after(year: int, parts: DateParts, anchor: Anchor) -> bool:
    return (year, parts.month, parts.day or 31) >= (anchor.year, anchor.month or 1, anchor.day or 1)
