"""A dated certificate condition held against what the company says of its own certificate."""

from __future__ import annotations

import pytest

from knowledge.facts.certified import award_kind, certified

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("condition", "said", "met"),
    [
        # year and batch agree, however the certificate is written
        ("2021年示例市通过第三批高企认定的企业", "我们2021年第三批首次认定高企", True),
        ("2023年度首次通过认定的高新技术企业", "2023年首次认定的国高新", True),
        ("2020年-2022年认定的省级专精特新企业", "2021年认定为省级专精特新", True),
        # another year, another batch, another kind of award
        ("2023年度首次通过认定或连续两次通过认定的高新技术企业", "2022年首次认定的高企", False),
        ("2021年示例市通过第三批高企认定的企业", "2021年第二批认定的高企", False),
        ("2024年首次认定的高新技术企业", "2024年重新认定的高企", False),
        # not enough said to agree: no batch where the condition names one
        ("2021年示例市通过第三批高企认定的企业", "2021年认定的高企", None),
    ],
)
def test_year_batch_and_kind_of_award(condition, said, met):
    found = certified(condition, [said])
    assert (found.met if found else None) is met


@pytest.mark.parametrize(
    ("condition", "said"),
    [
        # figures: more than a certificate
        ("首次认定为高新技术企业且2022年度销售不超过5000万元", "2022年首次认定的高企"),
        ("对2024年新认定的高新技术企业,给予10万元奖励", "2023年认定的高企"),  # an award tier
        ("2023年度首次通过认定的高新技术企业", "2023年获评专精特新"),  # another certificate
        ("2023年度首次通过认定的高新技术企业", "我们是高企"),  # no year said
        ("有效期内的高新技术企业", "2019年认定的高企"),  # no year required
    ],
)
def test_nothing_to_say(condition, said):
    assert certified(condition, [said]) is None


def test_one_agreeing_award_settles_it_when_the_company_names_several():
    condition = "2021年示例市通过第三批高企认定的企业"
    found = certified(condition, ["2016年首次认定的高企", "2021年第三批重新认定为高企"])
    assert found is not None and found.met
    # the later award said without the certificate's name is of the one certificate the company names
    assert certified(condition, ["2016年认定过高企", "2021年第三批重新认定"]).met
    assert certified(condition, ["2016年认定过高企", "2021年第三批入选示例名单", "也是专精特新"]).met is False
    assert not certified(condition, ["2016年首次认定的高企"]).met  # the earlier award alone: another year


def test_the_kind_of_award_is_read_from_the_company_s_words():
    assert award_kind("高新技术企业", "first", ["我们是首次认定的高新技术企业"]).met
    assert not award_kind("高新技术企业", "first", ["我们是重新认定的高企"]).met
    assert award_kind("高新技术企业", "again", ["我们是高企"]) is None  # which award? ask


def test_an_award_said_without_a_name_is_of_the_one_certificate_named():
    said = ["2016年曾认定高企", "2021年第三批重新认定"]
    assert award_kind("高新技术企业", "again", said).met
    assert not award_kind("高新技术企业", "first", said).met
