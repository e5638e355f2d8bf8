"""Required materials, submission methods and contacts."""

from __future__ import annotations

import pytest

from knowledge.facts import DocFacts, extract_facts
from knowledge.model import DocumentMeta
from knowledge.sectioning import split_sections

pytestmark = pytest.mark.unit


def facts(body: str) -> DocFacts:
    title = "关于开展测试项目申报工作的通知"
    text = f"{title}\n{body}"
    return extract_facts(DocumentMeta(doc_id="t", title=title), text, split_sections(text))


def test_material_list_under_its_heading():
    f = facts(
        "三、申报材料:\n(一)企业贷款贴息申请书;\n(二)营业执照副本(复印件);\n(三)缴纳社保和完税证明。\n"
        "四、申报时间和要求\n纸质材料一式三份。"
    )
    assert [m.text for m in f.materials] == [
        "企业贷款贴息申请书",
        "营业执照副本(复印件)",
        "缴纳社保和完税证明",
    ]


def test_forms_and_attachments_are_materials():
    f = facts(
        "请申报单位填写《高新技术企业认定奖补资金申报书》。\n附件:\n1.申报汇总表.xls\n2.项目申请书.doc\n"
    )
    assert [m.text for m in f.materials] == [
        "《高新技术企业认定奖补资金申报书》",
        "申报汇总表.xls",
        "项目申请书.doc",
    ]


def test_online_submission_with_url():
    f = facts(
        "1、申报方式。采取线上方式组织申报，登陆专项资金项目管理与服务平台(https://zxzj.sheitc.sh.gov.cn)进行线上申报。"
    )
    assert [(s.method, s.url) for s in f.submissions] == [("online", "https://zxzj.sheitc.sh.gov.cn")]


def test_email_and_paper_address():
    f = facts(
        "2、电子版材料报送邮箱:jdqkwcxfwk@163.com\n3、纸质材料报送地址:嘉定区平城路1055号(嘉定双创大厦)一楼科创服务站。"
    )
    got = {(s.method, s.url, s.address) for s in f.submissions}
    assert ("email", "mailto:jdqkwcxfwk@163.com", "") in got
    assert ("paper", "", "嘉定区平城路1055号(嘉定双创大厦)一楼科创服务站") in got


def test_inline_contact_in_parentheses():
    f = facts("请于2018年6月21日前报送(联系人:丁颖,联系电话:22381538,电子邮箱:dingying131@qq.com)。")
    [contact] = f.contacts
    assert (contact.person, contact.phones, contact.email) == ("丁颖", ("22381538",), "dingying131@qq.com")
    assert "联系人:丁颖" in contact.span.text


def test_contact_block_over_several_lines_is_one_contact():
    f = facts(
        "四、联系方式\n联系人：科技管理处 索 立\n联系电话：0531—82037225\n电子信箱：shandongsuoli@163.com\n"
    )
    [contact] = f.contacts
    assert (contact.department, contact.person) == ("科技管理处", "索立")
    assert contact.phones == ("0531—82037225",)
    assert contact.email == "shandongsuoli@163.com"


def test_phones_are_split_but_kept_as_written():
    f = facts(
        "三、工作联系方式\n2.专题业务咨询:羊荣兵、胡俊烈,020-39348210、83163913。\n3.珠海市科技创新局科技人才科:0756-2128405。"
    )
    assert [(c.department, c.person, c.phones) for c in f.contacts] == [
        ("", "羊荣兵、胡俊烈", ("020-39348210", "83163913")),
        ("珠海市科技创新局科技人才科", "", ("0756-2128405",)),
    ]


def test_years_and_amounts_are_not_phone_numbers():
    f = facts("联系电话：64839009转236,229,221\n传 真：53088678\n邮 编：200231")
    assert [c.phones for c in f.contacts] == [("64839009转236,229,221",)]
