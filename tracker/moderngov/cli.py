"""`flask --app wsgi moderngov committees|link|sync`: a stable interface other tools rely on."""
from __future__ import annotations

import re
import click
from flask.cli import AppGroup
from sqlalchemy import select

from tracker.committees.forms import SLUG
from tracker.extensions import db
from tracker.models import Committee
from tracker.moderngov import client_from_config
from tracker.moderngov.client import CommitteeInfo, ModernGovError
from tracker.moderngov.sync import default_window, sync_committee
from tracker.timeutil import today, utcnow

moderngov_cli = AppGroup("moderngov", help="Committees, meetings and minutes from the council's ModernGov.")

URL_OPTION = click.option("--url", default=None, metavar="URL",
                          help="The ModernGov site's address (default: TRACKER_MODERNGOV_URL).")


def _client(url: str | None):
    try:
        return client_from_config(url)
    except ModernGovError as problem:
        raise click.ClickException(str(problem)) from None


def _committees(url: str | None) -> list[CommitteeInfo]:
    try:
        return _client(url).committees()
    except ModernGovError as problem:
        raise click.ClickException(str(problem)) from None


@moderngov_cli.command("committees")
@URL_OPTION
def list_committees(url: str | None) -> None:
    """The ModernGov committees, one a line: id, then title (current ones first)."""
    for c in _committees(url):
        click.echo(f"{c.id}\t{c.title}" + ("" if c.current else "\t(no longer current)"))


def unique_code(title: str) -> str:
    """A reference code for a committee made from ModernGov's title: its initials, made
    unique with a number."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", title) if w.lower() not in ("and", "of", "the", "for", "&")]
    stem = ("".join(w[0] for w in words).upper() or "C")[:10]
    taken = set(db.session.scalars(select(Committee.code)))
    code, n = stem, 1
    while code in taken:
        n += 1
        code = f"{stem}{n}"[:12]
    return code


@moderngov_cli.command("link")
@click.argument("mgid", type=click.IntRange(1, 999_999_999))
@click.option("--as", "slug", required=True, metavar="SLUG", help="The tracker committee's web address name.")
@URL_OPTION
def link(mgid: int, slug: str, url: str | None) -> None:
    """Link tracker committee SLUG to ModernGov committee MGID (creating SLUG from ModernGov's
    title when there is no such committee yet)."""
    slug = slug.strip().lower()
    if not SLUG.match(slug) or len(slug) > 80:
        raise click.BadParameter("use lower-case letters, numbers and single hyphens", param_hint="--as")
    found = {c.id: c for c in _committees(url)}
    if mgid not in found:
        raise click.ClickException(f"ModernGov has no committee {mgid}: `flask moderngov committees` lists them")
    clash = db.session.scalar(select(Committee).where(Committee.moderngov_id == mgid))
    committee = db.session.scalar(select(Committee).where(Committee.slug == slug))
    if clash is not None and clash is not committee:
        raise click.ClickException(f"ModernGov committee {mgid} is already linked to {clash.slug}")
    if committee is None:
        title = found[mgid].title[:200]
        committee = Committee(name=title, slug=slug, code=unique_code(title), description="")
        db.session.add(committee)
        verb = "Created"
    else:
        verb = "Linked"
    committee.moderngov_id = mgid
    db.session.commit()
    click.echo(f"{verb} {committee.slug} ({committee.name}): ModernGov committee {mgid}, {found[mgid].title}")


@moderngov_cli.command("sync")
@URL_OPTION
@click.option("--from", "start", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="First day (YYYY-MM-DD; default a year ago).")
@click.option("--to", "end", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Last day (YYYY-MM-DD; default a year ahead).")
def sync(url: str | None, start, end) -> None:
    """Sync every linked committee: one summary line each. Exits 1 if any failed (nothing of
    that committee's is written)."""
    day = today()
    first, last = default_window(day)
    first = start.date() if start else first
    last = end.date() if end else last
    if last < first:
        raise click.BadParameter("--to is before --from", param_hint="--to")
    client = _client(url)
    committees = db.session.scalars(
        select(Committee).where(Committee.moderngov_id.is_not(None)).order_by(Committee.name)).all()
    if not committees:
        click.echo("No committee is linked to ModernGov: `flask moderngov link MGID --as SLUG` links one")
        return
    failed = 0
    for committee in committees:
        name = committee.name
        try:
            summary = sync_committee(committee, client, first, last, today=day, now=utcnow())
        except ModernGovError as problem:
            failed += 1
            click.echo(f"{name}: not synced, nothing changed: {problem}", err=True)
            continue
        click.echo(summary.line(name))
    if failed:
        raise click.exceptions.Exit(1)
