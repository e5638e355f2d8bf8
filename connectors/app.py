"""``create_app()``: the FastAPI gateway, one router per channel, services built in the lifespan.

Run: ``uvicorn connectors.app:create_app --factory --host 127.0.0.1 --port 8000`` (or ``policybot serve``).
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from connectors import console
from connectors import services as services_module
from connectors.channels import api, web, wechat_oa, wecom
from connectors.settings import Settings, get_settings

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).with_name("static")


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the gateway. ``app.state.startup_hooks`` lets extensions (the staff console) run once the
    services exist, e.g. to install their ``HandoffGate`` on ``services.conversation.gate``."""
    settings = settings or get_settings()
    settings.check_production()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        services = await services_module.build(settings)
        app.state.services = services
        try:
            await services.reminders.recover()
            for hook in app.state.startup_hooks:
                await hook(services)
            services.spawn(services.delivery.run(settings.delivery_retry_s), "delivery-retries")
            services.spawn(services.reminders.run(settings.reminder_poll_s), "reminders")
            yield
        finally:
            await services.aclose()

    app = FastAPI(
        title="policybot gateway",
        description="政策咨询机器人网关：网页聊天、微信公众号、企业微信与微信客服接入。",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.startup_hooks = []
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                       allow_headers=["Content-Type", "Last-Event-ID"])
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (api, web, wechat_oa, wecom):
        app.include_router(module.router)
    console.install(app)  # staff console (/console) and its HandoffService as the conversation's gate
    return app
