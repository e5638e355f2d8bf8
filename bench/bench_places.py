"""Which gazetteer reads places best: cpca, jionlp (two entry points) or jionlp's data with whole-name matching.

    .venv/bin/python -m bench.bench_places [--shared ../shared]

Three measures, each "cases read right" (the gold place is in the chain read):
(a) company self-descriptions (written here, as users type them, with and without 区/市);
(b) notices: the place read from a notice's title and issuer (not its region column) against the region
    column of ``sources.tsv`` in ``../shared/corpus*`` — tuning and test halves by document, as in
    knowledge.evaluate.half_of;
(c) traps: roads, streets and words that contain a place name (中山北路, 长安街 …) must yield no place
    other than the one really named.
cpca and jionlp are optional here; a missing one is reported as such.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from knowledge.evaluate import half_of
from knowledge.facts.places import places_in

# (text, expected deepest full name or "" for none)
COMPANY = [
    ("我们注册在徐汇", "徐汇区"),
    ("浦东的", "浦东新区"),
    ("公司在深圳南山", "南山区"),
    ("注册地杭州滨江区", "滨江区"),
    ("我们是奉贤区的企业", "奉贤区"),
    ("公司注册在嘉定，员工50人", "嘉定区"),
    ("我司位于苏州工业园区", "苏州工业园区"),
    ("注册在昆山", "昆山市"),
    ("我们在成都双流注册的", "双流区"),
    ("公司在武汉江夏", "江夏区"),
    ("注册地是宁波鄞州", "鄞州区"),
    ("我们在郑州，成立3年", "郑州市"),
    ("在广州注册", "广州市"),
    ("公司在海淀", "海淀区"),
    ("注册在重庆渝北区", "渝北区"),
    ("我们在青岛", "青岛市"),
    ("我们公司在沈阳", "沈阳市"),
    ("在晋江注册的民营企业", "晋江市"),
    ("注册地乌鲁木齐", "乌鲁木齐市"),
    ("我们在文昌", "文昌市"),
    ("公司注册在天津滨海新区", "滨海新区"),
    ("我们是长宁的", "长宁区"),
    ("注册在松江区，税收也在松江", "松江区"),
    ("公司在厦门", "厦门市"),
    ("我们在台州注册", "台州市"),
]
# (text, the only acceptable deepest name, "" for none)
TRAPS = [
    ("公司地址在上海市中山北路100号", "上海市"),
    ("办公室在长安街旁边", ""),
    ("我们在南京路上开店", ""),
    ("江南水乡的企业", ""),
    ("两江新区的园区企业", ""),
    ("雄安新区", ""),
    ("公司在人民路", ""),
    ("注册在黄河路", ""),
    ("北京东路的写字楼", ""),
    ("新区企业能报吗", ""),
    ("中山公园附近", ""),
    ("东方明珠", ""),
]
Reader = Callable[[str], tuple[str, ...]]
_GOLD_PART = re.compile(r".+?(?:自治区|自治州|省|市|区|县|盟|旗)")


def gold_deepest(region: str) -> str:
    """Deepest administrative name of a sources.tsv region: "江苏省苏州市（苏州工业园区）" → 苏州市."""
    head = re.split(r"[(（]", region)[0].replace("·", "")
    parts = _GOLD_PART.findall(head)
    return parts[-1] if parts else ""


def notices(shared: Path) -> list[tuple[str, str, str, str]]:
    """(doc_id, title, issuer, gold deepest name) for every document in ../shared/corpus*."""
    rows = []
    for folder in sorted(shared.glob("corpus*")):
        tsv = folder / "sources.tsv"
        if not tsv.exists():
            continue
        with tsv.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                path = folder / row["file"]
                title = row.get("title") or next(
                    (line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()),
                    "",
                )
                issuer = re.split(r"[(（]", row.get("issuer", ""))[0]
                rows.append((Path(row["file"]).stem, title, issuer, gold_deepest(row["region"])))
    return rows


def _ours(text: str) -> tuple[str, ...]:
    chains = places_in(text)
    return chains[0] if chains else ()


def _cpca() -> Reader | None:
    try:
        import cpca
    except ImportError:
        return None

    def read(text: str) -> tuple[str, ...]:
        row = cpca.transform([text]).iloc[0]
        return tuple(
            value
            for column in ("省", "市", "区")
            if isinstance(value := row[column], str) and value != "市辖区"
        )

    return read


def _jionlp(kind: str) -> Reader | None:
    try:
        import jionlp
    except ImportError:
        return None

    def chain(found: dict[str, str | None]) -> tuple[str, ...]:
        return tuple(v for k in ("province", "city", "county") if (v := found.get(k)))

    def parse(text: str) -> tuple[str, ...]:
        return chain(jionlp.parse_location(text))

    def recognize(text: str) -> tuple[str, ...]:
        domestic = jionlp.recognize_location(text).get("domestic") or []
        return chain(domestic[0][0]) if domestic else ()

    return parse if kind == "parse" else recognize


def _right(chain: tuple[str, ...], gold: str) -> bool:
    return gold in chain if gold else not chain


def _trap_right(chain: tuple[str, ...], gold: str) -> bool:
    return (chain[-1] if chain else "") == gold


def _notice_text(title: str, issuer: str) -> str:
    return f"{title} {issuer}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    args = parser.parse_args(argv)
    readers = {
        "cpca.transform": _cpca(),
        "jionlp.parse_location": _jionlp("parse"),
        "jionlp.recognize_location": _jionlp("recognize"),
        "jionlp data + whole names (ours)": _ours,
    }
    docs = notices(args.shared) if args.shared.exists() else []
    print(
        f"{'reader':36} {'company':>9} {'notices tuning':>15} {'notices test':>13} {'traps':>7} {'ms/text':>8}"
    )
    for name, read in readers.items():
        if read is None:
            print(f"{name:36} not installed")
            continue
        read("上海市徐汇区")  # load the reader's data before timing
        start, calls = time.perf_counter(), 0
        company = sum(_right(read(text), want) for text, want in COMPANY)
        traps = sum(_trap_right(read(text), want) for text, want in TRAPS)
        calls += len(COMPANY) + len(TRAPS)
        halves = {"tuning": [0, 0], "test": [0, 0]}
        for doc_id, title, issuer, gold in docs:
            half = halves[half_of(doc_id)]
            half[0] += _right(read(_notice_text(title, issuer)), gold)
            half[1] += 1
            calls += 1
        ms = (time.perf_counter() - start) * 1000 / calls
        cells = (
            [f"{company}/{len(COMPANY)}"]
            + [f"{h[0]}/{h[1]}" for h in halves.values()]
            + [f"{traps}/{len(TRAPS)}"]
        )
        print(f"{name:36} {cells[0]:>9} {cells[1]:>15} {cells[2]:>13} {cells[3]:>7} {ms:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
