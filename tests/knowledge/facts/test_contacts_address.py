"""Contacts: an address label ("通信地址", "邮寄地址") is no person's name."""

from __future__ import annotations

import pytest

from knowledge.facts import extract_facts
from knowledge.model import DocumentMeta
from knowledge.sectioning import split_sections

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("label", ["通信地址", "邮寄地址", "通讯地址"])
def test_an_address_label_names_nobody(label):
    title = "关于报送示例项目材料的通知"
    text = f"{title}\n联系人：周到\n电话：0571-86012345\n{label}：示例路8号3楼\n"
    contacts = extract_facts(DocumentMeta(doc_id="t", title=title), text, split_sections(text)).contacts
    assert [c.person for c in contacts if c.person] == ["周到"]
    assert [c.address for c in contacts if c.address] == ["示例路8号3楼"]
