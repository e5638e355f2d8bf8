"""Chinese administrative place names: "徐汇" = "徐汇区" = "上海市徐汇区".

Registration requirements ("在本区范围内工商注册登记") and company profiles name places at
different levels and with or without the 省/市/区 suffix. Names are reduced to stems per level
so that they compare; a level the profile does not state gives "unknown", never a guess.
Hand-written: the suffix rules are a few lines and no maintained gazetteer package is available.
"""

from __future__ import annotations

import re

LEVELS = ("province", "city", "district")
_LEVEL_OF_SUFFIX = {"省": "province", "市": "city", "区": "district", "新区": "district", "县": "district"}
_SUFFIX_OF_LEVEL = {"province": "省", "city": "市", "district": "区"}
_MUNICIPALITIES = ("北京", "上海", "天津", "重庆")
_PLACE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,5}?)(?P<suffix>新区|省|市|区|县)")
_SEPARATORS = re.compile(r"[\s·・,，、/]+")
_OWN = {"本区": "district", "本县": "district", "本市": "city", "本省": "province"}


def split_region(region: str) -> dict[str, list[str]]:
    """Stems per level in a region string: "上海市徐汇区" → {"city": ["上海"], "district": ["徐汇"]}."""
    text = _SEPARATORS.sub("", region or "")
    places: dict[str, list[str]] = {level: [] for level in LEVELS}
    for muni in _MUNICIPALITIES:
        if text.startswith(muni) and not text.startswith(muni + "市"):
            places["city"].append(muni)
            text = text[len(muni) :]
    for found in _PLACE.finditer(text):
        places[_LEVEL_OF_SUFFIX[found["suffix"]]].append(found["name"])
    return places


def place_names(place: str, region: dict[str, list[str]]) -> tuple[list[str], str]:
    """Stems and level suffix a registration clause requires; "本区" resolves through the document's region."""
    if place in _OWN:
        level = _OWN[place]
        return list(region.get(level, [])), _SUFFIX_OF_LEVEL[level]
    found = _PLACE.fullmatch(place)
    if found:
        return [found["name"]], _SUFFIX_OF_LEVEL[_LEVEL_OF_SUFFIX[found["suffix"]]]
    return [place], ""


def region_match(names: list[str], level_suffix: str, profile: str) -> bool | None:
    """Whether a profile's registered place satisfies ``names`` at ``level_suffix``; None if undecidable."""
    stems = set(names)
    places = split_region(profile)
    stated = {level: vals for level, vals in places.items() if vals}
    if not stated:
        bare = _SEPARATORS.sub("", profile or "")
        return True if bare in stems else None  # "徐汇" vs "奉贤" could be different levels: ask
    all_stems = {stem for vals in stated.values() for stem in vals}
    if all_stems & stems:
        return True
    level = _LEVEL_OF_SUFFIX.get(level_suffix)
    if level is not None and level in stated:
        return False  # the profile names a different place at the required level
    return None
