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
        "三、申报材料:\n(一)项目资助申请书;\n(二)营业执照复印件(加盖公章);\n(三)近半年社保缴纳证明。\n"
        "四、其他要求\n纸质材料一式两份。"
    )
    assert [m.text for m in f.materials] == [
        "项目资助申请书",
        "营业执照复印件(加盖公章)",
        "近半年社保缴纳证明",
    ]


def test_material_list_in_a_section_without_a_numbered_heading():
    f = facts("## 需要提交的材料\n1. 资助申请表；\n2. 租赁合同复印件；\n## 咨询\n1. 电话 12345678。")
    assert [m.text for m in f.materials] == ["资助申请表", "租赁合同复印件"]


def test_materials_table_flattened_with_bars():
    f = facts(
        "五、申报材料\n材料清单如下：\n序号|材料名称|份数|说明\n1|贴息申请表|1|加盖公章\n"
        "2|借款合同复印件|1|与原件一致\n六、联系方式\n电话 12345678。"
    )
    assert [m.text for m in f.materials] == ["贴息申请表（加盖公章）", "借款合同复印件（与原件一致）"]
    assert f.materials[0].span.text == "1|贴息申请表|1|加盖公章"


def test_materials_table_is_found_by_its_header_outside_a_materials_section():
    f = facts(
        "二、办理须知\n| 申报材料 | 要求 |\n| --- | --- |\n| 项目申请书 | 原件 |\n| 审计报告 | 复印件 |\n"
    )
    assert [m.text for m in f.materials] == ["项目申请书（原件）", "审计报告（复印件）"]


def test_a_contacts_table_is_not_a_materials_table():
    f = facts("四、联系方式\n联系人 | 电话\n王老师 | 12345678\n李老师 | 87654321\n")
    assert f.materials == []


def test_forms_and_attachments_are_materials():
    f = facts("请填写《示例项目资金申报书》并按要求盖章。\n附件:\n1.申报汇总表.xls\n2.项目申请书.doc\n")
    assert [m.text for m in f.materials] == [
        "《示例项目资金申报书》",
        "申报汇总表.xls",
        "项目申请书.doc",
    ]


def test_online_submission_with_url():
    f = facts("1、申报方式。本次一律网上申报，请登录示例专项资金平台(https://zxzj.example.cn)填写并提交。")
    assert [(s.method, s.url) for s in f.submissions] == [("online", "https://zxzj.example.cn")]


def test_online_submission_with_a_bare_host_or_a_system_line():
    f = facts("企业通过示例企业梯度培育平台(pt.example.gov.cn)统一申报。")
    assert [(s.method, s.url) for s in f.submissions] == [("online", "pt.example.gov.cn")]
    f = facts("(二)信息系统:示例区企业服务系统 http://10.1.2.3:8082/(操作手册可在首页下载)。")
    assert [(s.method, s.url) for s in f.submissions] == [("online", "http://10.1.2.3:8082/")]


def test_paper_copies_are_a_submission_without_a_submitting_verb():
    f = facts("以上资料A4纸胶装成册一式三份并加盖公章。\n推荐文件一式两份。")
    assert [s.method for s in f.submissions] == ["paper", "paper"]
    assert "一式三份" in f.submissions[0].text and "一式两份" in f.submissions[1].text


def test_paper_handed_to_an_office():
    f = facts("企业填写申请书，准备相关佐证材料，送交市州工信局。")
    assert [(s.method, s.address) for s in f.submissions] == [("paper", "市州工信局")]


def test_email_and_paper_address():
    f = facts(
        "2、电子版材料发送至邮箱:shenbao@example.cn\n3、纸质材料报送地址:示例区政务大道88号(示例大厦)一楼服务窗口。"
    )
    got = {(s.method, s.url, s.address) for s in f.submissions}
    assert ("email", "mailto:shenbao@example.cn", "") in got
    assert ("paper", "", "示例区政务大道88号(示例大厦)一楼服务窗口") in got


