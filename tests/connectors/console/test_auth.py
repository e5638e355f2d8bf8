"""Staff accounts and logins: hashed passwords, expiring server-side sessions, lockout, CSRF tokens."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from connectors.console import auth
from connectors.console.models import Staff, StaffSession
from connectors.models import utcnow
from tests.connectors.console.conftest import PASSWORD, add_staff

POLICY = auth.SessionPolicy(idle=timedelta(minutes=30), max_age=timedelta(hours=8))


@pytest.mark.unit
def test_password_is_stored_only_as_an_argon2_hash(console_db):
    add_staff(console_db, "wang", "admin")
    stored = console_db.run_sync(lambda s: s.scalar(select(Staff.password_hash)))
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


@pytest.mark.unit
def test_right_password_logs_in_and_wrong_or_unknown_does_not(console_db):
    add_staff(console_db, "wang")
    assert console_db.run_sync(lambda s: auth.authenticate(s, "wang", PASSWORD)) is not None
    assert console_db.run_sync(lambda s: auth.authenticate(s, "WANG", PASSWORD)) is not None
    assert console_db.run_sync(lambda s: auth.authenticate(s, "wang", PASSWORD + "x")) is None
    assert console_db.run_sync(lambda s: auth.authenticate(s, "nobody", PASSWORD)) is None


@pytest.mark.unit
@pytest.mark.parametrize(("username", "password"), [("a", PASSWORD), ("li si", PASSWORD), ("lisi", "short1"),
                                                    ("lisi", "onlyletters"), ("lisi", "1234567890")])
def test_bad_usernames_and_weak_passwords_are_refused(console_db, username, password):
    with pytest.raises(auth.AuthError):
        add_staff(console_db, username, password=password)


@pytest.mark.unit
def test_duplicate_username_is_refused_whatever_the_case(console_db):
    add_staff(console_db, "wang")
    with pytest.raises(auth.AuthError, match="已存在"):
        add_staff(console_db, "Wang")


@pytest.mark.unit
def test_five_wrong_passwords_lock_the_account_for_a_while(console_db):
    add_staff(console_db, "wang")
    for _ in range(auth.MAX_FAILED_LOGINS):
        console_db.run_sync(lambda s: auth.authenticate(s, "wang", "wrong-password-1"))
    assert console_db.run_sync(lambda s: auth.authenticate(s, "wang", PASSWORD)) is None
    later = utcnow() + auth.LOCKOUT + timedelta(seconds=1)
    assert console_db.run_sync(lambda s: auth.authenticate(s, "wang", PASSWORD, now=later)) is not None


@pytest.mark.unit
def test_session_token_is_not_stored_and_resumes_the_login(console_db):
    add_staff(console_db, "wang")

    def open_(s):
        return auth.open_session(s, auth.authenticate(s, "wang", PASSWORD), POLICY)

    token, login = console_db.run_sync(open_)
    stored_ids = console_db.run_sync(lambda s: list(s.scalars(select(StaffSession.id))))
    assert token not in stored_ids
    resumed = console_db.run_sync(lambda s: auth.resume_session(s, token, POLICY))
    assert resumed.username == "wang" and resumed.csrf_token == login.csrf_token
    assert console_db.run_sync(lambda s: auth.resume_session(s, token + "x", POLICY)) is None


@pytest.mark.unit
def test_idle_session_expires(console_db):
    add_staff(console_db, "wang")
    token, login = console_db.run_sync(
        lambda s: auth.open_session(s, auth.authenticate(s, "wang", PASSWORD), POLICY)
    )

    def age(s):
        row = s.get(StaffSession, login.session_id)
        row.expires_at = utcnow() - timedelta(seconds=1)

    console_db.run_sync(age)
    assert console_db.run_sync(lambda s: auth.resume_session(s, token, POLICY)) is None


@pytest.mark.unit
def test_disabling_an_account_ends_its_sessions(console_db):
    add_staff(console_db, "wang")
    token, _ = console_db.run_sync(
        lambda s: auth.open_session(s, auth.authenticate(s, "wang", PASSWORD), POLICY)
    )
    console_db.run_sync(lambda s: auth.set_active(s, "wang", False))
    assert console_db.run_sync(lambda s: auth.resume_session(s, token, POLICY)) is None
    assert console_db.run_sync(lambda s: auth.authenticate(s, "wang", PASSWORD)) is None


@pytest.mark.unit
def test_csrf_token_must_match_exactly(console_db):
    add_staff(console_db, "wang")
    _, login = console_db.run_sync(lambda s: auth.open_session(s, auth.authenticate(s, "wang", PASSWORD), POLICY))
    assert auth.csrf_matches(login, login.csrf_token)
    altered = login.csrf_token[:-1] + ("A" if login.csrf_token[-1] != "A" else "B")
    assert not auth.csrf_matches(login, altered)
    assert not auth.csrf_matches(login, None)
    assert not auth.csrf_matches(login, "")


@pytest.mark.unit
def test_staff_count_as_online_only_while_recently_active(console_db):
    add_staff(console_db, "wang")
    console_db.run_sync(lambda s: auth.open_session(s, auth.authenticate(s, "wang", PASSWORD), POLICY))
    window = timedelta(seconds=90)
    assert console_db.run_sync(lambda s: auth.staff_online(s, window)) == 1
    later = utcnow() + timedelta(minutes=5)
    assert console_db.run_sync(lambda s: auth.staff_online(s, window, later)) == 0
