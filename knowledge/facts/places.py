"""Chinese administrative places from a maintained gazetteer: "徐汇" = "徐汇区" = "上海市徐汇区".

A place is an administrative chain of full names, province → city → district ("上海市", "徐汇区");
a municipality's city level is its province, so it appears once. A chain may be partial: a name that
several units share and nothing around it settles ("朝阳区": Beijing or Changchun) stays alone.

Names come from jionlp's gazetteer (provinces, cities, districts/counties with their admin codes and
curated short names — "徐汇" for 徐汇区, but no short name "江南" for 江南区, a common word). Chosen over
cpca by measurement (bench/places.py): cpca does not read a bare district ("徐汇", "浦东") and reads
南京路 as 南京市. Only the gazetteer's data file is read: importing jionlp takes over a second and prints
a banner on stdout, which would corrupt ``policybot ask --json``.

Matching is by whole names: a name must start and end on jieba word boundaries and must not be the
head of a road, street or building name (中山北路 is no 中山市, 长安街 no 长安区). A county's short
name that jieba's dictionary knows only as a common word (灯塔 in "灯塔工厂", 平安, 前进) is a place only
where the text also names a unit above it ("辽阳灯塔").
"""

from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from collections import ChainMap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from knowledge.errors import KnowledgeError

Chain = tuple[str, ...]
PROVINCE, CITY, DISTRICT = 0, 1, 2
LEVELS = {"province": PROVINCE, "city": CITY, "district": DISTRICT}
_DIRECT = "省直辖"  # jionlp's pseudo-city above county-level cities directly under a province
# A place name followed by one of these is the head of another proper noun: 中山北路, 长安街, 南京路.
_NOT_A_PLACE_AFTER = re.compile(
    r"[东南西北中]?(?:路|街|大街|大道|道|巷|弄|胡同|桥|站|号|里|村|镇|乡|公园|大学|学院|医院|广场|大厦|中学|小学|机场|港)"
)
_SUFFIXES = ("区", "市", "县", "省", "州", "盟", "旗")
# jieba's part-of-speech tags of proper names: place, person, transliterated person, organisation, other.
_PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nt", "nz"})
_OWN = {
    "本区": DISTRICT,
    "本县": DISTRICT,
    "本市": CITY,
    "本省": PROVINCE,
    "全区": DISTRICT,
    "全市": CITY,
    "全省": PROVINCE,
}


class GazetteerUnavailable(KnowledgeError):
    """jionlp (which ships the gazetteer data) is not installed."""


@dataclass(frozen=True)
class Unit:
    name: str  # full name: 徐汇区
    level: int  # PROVINCE / CITY / DISTRICT
    chain: Chain  # full names from the province down to this unit


def _gazetteer_lines() -> list[str]:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerUnavailable("jionlp is not installed: pip install jionlp")
    folder = Path(next(iter(spec.submodule_search_locations))) / "dictionary"
    text_file = folder / "china_location.txt"
    if text_file.exists():
        return text_file.read_text(encoding="utf-8").splitlines()
    with zipfile.ZipFile(folder / "china_location.zip") as archive:
        raw = archive.read("china_location.txt")
    return io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8").read().splitlines()


@cache
def _index() -> dict[str, tuple[Unit, ...]]:
    """Full names and short names → the units they may denote (several when names repeat)."""
    names: dict[str, list[Unit]] = {}
    path: list[str] = ["", "", ""]
    for line in _gazetteer_lines():
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip().split("\t")
        if depth > DISTRICT or len(fields) != 3:
            continue  # towns and villages: below what notices restrict to
        full, _code, alias = fields
        path[depth] = full
        if depth == CITY and alias.startswith(_DIRECT):
            path[CITY] = path[PROVINCE]  # county-level cities directly under the province
            continue
        chain = tuple(dict.fromkeys(path[: depth + 1]))  # 上海市/上海市 → 上海市
        if depth == CITY and full == path[PROVINCE]:
            continue  # the municipality's own city line
        unit = Unit(full, depth, chain)
        for name in {full, *alias.split("/")}:
            if len(name) >= 2:
                names.setdefault(name, []).append(unit)
    return {name: tuple(units) for name, units in names.items()}


@cache
def _common_words() -> frozenset[str]:
    """Counties' short names that jieba's dictionary lists with a common-word tag only (灯塔 n, 平安 a)."""
    import jieba

    short = {
        name
        for name, units in _index().items()
        if all(unit.name != name and unit.level == DISTRICT for unit in units)
    }
    tags: dict[str, set[str]] = {}
    with jieba.dt.get_dict_file() as dictionary:
        for raw in dictionary:
            word, *rest = raw.decode("utf-8").split()
            if word in short and len(rest) == 2:
                tags.setdefault(word, set()).add(rest[1])
    return frozenset(word for word, found in tags.items() if not found & _PROPER_TAGS)


