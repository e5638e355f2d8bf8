"""A postcode asked ("邮编多少") calls for six digits, not a phone number or a year."""

from __future__ import annotations

import pytest

from knowledge.asked import asked_shapes

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("question", ["邮编多少", "邮政编码也发我一下"])
def test_a_postcode_is_six_digits(question):
    [shape] = asked_shapes(question)
    assert shape.search("通信地址：示例路8号，邮编：310012")
    assert not shape.search("咨询电话：0571-86012345，传真：86012346")
    assert not shape.search("补助资金1000000元，2026年度")
