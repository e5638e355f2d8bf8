"""Question types decide which fact answers; a wrong type means a wrong kind of answer."""

from pathlib import Path

import pytest
import yaml

from knowledge.intent import classify, elliptical, in_scope, search_hints, split_parts
from knowledge.intent_model import TypeModel, cued_type, grams, load_examples
from knowledge.model import AnswerType

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("技改投资补助申抱截至到哪天", AnswerType.DEADLINE),
        ("松江特色产业集群申报材料几号前交到区经委", AnswerType.DEADLINE),
        ("市经信委今年的技改补助现在还能报吗，还有几天", AnswerType.DEADLINE),
        ("我们两年前被罚过一次款，还能报嘉定智慧城市5G专项吗", AnswerType.ELIGIBILITY),
        ("技改投资补助对固定资产投资比例有啥要求", AnswerType.ELIGIBILITY),
        ("技改投资补助最多给多少钱", AnswerType.AMOUNT),
        ("国家企业技术中心申报材料报送到哪里", AnswerType.PROCESS),  # where materials go: handling
        ("示例区科委项目找谁咨询", AnswerType.CONTACT),
        ("邮编多少", AnswerType.CONTACT),  # a postal code is a channel, not an amount
        ("邮政编码是多少", AnswerType.CONTACT),
        ("文昌贷款贴息要准备哪些材料", AnswerType.MATERIALS),
        ("奉贤小巨人在哪个系统网上申报", AnswerType.PROCESS),
        ("2024年高企申报截止时间为啥要延长？", AnswerType.OTHER),
        ("国家重要科技计划地方匹配资金公示期到哪天", AnswerType.OTHER),
    ],
)
def test_classify(question, kind):
    assert classify(question) is kind


def test_hints_add_the_vocabulary_of_the_asked_fact():
    assert "联系电话" in search_hints("找谁咨询")
    assert search_hints("光启创客计划是干嘛的") == ""
    assert "联系电话" in search_hints("光启创客计划是干嘛的", AnswerType.CONTACT)  # a given kind wins


def test_one_question_is_one_part_with_all_its_words():
    parts = split_parts("示例区专精特新什么时候截止")
    assert [(p.kind, p.text) for p in parts] == [(AnswerType.DEADLINE, "示例区专精特新什么时候截止")]


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("专精特新的截止时间和申报材料", [AnswerType.DEADLINE, AnswerType.MATERIALS]),
        ("什么时候截止？要交哪些材料？", [AnswerType.DEADLINE, AnswerType.MATERIALS]),
        ("补贴多少钱，另外联系电话是多少", [AnswerType.AMOUNT, AnswerType.CONTACT]),
    ],
)
def test_a_question_asking_two_kinds_is_split(question, kinds):
    assert [p.kind for p in split_parts(question)] == kinds


@pytest.mark.parametrize(
    "question",
    ["示例区申报系统提交不了，打哪个电话", "网上填报系统登不上去，找谁问"],
)
def test_a_clause_reporting_a_failure_asks_nothing_of_its_own(question):
    assert [p.kind for p in split_parts(question)] == [AnswerType.CONTACT]


def test_an_elliptical_tail_asks_the_previous_kind_again():
    first, second = split_parts("第一批什么时候截止，那第二批呢？")
    assert (first.kind, second.kind) == (AnswerType.DEADLINE, AnswerType.DEADLINE)
    assert first.text == "第一批什么时候截止" and second.text == "第二批"


def test_a_given_kind_is_not_reclassified():
    assert [p.kind for p in split_parts("那钱呢", AnswerType.AMOUNT)] == [AnswerType.AMOUNT]
    assert [p.kind for p in split_parts("那钱呢")] == [AnswerType.OTHER]
    # Rasa's kind leads; a second kind the words ask for is still answered.
    parts = split_parts("截止时间和材料", AnswerType.MATERIALS)
    assert [p.kind for p in parts] == [AnswerType.MATERIALS, AnswerType.DEADLINE]


