"""The value a question's asking words call for (knowledge/asked.py)."""

import pytest

from knowledge.asked import DOCUMENT_NUMBER, OFFICE, asked_shapes

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "holds", "lacks"),
    [
        ("结果公示几天", "公示期为5个工作日", "结果在网站公示"),
        ("是哪个部门在组织", "由示例区经济委员会组织", "由主办方组织"),
        ("材料送几楼几室", "示例路88号3楼302室", "送到服务大厅"),
        ("截止到几点", "截止时间为17:30", "截止时间为当天"),
        ("周末能在系统上报吗", "含周六、日", "工作日受理"),
        ("这个通知的文号是啥", "示例经发〔2026〕12号", "示例经发文件"),
        ("电子版发哪个邮箱", "电子信箱:shili_ke@example.cn", "电子版报科技处"),
        ("材料发到E-mail吗", "请发送至 apply@example.cn", "请报送纸质材料"),
    ],
)
def test_the_asked_value_has_a_shape_a_sentence_holds_or_lacks(question, holds, lacks):
    shapes = asked_shapes(question)
    assert any(shape.search(holds) for shape in shapes)
    assert not any(shape.search(lacks) for shape in shapes)


def test_a_question_asking_no_value_has_no_shape():
    assert asked_shapes("这个项目支持什么方向") == []


def test_office_and_document_number_are_the_shapes_of_who_and_which_number():
    assert OFFICE in asked_shapes("有问题找哪个部门")
    assert asked_shapes("文号多少") == [DOCUMENT_NUMBER]
