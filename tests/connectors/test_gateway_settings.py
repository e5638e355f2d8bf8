"""Settings come from POLICYBOT_* variables over a TOML config file; production refuses placeholders."""

import pytest

from connectors.errors import ConfigError
from connectors.settings import Settings

pytestmark = pytest.mark.unit


def test_environment_overrides_the_config_file(tmp_path, monkeypatch):
    config = tmp_path / "policybot.toml"
    config.write_text('[gateway]\ngateway_port = 9000\nwechat_oa_appid = "wxfromfile"\nrasa_url = "http://rasa:5005"\n',
                      encoding="utf-8")
    monkeypatch.setenv("POLICYBOT_CONFIG", str(config))
    monkeypatch.setenv("POLICYBOT_WECHAT_OA_APPID", "wxfromenv")
    settings = Settings()
    assert (settings.gateway_port, settings.wechat_oa_appid, settings.rasa_url) == (9000, "wxfromenv", "http://rasa:5005")
    assert settings.database_url == "sqlite:///var/gateway.db"
    assert settings.wechat_api_base == "https://api.weixin.qq.com"


def test_safe_mode_and_channels_follow_the_configured_secrets():
    assert not Settings().wechat_oa_enabled
    oa = Settings(wechat_oa_token="t0ken-x", wechat_oa_appid="wxabc", wechat_oa_aes_key="k" * 43)
    assert oa.wechat_oa_enabled and oa.wechat_oa_aes_key.get_secret_value() == "k" * 43
    assert "k" * 43 not in repr(oa)  # secrets are not printed


def test_production_refuses_placeholder_secrets():
    Settings(environment="development", wechat_oa_token="changeme").check_production()
    with pytest.raises(ConfigError, match="WECHAT_OA_TOKEN"):
        Settings(environment="production", wechat_oa_token="changeme").check_production()
    Settings(environment="production", wechat_oa_token="a-real-random-token-93f").check_production()