def test_names_containing_a_conjunction_do_not_split_a_question():
    parts = split_parts("经济和信息化委员会的技改项目什么时候截止")
    assert [p.kind for p in parts] == [AnswerType.DEADLINE]


def test_scope():
    assert in_scope("专精特新怎么申报")
    assert not in_scope("今天天气怎么样")


@pytest.mark.parametrize(
    ("question", "kind"),
    [  # worded unlike any cue-table row: the learned model carries them
        ("示例区这个补贴有啥门槛没", AnswerType.ELIGIBILITY),
        ("材料是给街道还是直接给区里", AnswerType.PROCESS),
        ("这个通知的发文字号", AnswerType.OTHER),
    ],
)
def test_questions_without_cue_words_are_classified_by_the_model(question, kind):
    assert classify(question) is kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [  # the lines intent_examples.yaml draws between neighbouring types
        ("推荐材料交到哪里", AnswerType.PROCESS),  # where in the chain materials go: handling
        ("评审费要企业出吗", AnswerType.PROCESS),
        ("纸质件的收件地址是什么", AnswerType.CONTACT),  # a channel itself: an address, a room
        ("受理科室在几楼", AnswerType.CONTACT),
        ("申报书要不要胶装，交几本", AnswerType.MATERIALS),  # copies and their binding
        ("我们是成都的高企，去年研发投入300万，能拿多少奖励", AnswerType.ELIGIBILITY),  # a verdict on that company
        ("这次全省计划认定多少家", AnswerType.OTHER),  # what the notice plans, not money
        ("纸质申报书需要镇里盖章吗", AnswerType.PROCESS),  # a department's stamp: a handling step
        ("申请表上要法人签字吗", AnswerType.MATERIALS),  # the company's own signature on a document
        ("民办学校在不在申报对象范围内", AnswerType.ELIGIBILITY),  # which applicants, without 能报吗
        ("每个县最多能推荐几个项目", AnswerType.OTHER),  # a recommendation quota
    ],
)
def test_neighbouring_types_are_told_apart_as_the_examples_draw_them(question, kind):
    assert classify(question) is kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [  # issue #12: handling is process, which kinds of applicant a notice covers is eligibility
        ("申报书由哪个科室收取", AnswerType.PROCESS),
        ("是线下递交还是线上提交", AnswerType.PROCESS),
        ("收上去的材料谁来把关", AnswerType.PROCESS),
        ("哪几类单位可以报这个", AnswerType.ELIGIBILITY),
        ("民营幼儿园在不在对象里", AnswerType.ELIGIBILITY),
    ],
)
def test_handling_is_process_and_kinds_of_applicant_are_eligibility(question, kind):
    assert classify(question) is kind


