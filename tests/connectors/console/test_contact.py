"""While waiting outside service hours, a phone number or e-mail in the user's message is kept for a call-back."""

import pytest

from connectors.handoff import find_contact


@pytest.mark.unit
@pytest.mark.parametrize(("text", "contact"), [
    ("我的电话是13812345678，下午都在", "13812345678"),
    ("座机 021-64871234 找王经理", "021-64871234"),
    ("发邮件到 wang.li@example.com.cn 吧", "wang.li@example.com.cn"),
    ("统一社会信用代码 91310000123456789X", ""),
    ("申报截止是哪天", ""),
])
def test_contact_details_are_recognised(text, contact):
    assert find_contact(text) == contact
