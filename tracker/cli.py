"""Command-line tools: `flask --app wsgi user create|invite ...`, `flask --app wsgi demo`."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Role, User
from tracker.auth.passwords import password_problem

user_cli = AppGroup("user", help="Manage user accounts.")


@user_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="scrutiny, officer or member.")
@click.option("--job-title", default=None, help="For example 'Head of Community Safety'.")
@click.option("--password", default=None, help="Prompted for (hidden, confirmed) when absent.")
def create_user(email: str, name: str, role: str, job_title: str | None, password: str | None) -> None:
    """Create a user account."""
    email = _checked_email(email)
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise click.ClickException(problem)
    user = _new_user(email, name, role, job_title)
    user.set_password(password)
    db.session.commit()
    click.echo(f"Created {role} account for {name} <{email}>")


def _new_user(email: str, name: str, role: str, job_title: str | None) -> User:
    user = User(email=email, name=name.strip(), role=role, job_title=(job_title or "").strip() or None)
    db.session.add(user)
    db.session.flush()
    return user


def _checked_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise click.BadParameter("enter an email address like name@council.gov.uk", param_hint="EMAIL")
    if db.session.scalar(select(User).where(User.email == email)):
        raise click.ClickException(f"An account for {email} already exists")
    return email


@user_cli.command("invite")
@click.argument("email")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="scrutiny, officer or member.")
@click.option("--job-title", default=None, help="For example 'Head of Community Safety'.")
def invite_user(email: str, name: str, role: str, job_title: str | None) -> None:
    """Create an account without a password and email the person an invitation to set one."""
    from tracker import mailer
    from tracker.auth.emails import link_email
    from tracker.models import LinkPurpose

    user = _new_user(_checked_email(email), name, role, job_title)
    url, message = link_email(user, LinkPurpose.INVITATION)
    db.session.commit()
    click.echo(f"Created {role} account for {user.name} <{user.email}>")
    click.echo(f"Invitation link (works once, for 7 days): {url}")
    try:
        mailer.send(message)
    except Exception as error:  # noqa: BLE001 - the account and link stand: say so and how to pass it on
        raise click.ClickException(f"The invitation email could not be sent ({error}); "
                                   "give the person the link above yourself") from None
    click.echo(f"Invitation emailed to {user.email}")


@click.command("demo")
@click.option("--synthetic", "synthetic", type=click.IntRange(1, 5_000_000), default=None, metavar="N",
              help="Instead: fill an EMPTY database with a synthetic council of N actions (for measuring).")
def demo_command(synthetic: int | None) -> None:
    """Load the demo council once (does nothing if there is data already) and print the logins."""
    from tracker.demo import DEMO_LOGINS, load_demo

    if synthetic is not None:
        import time

        from tracker.synthetic import NotEmpty, load_synthetic

        started = time.perf_counter()
        try:
            counts = load_synthetic(synthetic)
        except NotEmpty as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Synthetic council loaded in {time.perf_counter() - started:.1f}s: "
                   + ", ".join(f"{n:,} {table}" for table, n in counts.items()))
        return
    loaded = load_demo()
    click.echo("Demo data loaded." if loaded else "The database already has data: demo not loaded again.")
    click.echo("Demo logins (password for each: %s):" % DEMO_LOGINS[0][2])
    for email, role, _password in DEMO_LOGINS:
        click.echo(f"  {role:<9} {email}")


@click.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--meeting-date", type=click.DateTime(["%Y-%m-%d"]), default=None, help="The meeting's date (YYYY-MM-DD): months and 'within two weeks' count from it.")
@click.option("--next-meeting", type=click.DateTime(["%Y-%m-%d"]), default=None, help="The committee's next meeting (YYYY-MM-DD), for actions due then.")
@click.option("--json", "as_json", is_flag=True, help="Print the agenda items and actions as JSON.")
@click.option("--explain", is_flag=True, help="Under each action, print its class and why it was chosen.")
def extract_command(file: str, meeting_date, next_meeting, as_json: bool, explain: bool) -> None:
    """Find the actions in a minutes file (.txt, .docx or .pdf); changes nothing."""
    import json
    from pathlib import Path

    from tracker.minutes import extract
    from tracker.minutes.files import MinutesFileError, read_minutes_file

    path = Path(file)
    try:
        text = read_minutes_file(path.name, path.read_bytes())
    except MinutesFileError as problem:
        raise click.ClickException(str(problem)) from None
    items = extract(
        text,
        meeting_date=meeting_date.date() if meeting_date else None,
        next_meeting=next_meeting.date() if next_meeting else None,
    )
    if as_json:
        click.echo(json.dumps([item.to_dict() for item in items], indent=2, ensure_ascii=False))
        return
    for item in items:
        heading = " ".join(filter(None, [item.number, item.title])) or "(minutes)"
        click.echo(f"{heading}" + (f"  [{item.presenter}]" if item.presenter else ""))
        if not item.actions:
            click.echo("    no actions")
        for action in item.actions:
            due = "next meeting" if action.due_next_meeting and not action.due else (action.due.isoformat() if action.due else "no due date")
            click.echo(f"  - {action.kind:<10} {action.description}")
            click.echo(f"    owner: {action.owner or 'not found'}; due: {due}")
            if explain:
                click.echo(f"    class: {action.kind}; why: {action.reason}")
                click.echo(f"    quote [{action.start}:{action.end}]: {action.quote}")
        click.echo("")


def init_app(app: Flask) -> None:
    app.cli.add_command(user_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(extract_command)
