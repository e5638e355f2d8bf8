"""Contacts: the digits of a mailbox, a QQ account or a password are no phone number; an instruction sentence
before a mailbox names no contact."""

from __future__ import annotations

import pytest

from knowledge.facts import DocFacts, extract_facts
from knowledge.model import DocumentMeta
from knowledge.sectioning import split_sections

pytestmark = pytest.mark.unit


def facts(body: str) -> DocFacts:
    title = "关于组织示例企业评选的通知"
    text = f"{title}\n{body}"
    return extract_facts(DocumentMeta(doc_id="t", title=title), text, split_sections(text))


def test_digits_of_a_qq_mail_address_are_no_phone():
    [contact] = facts("报名表请发送至邮箱 584302917@qq.com").contacts
    assert contact.phones == ()
    assert contact.email == "584302917@qq.com"


def test_a_qq_mailbox_written_as_its_number_is_its_address():
    [contact] = facts("联系人：赵敏，联系电话：0571-86541230，QQ邮箱：398457261").contacts
    assert contact.phones == ("0571-86541230",)
    assert contact.email == "398457261@qq.com"


def test_a_qq_account_is_no_phone():
    [contact] = facts("咨询电话：25561234，QQ群：736284519").contacts
    assert contact.phones == ("25561234",)


def test_a_long_instruction_before_a_mailbox_names_nobody():
    f = facts(
        "请各区县主管部门认真组织、严格把关、择优推荐，于10月9日前将推荐表和汇总表（可编辑版本）"
        "一并报送，电子版同时发送至邮箱 275319648@qq.com\n联系方式：孙华 0791-86123456"
    )
    # the mailbox line and the contact line after it complete each other
    assert [(c.department, c.person, c.phones, c.email) for c in f.contacts] == [
        ("", "孙华", ("0791-86123456",), "275319648@qq.com"),
    ]


def test_a_password_or_account_number_is_no_phone():
    [contact] = facts("申请表请从邮箱 demo_download@163.com 下载，密码：55123478").contacts
    assert contact.phones == ()
    assert facts("咨询电话：25561234，系统账号：88001234").contacts[0].phones == ("25561234",)