@cache
def _longest() -> int:
    return max(map(len, _index()))


def _boundaries(text: str) -> set[int]:
    import jieba  # lazy: the dictionary loads in about a second

    bounds, pos = {0}, 0
    for word in jieba.cut(text, HMM=False):
        pos += len(word)
        bounds.add(pos)
    return bounds


_LEVEL_SUFFIX = re.compile(r"(?P<p>自治区|特别行政区|省)$|(?P<c>自治州|地区|盟|市)$|(?P<d>新区|区|县|旗)$")
_UNIT = re.compile(r"[\u4e00-\u9fff]{1,12}?(?:自治区|特别行政区|省|自治州|地区|盟|市|新区|区|县|旗)")


def _suffix_level(name: str, default: int) -> int:
    found = _LEVEL_SUFFIX.search(name)
    if not found:
        return default
    return PROVINCE if found["p"] else CITY if found["c"] else DISTRICT


def _names(context: Iterable[Chain] = ()) -> Mapping[str, tuple[Unit, ...]]:
    """The gazetteer plus the names a document declares that it lacks ("示例市示例区" in a sample's
    metadata): within that document's comparisons they are places like any other."""
    index = _index()
    extra: dict[str, tuple[Unit, ...]] = {}
    for chain in context:
        for depth, name in enumerate(chain):
            if name in index:
                continue
            unit = Unit(name, _suffix_level(name, depth), tuple(chain[: depth + 1]))
            stem = _LEVEL_SUFFIX.sub("", name)
            for key in (name, stem) if len(stem) >= 2 and stem not in index else (name,):
                extra[key] = (unit,)
    return ChainMap(extra, index) if extra else index


def _mentions(text: str, index: Mapping[str, tuple[Unit, ...]]) -> list[tuple[int, str]]:
    """(position, name) of whole place names in ``text``, longest first at each position."""
    bounds = _boundaries(text)
    longest = max(map(len, index.maps[0])) if isinstance(index, ChainMap) else 0
    longest = max(longest, _longest())
    found: list[tuple[int, str]] = []
    pos = 0
    while pos < len(text):
        for size in range(min(longest, len(text) - pos), 1, -1):
            name = text[pos : pos + size]
            end = pos + size
            if name in index and _whole(text, pos, end, bounds, index[name]):
                found.append((pos, name))
                pos = end
                break
        else:
            pos += 1
    return found


def _whole(text: str, start: int, end: int, bounds: set[int], units: tuple[Unit, ...]) -> bool:
    if _NOT_A_PLACE_AFTER.match(text, end):
        return False
    if any(unit.name == text[start:end] for unit in units):
        return True  # a full name (…区/市/省) is itself a word
    # A short name must be one of jieba's words, or be followed by the unit's own suffix, which jieba
    # may cut off ("徐汇区" → 徐汇/区); another suffix makes it part of another name (雄安新区 ≠ 安新县).
    after = text[end : end + 1]
    if after in _SUFFIXES:
        return start in bounds and any(unit.name.endswith(after) for unit in units)
    return start in bounds and end in bounds


def _settle(candidates: tuple[Unit, ...], context: list[Chain]) -> Chain:
    """The chain of one mention: the candidate whose ancestors are named nearby, else the common part."""
    if len(candidates) == 1:
        return candidates[0].chain
    named = {name for chain in context for name in chain}
    for near in (
        [u for u in candidates if len(u.chain) > 1 and u.chain[-2] in named],  # the parent: 南京鼓楼
        [u for u in candidates if named & set(u.chain[:-1])],  # any ancestor: 江苏鼓楼 (南京 or 徐州)
    ):
        if len(near) == 1:
            return near[0].chain
    top = min(u.level for u in candidates)
    highest = [u for u in candidates if u.level == top]
    if len(highest) == 1:
        return highest[0].chain  # 吉林: the province before the city of the same name
    if len({u.name for u in highest}) == 1:
        return (highest[0].name,)  # 朝阳区: which one is open; keep the name alone
    return ()


def _parent_named(candidates: tuple[Unit, ...], context: list[Chain]) -> bool:
    """Whether a unit above one of the candidates is named nearby."""
    named = {name for chain in context for name in chain}
    return any(named & set(unit.chain[:-1]) for unit in candidates)


