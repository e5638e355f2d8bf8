"""One APIRouter per channel: plain HTTP API, web widget, WeChat Official Account, WeCom (app and kf)."""
