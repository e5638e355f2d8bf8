"""Staff accounts and logins: hashed passwords, expiring server-side sessions, login backoff, CSRF tokens."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from connectors.console import auth, throttle
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
def test_failures_earn_a_doubling_wait_for_that_client_instead_of_a_lock(console_db):
    add_staff(console_db, "wang")
    now = utcnow()
    waits = []
    for _ in range(throttle.POLICIES["pair"].free + 3):
        console_db.run_sync(lambda s: throttle.record_failure(s, "wang", "203.0.113.9", now))
        waits.append(console_db.run_sync(lambda s: throttle.wait_seconds(s, "wang", "203.0.113.9", now)))
    assert waits == [0, 0, 0, 0, 1, 2, 4, 8]
    assert console_db.run_sync(lambda s: throttle.wait_seconds(s, "wang", "198.51.100.4", now)) == 0
    assert console_db.run_sync(lambda s: auth.authenticate(s, "wang", PASSWORD)) is not None  # no lock


@pytest.mark.unit
def test_the_count_starts_again_after_a_quiet_period(console_db):
    add_staff(console_db, "wang")
    now = utcnow()
    for _ in range(6):
        console_db.run_sync(lambda s: throttle.record_failure(s, "wang", "203.0.113.9", now))
    later = now + throttle.FORGET_AFTER + timedelta(seconds=1)
    console_db.run_sync(lambda s: throttle.record_failure(s, "wang", "203.0.113.9", later))
    assert console_db.run_sync(lambda s: throttle.wait_seconds(s, "wang", "203.0.113.9", later)) == 0


@pytest.mark.unit
def test_the_account_wide_wait_spares_places_the_account_logged_in_from(console_db):
    add_staff(console_db, "wang")
    now = utcnow()
    staff = console_db.run_sync(lambda s: auth.authenticate(s, "wang", PASSWORD))
    console_db.run_sync(lambda s: throttle.record_success(s, s.merge(staff), "wang", "198.51.100.4", now))
    for i in range(throttle.POLICIES["acct"].free + 1):  # a distributed guess: one failure per address
        console_db.run_sync(lambda s, i=i: throttle.record_failure(s, "wang", f"10.0.{i // 250}.{i % 250}", now))
    assert console_db.run_sync(lambda s: throttle.wait_seconds(s, "wang", "192.0.2.77", now)) > 0
    assert console_db.run_sync(lambda s: throttle.wait_seconds(s, "wang", "198.51.100.4", now)) == 0


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