@pytest.mark.parametrize(
    ("question", "kind"),
    # the answer decides: a channel value (an address, a room, a phone, a mailbox) is contact, a unit process
    [
        ("推荐材料邮寄到哪里", AnswerType.CONTACT),  # mailing asks an address
        ("盖章的申请表快递寄到什么地方", AnswerType.CONTACT),
        ("示例区的纸质件送到哪个办公室", AnswerType.CONTACT),
        ("汇总表报给省厅哪个处", AnswerType.PROCESS),
        ("示例区人才项目申报找谁", AnswerType.CONTACT),  # a person to talk to, even after a hand-in verb
        ("申报材料交给谁", AnswerType.PROCESS),
        ("对认定结果有意见向哪个单位反映", AnswerType.PROCESS),
        ("外网用户从哪个地址登录申报系统", AnswerType.PROCESS),  # a web address names the platform
    ],
)
def test_a_channel_value_is_contact_and_a_receiving_unit_is_process(question, kind):
    assert classify(question) is kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [  # figures a company states about itself make a verdict; a count of subsidised units stays an amount
        ("示例区软件企业今年营收6000万，同比增长25%，奖励怎么算", AnswerType.ELIGIBILITY),
        ("研发投入150万，能拿多少补助", AnswerType.ELIGIBILITY),
        ("营收超过5亿的企业奖励多少", AnswerType.AMOUNT),  # the notice's tier, no company stated
        ("这个展会我们订了5个展位，能补几个", AnswerType.AMOUNT),
        ("人才公寓租金能补几年", AnswerType.AMOUNT),
    ],
)
def test_a_company_stating_its_figures_asks_a_verdict_but_counts_of_units_are_amounts(question, kind):
    assert classify(question) is kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [  # cue words the table lacked, each of a kind many notices share
        ("示例区这个专项是常年都能报吗", AnswerType.PROCESS),  # accepting all year round: handling
        ("周日可以通过网上办吗", AnswerType.PROCESS),
        ("认定下来有没有奖励", AnswerType.AMOUNT),
        ("联系人的电子信箱发一下", AnswerType.CONTACT),
        ("申报平台当天几点关", AnswerType.DEADLINE),
        ("示范项目是怎么遴选的", AnswerType.PROCESS),
        ("奖金有没有上限", AnswerType.AMOUNT),
        ("经办人手机号发一下", AnswerType.CONTACT),
        ("下个月再交来得及吗", AnswerType.DEADLINE),
        ("示例区这个补贴办理到什么时候", AnswerType.DEADLINE),  # how long a call stays open
        ("受理时间是哪几天", AnswerType.DEADLINE),
        ("办理流程是啥", AnswerType.PROCESS),
        ("哪些情况不予支持", AnswerType.ELIGIBILITY),
        ("申报表格的模板去哪下", AnswerType.MATERIALS),
        ("要法人亲自去现场吗", AnswerType.PROCESS),
        ("高企证书去年过期了，还能报吗", AnswerType.ELIGIBILITY),  # an expired certificate, not a closed window
    ],
)
def test_cue_words_of_common_notice_vocabulary(question, kind):
    assert classify(question) is kind


def test_the_cue_tables_type_is_one_feature_of_the_model():
    assert cued_type("联系电话多少") is AnswerType.CONTACT
    assert cued_type("你好") is None
    assert "cue:contact" in grams("联系电话多少")
    assert "cue:none" in grams("你好")


def test_a_cue_word_outweighs_the_topic_words_around_it():
    # the words of a publicity notice lean to process; the fax number asked for is a contact
    assert classify("示例区认定名单公示的那个传真号码") is AnswerType.CONTACT


def test_the_model_learns_only_from_the_examples_it_is_given():
    model = TypeModel({AnswerType.DEADLINE: ["几号截止", "哪天结束"], AnswerType.CONTACT: ["电话多少", "找谁问"]})
    probabilities = model.probabilities("截止是几号")
    assert set(probabilities) == {AnswerType.DEADLINE, AnswerType.CONTACT}
    assert probabilities[AnswerType.DEADLINE] > 0.5
    with pytest.raises(ValueError):
        TypeModel({AnswerType.DEADLINE: []})


def test_examples_cover_every_type_and_are_not_evaluation_questions():
    examples = load_examples()
    assert set(examples) == set(AnswerType) - {AnswerType.NONE}
    evaluation = set()
    for path in (Path(__file__).resolve().parents[2] / "knowledge" / "eval").glob("corpus*.yaml"):
        evaluation |= {q["question"] for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]}
    shipped = {q for questions in examples.values() for q in questions}
    assert not shipped & evaluation


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("国家级的呢", True),
        ("那第二批呢？", True),
        ("要是评上灯塔工厂呢", True),
        ("材料呢", False),  # asks for materials itself
        ("电话呢", False),
        ("那雁塔区呢，能推几户", False),  # a clause of its own asks
        ("什么时候截止", False),
    ],
)
def test_elliptical_messages_ask_nothing_of_their_own(message, expected):
    assert elliptical(message) is expected
