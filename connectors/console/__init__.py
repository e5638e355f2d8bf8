"""Staff console and human handoff: ``install(app)`` adds the ``/console`` routes and makes the
``HandoffService`` the conversation core's gate once the gateway's services exist."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

ROLLUP_INTERVAL_S = 60.0


def install(app: FastAPI) -> None:
    """Mount the console on a gateway app built by ``connectors.app.create_app`` (idempotent). Its settings are
    the gateway's (``connectors.settings.Settings``)."""
    if getattr(app.state, "console_installed", False):
        return
    app.state.console_installed = True
    # Imported here: connectors.handoff imports this package's modules, so a top-level import would be circular.
    from connectors.console import rollup
    from connectors.console.router import router
    from connectors.handoff import HandoffError, HandoffService

    async def start(services) -> None:
        handoff = HandoffService(
            db=services.db, messages=services.messages, rasa=services.rasa, delivery=services.delivery,
            bus=services.bus, settings=services.settings, timezone=services.settings.timezone,
            kf_api=services.kf_api,
        )
        app.state.handoff = handoff
        services.conversation.gate = handoff
        # The analytics rollup job (one lease holder among the replicas); a loop, cancelled at shutdown at once.
        services.add_loop(
            rollup.run(services.db, services.leases, services.settings.timezone, ROLLUP_INTERVAL_S),
            "analytics-rollup",
        )

    async def refused(request: Request, exc: HandoffError) -> JSONResponse:
        body = {"detail": str(exc)}
        if exc.owner:
            body["owner"] = exc.owner
        return JSONResponse(body, status_code=exc.status)

    app.include_router(router)
    app.add_exception_handler(HandoffError, refused)
    app.state.startup_hooks.append(start)
