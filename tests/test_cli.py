"""The flask commands."""
from __future__ import annotations

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Action, ActionStatus, Committee, User


def test_user_create_with_password(app, runner, ctx):
    result = runner.invoke(args=["user", "create", "Sam@Council.gov.uk", "--name", "Sam Okafor",
                                 "--role", "scrutiny", "--job-title", "Scrutiny Officer", "--password", "a-long-password"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert (user.email, user.role, user.job_title) == ("sam@council.gov.uk", "scrutiny", "Scrutiny Officer")
    assert user.check_password("a-long-password")


def test_user_create_prompts_for_a_hidden_confirmed_password(runner, ctx):
    result = runner.invoke(args=["user", "create", "a@council.gov.uk", "--name", "A", "--role", "officer"],
                           input="a-long-password\na-long-password\n")
    assert result.exit_code == 0, result.output
    assert "a-long-password" not in result.output
    assert db.session.scalar(select(User)).check_password("a-long-password")


def test_user_create_refuses_duplicates_bad_roles_and_short_passwords(runner, ctx, make):
    make.user("officer", email="taken@council.gov.uk")
    duplicate = runner.invoke(args=["user", "create", "TAKEN@council.gov.uk", "--name", "X", "--role", "officer", "--password", "a-long-password"])
    bad_role = runner.invoke(args=["user", "create", "b@council.gov.uk", "--name", "X", "--role", "admin", "--password", "a-long-password"])
    short = runner.invoke(args=["user", "create", "c@council.gov.uk", "--name", "X", "--role", "officer", "--password", "short"])
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
    assert bad_role.exit_code != 0
    assert short.exit_code != 0 and "at least 10" in short.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_demo_loads_once_with_every_status_and_a_next_meeting_action(runner, ctx):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "scrutiny@example.gov.uk" in first.output and "member@example.gov.uk" in first.output
    counts = (db.session.scalar(select(func.count()).select_from(Action)),
              db.session.scalar(select(func.count()).select_from(Committee)))
    second = runner.invoke(args=["demo"])
    assert "already has data" in second.output
    assert (db.session.scalar(select(func.count()).select_from(Action)),
            db.session.scalar(select(func.count()).select_from(Committee))) == counts
    statuses = set(db.session.scalars(select(Action.status)))
    assert statuses == {s.value for s in ActionStatus}
    from tracker.timeutil import today

    assert db.session.scalar(select(func.count()).select_from(Action).where(Action.overdue_clause(today()))) >= 2
    assert db.session.scalar(select(func.count()).select_from(Action).where(
        Action.due_next_meeting.is_(True), Action.due_date.is_(None))) >= 1
    assert db.session.scalar(select(func.count()).select_from(Action).where(Action.exempt.is_(True))) >= 1
    roles = set(db.session.scalars(select(User.role)))
    assert roles == {"scrutiny", "officer", "member"}