def _read(text: str, context: Iterable[Chain]) -> list[tuple[str, Chain]]:
    """(name as written, its chain — () when several units share it) for each place in ``text``."""
    context = list(context)
    index = _names(context)
    mentions = _mentions(text, index) if text else []
    unique = [
        index[name][0].chain for _, name in mentions if len(index[name]) == 1 and name not in _common_words()
    ]
    context_chains = [*context, *unique]
    full: list[tuple[str, Chain]] = []
    short: list[tuple[str, Chain]] = []
    for _, name in mentions:
        if name in _common_words() and not _parent_named(index[name], context_chains):
            continue  # "灯塔工厂": a word, not 灯塔市
        chain = _settle(index[name], context_chains)
        if chain:
            context_chains.append(chain)
        (full if any(u.name == name for u in index[name]) else short).append((name, chain))
    # A short name that lies outside every place the text names in full is a word, not a place:
    # "沈阳市…延长有效期" (延长 is also a county's short name).
    full_chains = [chain for _, chain in full if chain]
    if full_chains:
        short = [(n, c) for n, c in short if c and any(related(c, f) for f in full_chains)]
    return sorted(full + short, key=lambda item: text.find(item[0]))


def places_in(text: str, context: Iterable[Chain] = ()) -> tuple[Chain, ...]:
    """Administrative chains named in ``text``, most specific first, one per place.

    ``context`` chains (e.g. the document's region) settle names that several units share.
    "公司在深圳南山" → (("广东省", "深圳市", "南山区"),).
    """
    chains = [chain for _, chain in _read(text, context) if chain]
    # Keep the deepest of nested chains: 广东省 + 广东省深圳市 → 广东省深圳市.
    kept = [c for c in chains if not any(o != c and o[: len(c)] == c for o in chains)]
    return tuple(sorted(dict.fromkeys(kept), key=len, reverse=True))


def place_words(text: str) -> str:
    """The place names in ``text`` as written, joined ("深圳南山"); shared names are kept for later context."""
    return "".join(name for name, _ in _read(text, ()))


def place_chain(meta_region: str, title: str = "", issuer: str = "") -> Chain:
    """A document's administrative chain, from its region field, else its title, else its issuer.

    The most specific chain of the first source naming a place; a more specific place in the title or
    issuer that lies inside the region refines it ("天津市" + "滨海新区…" → 天津市滨海新区). A region the
    gazetteer does not know (the samples' fictional "示例市示例区") is split by its unit suffixes.
    """
    region = places_in(meta_region)
    if not region and meta_region:
        head = re.split(r"[(（]", meta_region)[0]
        declared = tuple(_UNIT.findall(re.sub(r"[\s·・,，、/]+", "", head)))
        region = (declared,) if declared else ()
    best = region[0] if region else ()
    for text in (title, issuer):
        for chain in places_in(text, context=[best] if best else ()):
            if len(chain) > len(best) and chain[: len(best)] == best and (best or not region):
                best = chain
        if best and not region:
            region = (best,)
    return best


def _partial(chain: Chain) -> bool:
    """A name several units share, standing alone ("朝阳区"): where it lies is open."""
    return len(chain) == 1 and len(_index().get(chain[0], ())) > 1


def within(inner: Chain, outer: Chain) -> bool | None:
    """Whether ``inner`` lies in (or is) ``outer``; None when a partial chain leaves it open."""
    if not inner or not outer:
        return None
    if inner[: len(outer)] == outer:
        return True
    if not _partial(inner) and not _partial(outer):
        return False
    if set(outer) <= set(inner):
        return True  # a partial outer chain: ("南山区",) in ("广东省", "深圳市", "南山区")
    return None


def related(a: Chain, b: Chain) -> bool | None:
    """True when one chain lies inside the other (same place, or a place and its parent)."""
    first, second = within(a, b), within(b, a)
    if first or second:
        return True
    return None if first is None or second is None else False


def own_place(word: str, doc_chain: Chain) -> Chain | None:
    """What "本区"/"本市"/"本省" means in a document of ``doc_chain``; None for other words."""
    level = _OWN.get(word)
    if level is None:
        return None
    index = _names([doc_chain])
    for cut in range(len(doc_chain), 0, -1):
        prefix = doc_chain[:cut]
        units = [u for u in index.get(prefix[-1], ()) if u.chain == prefix]
        if units and units[0].level <= level:
            return prefix
    return doc_chain[:1]


def is_own_word(word: str) -> bool:
    return word in _OWN


def display(chain: Chain) -> str:
    """The chain as one name: ("上海市", "徐汇区") → "上海市徐汇区"."""
    return "".join(chain)
