"""The service hours the bot states are the configured ones (POLICYBOT_SERVICE_HOURS), worded in Chinese."""

import pytest

from actions.smalltalk import hours_text


@pytest.mark.unit
@pytest.mark.parametrize(("spec", "said"), [
    ("mon-fri 09:00-12:00,13:30-17:30", "周一至周五 09:00-12:00、13:30-17:30"),
    ("mon-fri 09:00-17:30; sat 09:00-12:00", "周一至周五 09:00-17:30；周六 09:00-12:00"),
    ("sat,sun 10:00-16:00", "周六、周日 10:00-16:00"),
    ("always", "全天24小时"),
    ("", "全天24小时"),
])
def test_hours_are_worded_from_the_setting(spec, said):
    assert hours_text(spec) == said
