"""``create_app()``: the FastAPI gateway, one router per channel, services built in the lifespan.

Run: ``uvicorn connectors.app:create_app --factory --host 127.0.0.1 --port 8000`` (or ``policybot serve``).
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from connectors import console, guards, redaction
from connectors import services as services_module
from connectors.bodylimit import BodyLimitMiddleware, limit_for, route_classes
from connectors.channels import api, web, wechat_oa, wecom
from connectors.errors import RateLimited
from connectors.settings import Settings, get_settings
from connectors.textcheck import ERROR_TYPES, INVALID_TEXT
from connectors.wechat.callback_guard import refuse_replays

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).with_name("static")
# Browser libraries scripts/setup.sh installs from the npm registry (ECharts for the console's charts).
VENDOR_DIR = Path(__file__).resolve().parents[1] / "var" / "npm" / "node_modules"


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the gateway. ``app.state.startup_hooks`` lets extensions (the staff console) run once the
    services exist, e.g. to install their ``HandoffGate`` on ``services.conversation.gate``."""
    settings = settings or get_settings()
    settings.check_production()
    redaction.install(settings.secrets())
    app_guards = guards.build(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        services = await services_module.build(settings)
        app.state.services = services
        try:
            await services.reminders.recover()
            for hook in app.state.startup_hooks:
                await hook(services)
            services.start_loops()
            yield
        finally:
            await services.aclose()
            await app_guards.aclose()

    app = FastAPI(
        title="policybot gateway",
        description="政策咨询机器人网关：网页聊天、微信公众号、企业微信与微信客服接入。",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.guards = app_guards
    app.state.startup_hooks = []
    app.add_middleware(CORSMiddleware, allow_origins=settings.allowed_origins, allow_methods=["GET", "POST"],
                       allow_headers=["Content-Type", "Last-Event-ID", web.SESSION_HEADER, "Authorization"],
                       expose_headers=["Retry-After"])
    classes = route_classes(settings)
    app.add_middleware(BodyLimitMiddleware, limit=lambda path: limit_for(classes, path, settings.max_body_bytes_chat))
    app.add_exception_handler(RateLimited, _too_many)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    if (VENDOR_DIR / "echarts").is_dir():  # absent without npm: the analytics screen then shows tables only
        app.mount("/console/vendor/echarts", StaticFiles(directory=VENDOR_DIR / "echarts" / "dist"),
                  name="console-vendor-echarts")
    for module in (api, web):
        app.include_router(module.router)
    for module in (wechat_oa, wecom):
        app.include_router(module.router, dependencies=[Depends(refuse_replays)])
    console.install(app)  # staff console (/console) and its HandoffService as the conversation's gate
    return app


async def _too_many(request: Request, exc: RateLimited) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=429, headers={"Retry-After": str(exc.retry_after)})


async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    """NUL characters and lone surrogates get 400 with a Chinese message; other validation errors stay 422."""
    if any(error.get("type") in ERROR_TYPES for error in exc.errors()):
        return JSONResponse({"detail": INVALID_TEXT}, status_code=400)
    return await request_validation_exception_handler(request, exc)