@pytest.mark.parametrize(
    ("sentence", "address"),
    [
        (
            "纸质材料一式两份送达示例区经济委员会（政务大道88号412室）。",
            "示例区经济委员会（政务大道88号412室）",
        ),
        ("意见请寄送至示例市人民路200号信息化处（邮编 000001）。", "示例市人民路200号信息化处（邮编000001）"),
        ("材料请交到演示区创业服务中心一楼受理窗口。", "演示区创业服务中心一楼受理窗口"),
        (
            "(一)报送地址\n示例区迎宾街9号市政府第三联合办公大楼2号楼6楼612办公室",
            "示例区迎宾街9号市政府第三联合办公大楼2号楼6楼612办公室",
        ),
    ],
)
def test_paper_address_is_whole_and_starts_at_the_place(sentence, address):
    f = facts(f"三、报送方式\n{sentence}")
    assert ("paper", address) in {(s.method, s.address) for s in f.submissions}


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
    assert [c.fax for c in f.contacts] == [("53088678",)]  # kept apart: asked for, never called


def test_a_fax_on_the_phone_line_is_not_a_phone():
    [contact] = facts("办公电话:7703504   传真:7703534").contacts
    assert (contact.phones, contact.fax) == (("7703504",), ("7703534",))


@pytest.mark.parametrize(
    ("line", "phone"),
    [
        ("联系电话：021-64871234-1587", "021-64871234-1587"),
        ("联系电话：021-64875678转2201", "021-64875678转2201"),
        ("咨询电话：0571-87654321（分机：306）", "0571-87654321（分机：306）"),
        ("联系电话：0755-26543210 分机 88", "0755-26543210分机88"),
        ("如遇网络问题请联系免费热线400-6543210-1", "400-6543210-1"),
        ("咨询热线：400-654-3210", "400-654-3210"),
        ("联系电话：（0571）87654321转1587", "（0571）87654321转1587"),
        ("联系电话：87654321转1587、1588", "87654321转1587、1588"),
    ],
)
def test_phone_extensions_are_kept(line, phone):
    [contact] = facts(line).contacts
    assert contact.phones == (phone,)


def test_contacts_table_flattened_with_bars_gives_one_contact_per_row():
    f = facts(
        "五、联系方式\n| 部门 | 联系人 | 联系电话 | 邮箱 |\n| --- | --- | --- | --- |\n"
        "| 科技创新科 | 王明 | 021-64871234-1587 | wm@example.com |\n"
        "| 产业发展科 | 李红 | 021-64875678转2201 |  |\n"
    )
    assert [(c.department, c.person, c.phones, c.email) for c in f.contacts] == [
        ("科技创新科", "王明", ("021-64871234-1587",), "wm@example.com"),
        ("产业发展科", "李红", ("021-64875678转2201",), ""),
    ]


def test_a_headerless_bar_row_after_a_contact_cue_is_read():
    f = facts("六、联系方式\n科技科 | 张伟 | 0755-26543210")
    [contact] = f.contacts
    assert (contact.department, contact.person, contact.phones) == ("科技科", "张伟", ("0755-26543210",))


def test_names_and_numbers_under_a_contact_heading_line_are_read():
    f = facts("(二)联系人及联系电话\n示例管理科:张三、李四 2824158,王五 2827016")
    assert [(c.department, c.person, c.phones) for c in f.contacts] == [
        ("示例管理科", "张三、李四", ("2824158",)),
        ("", "王五", ("2827016",)),
    ]


@pytest.mark.parametrize("heading", ["四、政策咨询", "(三)业务咨询:", "五、联系我们"])
def test_a_bare_line_under_a_consultation_heading_is_a_contact(heading):
    f = facts(f"{heading}\n区科技局高新科王某某 89290000")
    assert [(c.department, c.phones) for c in f.contacts] == [("区科技局高新科", ("89290000",))]


def test_a_copy_count_in_a_list_lead_in_is_its_own_paper_requirement():
    f = facts(
        "一、申报要求\n(一)示例区推荐要求:申报书纸质版须经街道盖章;\n"
        "二、申报材料\n请提交以下材料,纸质版2份,电子版1份:\n1.示例项目申报书\n2.示例经费预算表\n"
    )
    texts = [s.text for s in f.submissions if s.method == "paper"]
    assert any("纸质版2份" in t for t in texts) and any("街道盖章" in t for t in texts)


def test_a_receiving_place_is_where_paper_materials_go():
    f = facts("书面材料提交时间:2026年9月1日-10月8日。\n收件地点:示例区政务服务中心三楼12号窗口(示例路18号)。\n")
    assert ("paper", "示例区政务服务中心三楼12号窗口(示例路18号)") in [(s.method, s.address) for s in f.submissions]
