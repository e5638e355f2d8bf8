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


SAFE_PRODUCTION = {"environment": "production", "rasa_token": "rasa-token-2b7c9e41f0",
                       "web_token_secret": "widget-stream-secret-5d1e8a", "public_url": "https://zwfw.example.gov.cn"}


def test_production_refuses_placeholder_secrets():
    Settings(environment="development", wechat_oa_token="changeme").check_production()
    with pytest.raises(ConfigError, match="WECHAT_OA_TOKEN"):
        Settings(**SAFE_PRODUCTION, wechat_oa_token="changeme").check_production()
    Settings(**SAFE_PRODUCTION, wechat_oa_token="a-real-random-token-93f", wechat_oa_appid="wxabc",
             wechat_oa_allow_plaintext=True).check_production()


@pytest.mark.parametrize(("change", "named"), [
    ({"rasa_token": None}, "RASA_TOKEN is unset"),
    ({"rasa_token": "short"}, "RASA_TOKEN"),
    ({"web_token_secret": None}, "WEB_TOKEN_SECRET"),
    ({"wecom_secret": "secret"}, "WECOM_SECRET"),
    ({"wecom_kf_secret": "xxx"}, "WECOM_KF_SECRET"),
    ({"wechat_oa_aes_key": "too-short"}, "WECHAT_OA_AES_KEY"),
    ({"cors_origins": ["*"]}, "CORS_ORIGINS"),
    ({"public_url": ""}, "PUBLIC_URL"),
    ({"console_cookie_secure": False}, "COOKIE_SECURE"),
    ({"api_chat": "open"}, "API_CHAT"),
    ({"wechat_oa_token": "oa-token-4c2e9f7a1b", "wechat_oa_appid": "wxabc"}, "plaintext"),
])
def test_production_check_covers_every_secret_cors_cookies_and_modes(change, named):
    Settings(**SAFE_PRODUCTION).check_production()
    with pytest.raises(ConfigError, match=named):
        Settings(**{**SAFE_PRODUCTION, **change}).check_production()


def test_cors_defaults_to_the_public_site_in_production_and_anything_in_development():
    assert Settings().allowed_origins == ["*"]
    assert Settings(**SAFE_PRODUCTION).allowed_origins == ["https://zwfw.example.gov.cn"]
    assert Settings(**SAFE_PRODUCTION).api_chat_mode == "keys"
