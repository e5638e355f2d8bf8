"""Admin routes of the console: change a staff account (role, name, enabled), reset its password, edit a canned
reply. Listing and creating accounts and adding/removing canned replies live next to login and the insights
(api_session, api_insights); these complete what the admin screen needs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, StringConstraints

from connectors.console import accounts, auth
from connectors.console.api_session import FORBIDDEN, UNAUTHORIZED, account_out
from connectors.console.deps import AdminDep
from connectors.console.models import Role
from connectors.console.schemas import AccountOut, CannedIn, CannedOut, ErrorOut
from connectors.deps import ServicesDep

router = APIRouter(prefix="/api")
Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)]
REFUSED = {**UNAUTHORIZED, **FORBIDDEN, 404: {"model": ErrorOut},
           409: {"model": ErrorOut, "description": "It would leave no active admin."},
           422: {"model": ErrorOut, "description": "Password too weak."}}


class AccountUpdateIn(BaseModel):
    """Fields left out stay as they are."""

    role: Role | None = None
    display_name: Name | None = None
    active: bool | None = None


class PasswordIn(BaseModel):
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


@router.put("/staff/{staff_id}", responses=REFUSED)
async def update_staff(staff_id: int, body: AccountUpdateIn, current: AdminDep, services: ServicesDep) -> AccountOut:
    """Admins only: change an account's role, display name or enabled state (disabling logs it out at once).
    The last active admin cannot be disabled or demoted (409)."""
    try:
        row = await services.db.run(lambda s: accounts.update_account(
            s, staff_id, role=body.role, display_name=body.display_name, active=body.active))
    except accounts.AccountMissing as exc:
        raise HTTPException(404, str(exc)) from exc
    except accounts.AccountRefused as exc:
        raise HTTPException(409, str(exc)) from exc
    return account_out(row)


@router.post("/staff/{staff_id}/password", responses=REFUSED)
async def reset_password(staff_id: int, body: PasswordIn, current: AdminDep, services: ServicesDep) -> AccountOut:
    """Admins only: set a new password (the user's open logins end; the lockout is lifted)."""
    try:
        row = await services.db.run(lambda s: accounts.reset_password(s, staff_id, body.password))
    except accounts.AccountMissing as exc:
        raise HTTPException(404, str(exc)) from exc
    except auth.AuthError as exc:
        raise HTTPException(422, str(exc)) from exc
    return account_out(row)


@router.put("/canned/{reply_id}", responses={**UNAUTHORIZED, **FORBIDDEN, 404: {"model": ErrorOut}})
async def update_canned(reply_id: int, body: CannedIn, current: AdminDep, services: ServicesDep) -> CannedOut:
    """Admins only: edit a canned reply's title and text."""
    row = await services.db.run(lambda s: accounts.update_canned_reply(s, reply_id, body.title, body.text))
    if row is None:
        raise HTTPException(404, "快捷回复不存在")
    return CannedOut(id=row.id, title=row.title, text=row.text)
