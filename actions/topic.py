"""The programme a conversation is about.

``topic_docs`` holds the documents of the programme last asked about: the candidates offered when a name
fitted several notices ("专精特新" → three notices), or the one document answered from. An eligibility
question that names no programme is checked against these, as a person at the desk would; a new
programme name replaces them.
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.kb import knowledge_base, today
from actions.profile import profile_of
from actions.reply import match_lines

# A question names a programme when a document's name (title, region …) holds this share of its topic
# words; fitted on the sample KB's questions (a bare follow-up scores 0, "专精特新…" 0.43–0.71).
NAMES_PROGRAMME = 0.5
PROGRAMME_DOCS = 5
FORM = "eligibility_form"
GENERAL_CHECK = "check_eligibility"


def programme_docs(question: str) -> list[str]:
    """The documents whose names the question's topic words fit (all 专精特新 notices for "专精特新…"), best
    first; empty for a follow-up that names no programme ("那材料呢")."""
    return [m.doc_id for m in knowledge_base().resolve(question, limit=PROGRAMME_DOCS)
            if m.name_coverage >= NAMES_PROGRAMME]


def sole_named_doc(question: str) -> str | None:
    """The one notice whose name the words fit better than any other's, however weakly ("我们注册在长沙经开区…能报
    经开区先进制造业专项资金吗": one notice at 0.41, none other): a programme named too weakly for
    ``programme_docs`` (most questions stating the company's facts name it so). None when none fits or two fit
    alike ("我们是徐汇区的…能报吗": three 徐汇 notices at 0.29)."""
    fits = sorted(knowledge_base().resolve(question, limit=PROGRAMME_DOCS), key=lambda m: -m.name_coverage)
    if not fits or fits[0].name_coverage <= 0 or (len(fits) > 1 and fits[1].name_coverage >= fits[0].name_coverage):
        return None
    return fits[0].doc_id


# Words that open a message on another matter ("另外问下…", "对了，…", "顺便问一下…"): with a programme name
# after them the user has moved on, even when that name alone is too weak to outweigh the notice discussed.
_NEW_MATTER = re.compile(r"^(?:另外|对了|顺便|换个|还有个|还有一个|再问|另一个|另问)")


def leaves_topic(question: str, current: str | None) -> bool:
    """The question is about another programme than the notice discussed (``current``): the names it fits are
    other notices' only, and it either opens on another matter ("另外问下宁夏瞪羚企业…") or names a programme
    (``NAMES_PROGRAMME``). A follow-up naming nothing ("装订好交给谁") or fitting the current notice too stays."""
    if not current:
        return False
    matches = knowledge_base().resolve(question, limit=PROGRAMME_DOCS)
    if not matches or current in {m.doc_id for m in matches} or matches[0].name_coverage <= 0:
        return False
    return bool(_NEW_MATTER.match(question.strip())) or matches[0].name_coverage >= NAMES_PROGRAMME


# Words that go back to a notice discussed before the current one ("回到刚才那个…", "刚才问的那个…").
_GOES_BACK = re.compile(r"回到|(?:刚才|刚刚|之前|前面|先前)(?:问的|说的|聊的)?那个")


def earlier_doc(question: str, current: str | None, events: list[dict]) -> str | None:
    """The notice a message going back (``_GOES_BACK``) means: of the documents the conversation was about before
    ``current`` (its ``current_doc`` values), the one its words name ("回到刚才厦门那个"), else the latest; None
    when the message does not go back or nothing was discussed before."""
    if not _GOES_BACK.search(question):
        return None
    earlier: list[str] = []  # latest first
    for event in reversed(events):
        value = event.get("value")
        if event.get("event") == "slot" and event.get("name") == "current_doc" and value and value != current \
                and value not in earlier:
            earlier.append(value)
    if not earlier:
        return None
    named = [m.doc_id for m in knowledge_base().resolve(question, limit=PROGRAMME_DOCS) if m.name_coverage > 0]
    return next((doc for doc in named if doc in earlier), earlier[0])


def topic_after(topic: list[str] | None, named: list[str], answered_doc: str | None,
                candidates: list[str] | None = None) -> list[str] | None:
    """The topic after a turn: the candidates offered; else the programme the question named (or just the
    answered document when the answer came from outside it); else, for a follow-up, the topic as it was
    unless the answer moved to a document outside it."""
    if candidates:
        return list(candidates)
    if named:
        return named if answered_doc is None or answered_doc in named else [answered_doc]
    if answered_doc is None or (topic and answered_doc in topic):
        return topic
    return [answered_doc]


def match_topic(dispatcher: CollectingDispatcher, slots: dict, topic: list[str] | None) -> None:
    """Eligibility of the stated profile for every notice of the topic, closed rounds included, or for the
    open calls of the whole knowledge base when there is no topic; says so plainly when none of the
    topic's notices fits (e.g. none covers the company's district)."""
    profile = profile_of(slots)
    kb = knowledge_base()
    if topic:
        results = [r for r in kb.match_calls(profile, today=today(), include_closed=True) if r.doc_id in topic]
    else:
        results = kb.match_calls(profile, today=today()) or kb.match_calls(profile, today=today(), include_closed=True)
    lines = match_lines(profile.to_dict(), results)
    if topic and results and all(r.verdict.value == "not_eligible" for r in results):
        lines.insert(0, texts.TOPIC_NONE_COVERS.format(count=len(results)))
    dispatcher.utter_message(text="\n".join(lines))


def check_topic(tracker: Tracker) -> list[str] | None:
    """The notices an eligibility check is about: the topic, unless the check was asked for in general
    ("我们能申报哪些项目", intent check_eligibility), which means every open call of the knowledge base."""
    started_by, activated = None, False
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == FORM:
            activated = True  # the user message before this activation started the check
        elif event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            started_by = intent if activated or started_by is None else started_by
            if activated:
                break
    return None if started_by == GENERAL_CHECK else tracker.get_slot("topic_docs") or None
