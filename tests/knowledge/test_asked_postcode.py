"""Asked shapes: a postcode ("邮编多少") is six digits, not a phone number or a year; a document number is no
street or room number."""

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


@pytest.mark.parametrize("number", ["示发〔2020〕38号", "示科﹝2021﹞7号", "示办[2019]12号"])
def test_a_document_number_is_no_street_or_room_number(number):
    [shape] = asked_shapes("材料送到哪")
    assert not shape.search(f"依据《示例办法》({number})执行")
    assert shape.search("送至示例路8号3楼302室")
