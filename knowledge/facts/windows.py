"""Which of a notice's windows a deadline question is about.

The question's words pick a step ("网上填报", "纸质", "电子版", "区里", "征求意见", "第二批"). A question
that names no step gets the applicant's windows: one when there is one, all of them (each with its step)
when the notice states several different ones — picking one would hide the others. Dates for the bodies
that pre-review or forward applications are shown to applicants only when asked for, or when the notice
states nothing else; a date for objections (异议) only when asked for; authority-side events (评审, 公示, 下达) never become windows at all (see
:mod:`knowledge.facts.dates`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.facts.model import Window
from knowledge.facts.numbers import BATCH, batch_numbers
from knowledge.facts.steps import APPLICANT, AUTHORITY, PUBLIC, Step, step_cue

# A body's own step, whoever asks ("形式审查谁来做，哪天前审完", "市州初核完报省厅"); the levels and 推荐 in
# _ASKS may also be where a company itself sends its application ("我们企业报到区里").
_BODY_STEP = re.compile(
    r"初审|初核|复核|预审|形式审查|行文|[市区县州]里?(?:汇总)?(?:上)?报省|(?:审核|初审|审)完"
)
# Question words for each step, as a company would type them.
_ASKS: dict[Step, re.Pattern[str]] = {
    Step.OBJECTION: re.compile(r"异议|申诉"),
    Step.COMMENT: re.compile(r"征求意见|意见.{0,4}(?:反馈|提交|截止|什么时候)|提意见|反馈意见"),
    Step.PRE: re.compile(r"预申报|预报名"),
    Step.DISTRICT: re.compile(
        r"区里|区级|区县|县区|县里|县级|各区|镇街|街道|推荐|主管部门|报市|上报市|" + _BODY_STEP.pattern
    ),
    Step.ONLINE: re.compile(r"网上|线上|网报|在线|系统|平台|填报|上传"),
    Step.PAPER: re.compile(r"纸质|纸版|纸本|书面|原件|寄|装订|胶装|送材料|交材料"),
    Step.ECOPY: re.compile(r"电子版|电子档|电子文档|电子文件|扫描件|光盘|PDF|pdf"),
}
# The asker speaking as the applying company; "企业" inside a department's name ("中小企业服务局") is not.
_APPLICANT_SIDE = re.compile(
    r"我们|我司|我公司|我单位|本公司|本企业|咱们|自己|申报单位|公司|(?<!中小)企业(?!服务|发展|局|处|科)"
)


@dataclass(frozen=True)
class Selection:
    """The windows to state, in text order; ``primary`` is the one a single deadline stands for."""

    windows: tuple[Window, ...]
    primary: Window | None
    step: Step | None = None  # the step the question named, when a window of it exists
    batch: str = ""  # the batch the question named, when a window of it exists

    @property
    def several(self) -> bool:
        """True when the answer must list windows with their step names instead of stating one."""
        return len({(w.step, w.batch, w.start, w.end) for w in self.windows}) > 1


def asked_step(question: str) -> Step | None:
    """The step a question names, if any (the first in the order of ``_ASKS``)."""
    for step, words in _ASKS.items():
        if not words.search(question):
            continue
        if step is Step.DISTRICT and _APPLICANT_SIDE.search(question) and not _BODY_STEP.search(question):
            continue
        return step
    return None


def _of_step(windows: Sequence[Window], step: Step) -> list[Window]:
    """Windows of ``step``; else windows whose clause names that channel too ("纸质…并附电子版…前")."""
    exact = [w for w in windows if w.step == step.value]
    if exact:
        return exact
    if step is Step.DISTRICT:
        return [w for w in windows if w.audience == AUTHORITY]
    cue = step_cue(step)
    return [w for w in windows if cue is not None and cue.search(w.span.text)]


def _latest(windows: Sequence[Window]) -> Window | None:
    ended = [w for w in windows if w.end is not None]
    return max(ended, key=lambda w: w.end) if ended else (windows[0] if windows else None)


def select_windows(windows: Sequence[Window], question: str) -> Selection:
    """The windows a deadline ``question`` is about (see the module docstring)."""
    if not windows:
        return Selection((), None)
    pool = list(windows)
    batch = ""
    if asked := batch_numbers(question):  # "第2批" in a question is the notice's "第二批"
        named = [w for w in pool if batch_numbers(w.batch) & asked] or [
            w for w in pool if batch_numbers(w.span.text) & asked
        ]
        if named:
            pool, batch = named, next((w.batch for w in named if w.batch), BATCH.search(question)[0])
    step = asked_step(question)
    if step is not None:
        chosen = _of_step(pool, step)
        if chosen:
            return Selection(tuple(chosen), _latest(chosen), step, batch)
    for audience in (APPLICANT, PUBLIC, AUTHORITY):
        chosen = [w for w in pool if w.audience == audience]
        if chosen:
            dated = [w for w in chosen if w.end is not None] or chosen
            return Selection(tuple(dated), _latest(dated), None, batch)
    return Selection(tuple(pool), _latest(pool), None, batch)


def pick_window(windows: Sequence[Window], question: str) -> Window | None:
    """The one window a deadline stands for (lists of open calls show one date per notice)."""
    return select_windows(windows, question).primary
