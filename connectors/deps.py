"""Shared FastAPI dependencies as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from connectors.guards import Guards
from connectors.services import Services
from connectors.settings import Settings


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_guards(request: Request) -> Guards:
    return request.app.state.guards


def client_ip(request: Request) -> str:
    """The client's address. Behind a reverse proxy uvicorn puts the forwarded one here, but only for proxies
    listed in ``--forwarded-allow-ips`` (default 127.0.0.1), so a client cannot pick its own address."""
    return request.client.host if request.client else "unknown"


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
GuardsDep = Annotated[Guards, Depends(get_guards)]
ClientIpDep = Annotated[str, Depends(client_ip)]
