"""Listed clauses: the enumerator goes, a decimal number stays (knowledge/templates.py)."""

import pytest

from knowledge.templates import clause, join


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1、2023年度营业收入不低于500万元；", "2023年度营业收入不低于500万元"),
        ("2.2024年起在示例区纳税", "2024年起在示例区纳税"),
        ("（三）具有独立法人资格。", "具有独立法人资格"),
        ("四、依法纳税", "依法纳税"),
        ("2.5万元以下的部分全额补贴", "2.5万元以下的部分全额补贴"),
        ("10.5%以上的研发投入占比", "10.5%以上的研发投入占比"),
    ],
)
def test_a_listed_clause_loses_its_enumerator_not_its_number(line, expected):
    assert clause(line) == expected


def test_several_clauses_are_numbered_once():
    assert join([clause("1、2023年度营收达标"), clause("（二）无失信记录")]) == "1. 2023年度营收达标；2. 无失信记录"
