"""Callback XML is parsed safely and replies are built so user text cannot break them."""

import pytest

from connectors.errors import MessageParseError
from connectors.replies import Reply
from connectors.wechat import xmlcodec
from connectors.wechat.replies import render_text, split_text, text_messages

pytestmark = pytest.mark.unit


def test_parse_flattens_a_wechat_message():
    body = ("<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oUser]]></FromUserName>"
            "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            "<Content><![CDATA[申报材料有哪些]]></Content><MsgId>1234567890123456</MsgId></xml>")
    assert xmlcodec.parse(body.encode()) == {
        "ToUserName": "gh_1", "FromUserName": "oUser", "CreateTime": "1700000000", "MsgType": "text",
        "Content": "申报材料有哪些", "MsgId": "1234567890123456",
    }


@pytest.mark.parametrize("body", [
    b"",
    b"<xml><Content>unclosed</xml>",
    b"not xml at all",
    b"<root><Content>x</Content></root>",
    b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">]><xml><Content>&a;</Content></xml>',
    b'<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>',
])
def test_malformed_or_dangerous_xml_is_rejected(body):
    with pytest.raises(MessageParseError):
        xmlcodec.parse(body)


def test_oversize_body_is_rejected_before_parsing():
    with pytest.raises(MessageParseError, match="exceeds"):
        xmlcodec.parse(b"<xml><Content>" + b"a" * 70_000 + b"</Content></xml>", max_bytes=65_536)


def test_user_text_cannot_close_cdata():
    hostile = "]]><MsgType>event</MsgType><![CDATA["
    assert xmlcodec.parse(xmlcodec.build({"Content": hostile, "MsgType": "text"})) == {
        "Content": hostile, "MsgType": "text"}


def test_split_respects_the_byte_limit_and_keeps_all_text():
    text = "。".join(f"第{i}条：企业应当在规定时间内提交申报材料" for i in range(200))
    parts = split_text(text, limit=2000)
    assert len(parts) > 1
    assert all(len(p.encode("utf-8")) <= 2000 for p in parts)
    assert "".join(parts).replace("。", "") == text.replace("。", "")
    assert all(p.endswith("。") or p == parts[-1] for p in parts)  # cut at sentence ends


def test_unbreakable_text_is_still_split():
    parts = split_text("长" * 1500, limit=2000)
    assert [len(p) for p in parts] == [666, 666, 168]


def test_buttons_become_numbered_options():
    reply = Reply(text="请选择：", buttons=[{"title": "申报条件", "payload": "/ask_eligibility"},
                                         {"title": "转人工", "payload": "/handoff"}])
    assert render_text(reply, menu_links=False) == "请选择：\n请回复序号选择：\n1. 申报条件\n2. 转人工"
    linked = render_text(reply, menu_links=True)
    assert 'weixin://bizmsgmenu?msgmenucontent=%E7%94%B3%E6%8A%A5%E6%9D%A1%E4%BB%B6&msgmenuid=1' in linked
    assert text_messages([reply, Reply(text="好的")], menu_links=False)[1] == "好的"
