"""Command-line tools: `flask --app wsgi user create ...`, `flask --app wsgi demo`."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Role, User
from tracker.users.forms import PASSWORD_MIN

user_cli = AppGroup("user", help="Manage user accounts.")


@user_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="scrutiny, officer or member.")
@click.option("--job-title", default=None, help="For example 'Head of Community Safety'.")
@click.option("--password", default=None, help="Prompted for (hidden, confirmed) when absent.")
def create_user(email: str, name: str, role: str, job_title: str | None, password: str | None) -> None:
    """Create a user account."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise click.BadParameter("enter an email address like name@council.gov.uk", param_hint="EMAIL")
    if db.session.scalar(select(User).where(User.email == email)):
        raise click.ClickException(f"An account for {email} already exists")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < PASSWORD_MIN:
        raise click.ClickException(f"The password must be at least {PASSWORD_MIN} characters")
    user = User(email=email, name=name.strip(), role=role, job_title=(job_title or "").strip() or None)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} account for {name} <{email}>")


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


def init_app(app: Flask) -> None:
    app.cli.add_command(user_cli)
    app.cli.add_command(demo_command)
