"""The dialogue evaluation (issue 8): multi-turn conversations over real notices, end to end through Rasa REST.

``python -m bot.dialogue_eval --kb var/eval-kb`` starts a real action server on that knowledge base and a
real Rasa server with the trained model (its own SQLite tracker store, "today" pinned to the set's date),
plays every conversation of ``knowledge/eval/dialogues.yaml`` turn by turn, and reports per half (tuning /
test, split by document): per-turn key-fact accuracy (all turns, and follow-up turns alone), unanswerable
turns declined, and conversation success (every turn right). It lives in bot/ because it needs Rasa; the
scoring reuses the question sets' key-fact check (knowledge.evaluate).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import yaml

from bot import services, training
from knowledge import KnowledgeBase
from knowledge.config import settings
from knowledge.evaluate import Question, half_of, key_facts_found

DIALOGUES = training.ROOT / "knowledge" / "eval" / "dialogues.yaml"
# The bot declines by offering a person with this reason (actions.handoff.offer_human's button payload).
DECLINE_MARK = '"handoff_reason":"unanswerable"'


@dataclass
class TurnResult:
    say: str
    answerable: bool
    right: bool
    reply: str
    scored: bool = True  # False: a turn played for the context it leaves (small talk between questions)
    intent: str = ""  # what Rasa read the turn as (name and confidence), for the failure analysis


@dataclass
class DialogueResult:
    id: str
    half: str
    turns: list[TurnResult] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return all(t.right for t in self.turns if t.scored)


def load(path: Path = DIALOGUES) -> tuple[date, list[dict[str, Any]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return date.fromisoformat(str(data["today"])), data["dialogues"]


def judge(turn: dict[str, Any], doc: str, today: date, replies: list[dict[str, Any]]) -> TurnResult:
    """A turn is right when the reply holds its key facts, or — for an unanswerable one — declines. A turn
    marked ``scored: false`` ("谢谢", "好的" between two questions) is played, not judged: the next turns show
    whether the conversation kept its thread."""
    text = "\n".join(r.get("text", "") for r in replies)
    if turn.get("scored", True) is False:
        return TurnResult(turn["say"], answerable=True, right=True, reply=text, scored=False)
    payloads = " ".join(b.get("payload", "") for r in replies for b in r.get("buttons", []))
    answerable = turn.get("answerable", True)
    if answerable:
        gold = Question(id=turn.get("from", ""), doc=doc, question=turn["say"], kind="", answerable=True,
                        today=today, end=turn.get("end"), key=tuple(turn.get("key") or ()))
        right = bool(key_facts_found(gold, text))
    else:
        right = DECLINE_MARK in payloads.replace(" ", "")
    return TurnResult(turn["say"], answerable, right, text)


def play(rasa_url: str, dialogues: list[dict[str, Any]], today: date) -> list[DialogueResult]:
    results = []
    with httpx.Client(timeout=120) as http:
        for dialogue in dialogues:
            sender = f"api:dlg-{uuid.uuid4().hex[:8]}"
            result = DialogueResult(dialogue["id"], half_of(dialogue["doc"]))
            for turn in dialogue["turns"]:
                response = http.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": turn["say"]})
                response.raise_for_status()
                result.turns.append(judge(turn, dialogue["doc"], today, response.json()))
            for turn_result, intent in zip(result.turns, read_intents(http, rasa_url, sender)):
                turn_result.intent = intent
            results.append(result)
    return results


def read_intents(http: httpx.Client, rasa_url: str, sender: str) -> list[str]:
    """The intent of every user message of a conversation, from its tracker ("ask_amount 0.93")."""
    response = http.get(f"{rasa_url}/conversations/{sender}/tracker", params={"include_events": "ALL"})
    response.raise_for_status()
    intents = [(e.get("parse_data") or {}).get("intent") or {} for e in response.json()["events"] if e["event"] == "user"]
    return [f"{i.get('name')} {i.get('confidence') or 0:.2f}" for i in intents]


def _rate(hits: list[bool]) -> str:
    return f"{sum(hits) / len(hits):.3f} ({sum(hits)}/{len(hits)})" if hits else "—"


def summary(results: list[DialogueResult]) -> dict[str, dict[str, str]]:
    """Per half: key facts per answerable turn, on follow-up turns, unanswerable declined, conversations."""
    table: dict[str, dict[str, str]] = {}
    for half in ("tuning", "test"):
        mine = [r for r in results if r.half == half]
        judged = [(i, t) for r in mine for i, t in enumerate(r.turns) if t.scored]
        answerable = [t.right for _, t in judged if t.answerable]
        follow_ups = [t.right for i, t in judged if i and t.answerable]
        declined = [t.right for _, t in judged if not t.answerable]
        table[half] = {
            "conversations": str(len(mine)), "turns": str(len(judged)),
            "key facts (answerable turns)": _rate(answerable), "key facts (follow-up turns)": _rate(follow_ups),
            "unanswerable declined": _rate(declined), "conversation success": _rate([r.success for r in mine]),
        }
    return table


def run(kb_dir: Path, model: Path, path: Path = DIALOGUES) -> list[DialogueResult]:
    today, dialogues = load(path)
    with KnowledgeBase(kb_dir) as kb:  # an empty or half-built KB would score every turn "declined"
        missing = {d["doc"] for d in dialogues} - {meta.doc_id for meta in kb.documents()}
    if missing:
        raise SystemExit(f"{kb_dir} lacks {len(missing)} documents of the dialogues (ingest ../shared/corpus*)")
    work = Path(tempfile.mkdtemp(prefix="dialogue-eval-"))
    env = {**os.environ, "POLICYBOT_TODAY": today.isoformat(), "POLICYBOT_TRACKER_DIALECT": "sqlite",
           "POLICYBOT_TRACKER_HOST": "", "POLICYBOT_TRACKER_DB": str(work / "tracker.db"),
           "POLICYBOT_TRACKER_USER": "", "POLICYBOT_TRACKER_PASSWORD": ""}
    actions_port, rasa_port = services.free_port(), services.free_port()
    running = [services.start_actions(actions_port, kb_dir=kb_dir, env=env, log_dir=work)]
    try:
        running.append(services.start_rasa(model, host="127.0.0.1", port=rasa_port, env=env, log_dir=work,
                                           actions_url=f"http://127.0.0.1:{actions_port}/webhook"))
        services.wait_ready(running, timeout=max(600.0, settings().startup_timeout))
        return play(f"http://127.0.0.1:{rasa_port}", dialogues, today)
    finally:
        services.stop_all(running)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.dialogue_eval", description=__doc__.split("\n")[0])
    parser.add_argument("--kb", type=Path, required=True, help="a knowledge base of ../shared/corpus and corpus-more")
    parser.add_argument("--model", type=Path, default=None, help="trained Rasa model (default: models/ or var/test-model)")
    parser.add_argument("--json", type=Path, default=None, help="write every turn and reply here")
    args = parser.parse_args(argv)
    model = args.model or next((training.model_path(d) for d in (training.MODELS_DIR, training.ROOT / "var" / "test-model")
                                if training.model_path(d).exists()), None)
    if model is None:
        parser.error("no trained model: run `policybot train` first")
    results = run(args.kb.resolve(), model)
    table = summary(results)
    for measure in table["test"]:
        print(f"| {measure} | {table['tuning'][measure]} | {table['test'][measure]} |")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) | {"success": r.success} for r in results], ensure_ascii=False,
                                        indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
