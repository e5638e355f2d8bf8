"""Second stage of fused retrieval: inside each document, the passage that fits the question moves up.

Reciprocal-rank fusion finds the right notice but often puts a neighbouring passage of it first: of the
32 tuning-half questions whose first result was not a gold passage, 26 had the gold document first.
Two signals, each worth a share of a first rank's fused score (``1 / (RRF_K + 1)``), reorder the
passages of each document among the first :data:`DEPTH` results:

- shape: the passage holds a value shaped like the asked fact (:data:`knowledge.intent.EVIDENCE`: a date
  for a deadline, an amount, a phone or address);
- asked values: each shape of a value the question's asking words call for that the passage holds
  (:func:`knowledge.asked.asked_shapes`: "公示几天" a duration, "哪个部门组织" an office, "截止到几点" a time);
  a question asking two things ("周末能报吗，网址是") favours the passage answering both;
- coverage: the rarity-weighted share of the question's terms that the passage's own heading and text
  hold, leaving out the terms that name the document (its title, region and issuer). Every passage of
  a notice carries its title, so the programme's name the question repeats matches them all (and most
  the short ones, which BM25's length normalisation favours); a place name matches whichever passage
  repeats it (an attached form headed "示例市"). What is left of the question ("公示几天",
  "一次性拨下来吗", "要交哪些材料") tells the passages apart.

Documents keep their places: the best rank of each document is unchanged, so choosing the document does
not depend on its passages.

Chosen on the tuning half of knowledge/eval (fused R@1 of 213; the test half only reported): the shape
share alone, 0.12 (tuned when RRF_K was 60) 181, 0.3 with RRF_K 5 184 (0.6: 183, 1.0: 181); coverage
added, leaving out the title's terms only, 186 at 0.8; leaving out region and issuer too, 187 at 0.5,
190 at 0.8-1.0, 188 at 1.5 (shape share then 0.12-0.6: 190-192). Terms are the BM25 index's tokens
(characters and bigrams), weighted by its idf. Looking deeper than 10 results (20) or less (5) changed
nothing. The asked value added on top (one share when the passage held any asked shape): 0.2 → 192
(R@5 1.000), 0.3 → 193 (test half reported: R@1 132 → 138 of 173). One share per asked shape held:
0.1 → 191, 0.2 → 193, 0.3-0.35 → 195, 0.4-0.8 → 194; with an e-mail address the shape of "哪个邮箱",
0.3-1.0 → 195 (0.6 kept, the middle).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from knowledge.fusion import RRF_K
from knowledge.intent import EVIDENCE
from knowledge.model import AnswerType, Chunk

SHAPE_SHARE = 0.3
ASKED_SHARE = 0.6
COVERAGE_SHARE = 1.0
DEPTH = 10  # fused results looked at: about seven ranks in one method's list

Ranked = list[tuple[int, float]]  # (chunk position, fused score), best first


def heading(chunk: Chunk) -> str:
    """The passage's own heading: the last label of its section path (the title for text before any)."""
    return chunk.section.rpartition("›")[2].strip()


def coverage(chunk: Chunk, weights: Mapping[str, float], tokenize: Callable[[str], list[str]]) -> float:
    """Share of the question's term ``weights`` held by ``chunk``'s heading and text, leaving out the
    terms of its document's title, region and issuer (0 when the question has no other term)."""
    titled = set(tokenize(f"{chunk.title}\n{chunk.region}\n{chunk.issuer}"))
    asked = {term: weight for term, weight in weights.items() if term not in titled}
    total = sum(asked.values())
    if total <= 0:
        return 0.0
    held = set(tokenize(f"{heading(chunk)}\n{chunk.text}"))
    return sum(weight for term, weight in asked.items() if term in held) / total


def fit(
    chunk: Chunk,
    kind: AnswerType,
    weights: Mapping[str, float],
    tokenize: Callable[[str], list[str]],
    asked: Sequence[re.Pattern[str]] = (),
) -> float:
    """How well ``chunk`` fits the question, in shares of a first rank's fused score; ``asked``: the
    shapes of the value the question's asking words call for."""
    shape = EVIDENCE.get(kind)
    shaped = SHAPE_SHARE if shape is not None and shape.search(chunk.text) else 0.0
    valued = ASKED_SHARE * sum(1 for value in asked if value.search(chunk.text))
    return shaped + valued + COVERAGE_SHARE * coverage(chunk, weights, tokenize)


def within_documents(
    chunks: Sequence[Chunk],
    fused: Ranked,
    kind: AnswerType,
    weights: Mapping[str, float],
    tokenize: Callable[[str], list[str]],
    asked: Sequence[re.Pattern[str]] = (),
) -> Ranked:
    """``fused`` with the passages of each document among the first :data:`DEPTH` reordered by fused
    score plus :func:`fit`; each keeps its fused score, each document its slots."""
    unit = 1 / (RRF_K + 1)
    head = fused[:DEPTH]
    slots: dict[str, list[int]] = {}
    for position, (item, _score) in enumerate(head):
        slots.setdefault(chunks[item].doc_id, []).append(position)
    for positions in slots.values():
        if len(positions) < 2:
            continue
        members = sorted(
            (head[p] for p in positions),
            key=lambda pair: -(pair[1] + unit * fit(chunks[pair[0]], kind, weights, tokenize, asked)),
        )
        for position, member in zip(positions, members, strict=True):
            head[position] = member
    return head + fused[DEPTH:]
