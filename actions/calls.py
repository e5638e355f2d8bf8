"""list_open_calls: calls open now (or about to open), soonest deadline first, by district/industry.

"7天内截止的" narrows to deadlines within N days; "本周" / "这个月" / "快截止" map to 7 / 31 / 14 days.
The listed documents become candidates for "第1个要交什么材料". An unsure request that asks about the notice
being discussed is a misread follow-up question, answered instead.
"""

from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.answer import answer_question, digits, unsure_follow_up
from actions.kb import knowledge_base, today
from actions.reply import call_line

SHOWN = 8
_DAYS = re.compile(r"(\d+)\s*(?:天|日)")
_PERIODS = (("周", 7), ("星期", 7), ("快截止|即将截止|马上截止|快到期", 14), ("月", 31))


def within_days(text: str, entity: str | None) -> int | None:
    """Days ahead asked for, or None for every open call."""
    text = digits(text)
    if entity and entity.isdigit():
        return int(entity)
    if match := _DAYS.search(text):
        return int(match.group(1))
    return next((days for pattern, days in _PERIODS if re.search(pattern, text)), None)


class ActionListOpenCalls(Action):
    def name(self) -> str:
        return "action_list_open_calls"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        text = tracker.latest_message.get("text", "")
        if unsure_follow_up(tracker):
            return answer_question(dispatcher, tracker, text)
        district = next(tracker.get_latest_entity_values("district"), None)
        industry = next(tracker.get_latest_entity_values("industry"), None)
        days = within_days(text, next(tracker.get_latest_entity_values("days"), None))
        calls = knowledge_base().open_calls(today=today(), within_days=days, region=district, industry=industry)
        scope = "".join(part for part in (district, industry) if part)
        scope = f"{scope}方面" if industry else scope
        if not calls:
            dispatcher.utter_message(text=texts.OPEN_CALLS_NONE.format(today=today().isoformat(), scope=scope))
            return []
        header = texts.OPEN_CALLS_HEADER_WITHIN if days is not None else texts.OPEN_CALLS_HEADER
        lines = [header.format(scope=scope, days=days)]
        lines += [call_line(n, call.to_dict()) for n, call in enumerate(calls[:SHOWN], 1)]
        lines.append(texts.OPEN_CALLS_FOOTER)
        dispatcher.utter_message(text="\n".join(lines))
        return [SlotSet("candidate_docs", [call.doc for call in calls[:SHOWN]])]
