"""A small notice written for the desk tests (own sentences; not a real policy) and a KB holding it."""

from __future__ import annotations

from pathlib import Path

NOTICE = """关于组织申报2026年示例县智能工厂奖励项目的通知

各有关企业：
为推动制造业数字化转型，现将示例县智能工厂奖励项目申报工作通知如下。

一、申报条件
申报企业应在示例县注册登记，具有独立法人资格，上年度营业收入不低于2000万元。

二、支持标准
对认定的智能工厂给予一次性奖励，最高不超过100万元。

三、申报时间
申报时间为2026年11月20日至2026年12月15日，逾期不予受理。

四、联系方式
示例县工业和信息化局产业科，联系人：陈老师，电话：0571-88886666。

示例县工业和信息化局
2026年11月18日
"""
DEADLINE_QUESTION = "示例县智能工厂奖励什么时候截止"


def write_notice(folder: Path, name: str = "zhineng_gongchang_2026.txt", text: str = NOTICE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
