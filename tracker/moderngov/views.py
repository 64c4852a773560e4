from __future__ import annotations

from dataclasses import dataclass, replace

from flask import Flask, abort, flash, render_template, request, url_for
from flask_login import current_user
from jinja2_fragments.flask import render_block
from sqlalchemy import select

from tracker.capture.rules import review
from tracker.extensions import db
from tracker.htmx import redirect_after_post, wants_fragment
from tracker.actions.rules import RuleError
from tracker.committees.membership import add_member, member_choices
from tracker.models import (
    Action,
    Committee,
    Meeting,
    MinutesSuggestion,
    ModernGovPerson,
    ModernGovSync,
    Role,
    SuggestionState,
    User,
)
from tracker.moderngov import bp, client_from_config, configured
from tracker.moderngov.client import ModernGovError
from tracker.moderngov.forms import LinkForm, PersonForm, SyncForm
from tracker.moderngov.sync import default_window, minutes_text, pending_keys, quote_key, settle, sync_committee
from tracker.permissions import role_required
from tracker.timeutil import today, utcnow


# ------------------------------------------------------------------ what pages show

@dataclass
class Pending:
    meeting: Meeting
    count: int


def pending_suggestions(committee_id: int | None = None, meeting_id: int | None = None) -> list[Pending]:
    """Meetings with suggestions from published minutes still to review, newest first
    (suggestions logged since by another way do not count)."""
    query = (select(MinutesSuggestion.meeting_id, MinutesSuggestion.quote_key)
             .join(Meeting, Meeting.id == MinutesSuggestion.meeting_id)
             .where(MinutesSuggestion.state == SuggestionState.PENDING.value))
    if committee_id is not None:
        query = query.where(Meeting.committee_id == committee_id)
    if meeting_id is not None:
        query = query.where(Meeting.id == meeting_id)
    rows = db.session.execute(query).all()
    if not rows:
        return []
    meeting_ids = {m for m, _ in rows}
    logged = {(m, quote_key(q)) for m, q in db.session.execute(
        select(Action.meeting_id, Action.quote).where(Action.meeting_id.in_(meeting_ids), Action.quote.is_not(None)))}
    counts: dict[int, int] = {}
    for meeting_id, key in rows:
        if (meeting_id, key) not in logged:
            counts[meeting_id] = counts.get(meeting_id, 0) + 1
    meetings = db.session.scalars(select(Meeting).where(Meeting.id.in_(counts)).order_by(Meeting.starts_at.desc()))
    return [Pending(m, counts[m.id]) for m in meetings]


def committee_panel(committee: Committee) -> dict:
    """The committee page's ModernGov section: the link, the last sync and what came in."""
    last = db.session.scalar(select(ModernGovSync).where(ModernGovSync.committee_id == committee.id)
                             .order_by(ModernGovSync.started_at.desc(), ModernGovSync.id.desc()).limit(1))
    last_ok = last if last is None or last.ok else db.session.scalar(
        select(ModernGovSync).where(ModernGovSync.committee_id == committee.id, ModernGovSync.ok.is_(True))
        .order_by(ModernGovSync.started_at.desc(), ModernGovSync.id.desc()).limit(1))
    unmatched = db.session.scalars(select(ModernGovPerson).where(
        ModernGovPerson.committee_id == committee.id, ModernGovPerson.user_id.is_(None),
        ModernGovPerson.ignored.is_(False)).order_by(ModernGovPerson.name)).all()
    councillors = member_choices(committee.id) if unmatched else []
    return {"configured": configured(), "last": last, "last_ok": last_ok,
            "pending": pending_suggestions(committee.id), "sync_form": SyncForm(),
            "unmatched": [(p, _person_form(p, councillors)) for p in unmatched]}


def _person_form(person: ModernGovPerson, councillors, formdata=None) -> PersonForm:
    form = PersonForm(formdata=formdata, prefix=f"person-{person.id}")
    form.set_choices(councillors)
    return form


def meeting_pending(meeting: Meeting) -> int:
    """How many of the meeting's published minutes' suggestions are still to review."""
    found = pending_suggestions(meeting_id=meeting.id)
    return found[0].count if found else 0


# ------------------------------------------------------------------ linking and syncing

def _committee(slug: str) -> Committee:
    return db.first_or_404(select(Committee).where(Committee.slug == slug))


@bp.route("/committees/<slug>/link", methods=["GET", "POST"])
@role_required(Role.SCRUTINY)
def link(slug: str):
    """Choose the ModernGov committee this committee is (from ModernGov's list, current first)."""
    committee = _committee(slug)
    form = LinkForm()
    problem = None
    try:
        form.set_choices(client_from_config().committees())
    except ModernGovError as error:
        problem = str(error)
    if problem is None and request.method == "POST" and form.validate_on_submit():
        chosen = form.moderngov_id.data
        clash = chosen and db.session.scalar(
            select(Committee).where(Committee.moderngov_id == chosen, Committee.id != committee.id))
        if clash:
            form.moderngov_id.errors.append(f"{clash.name} is already linked to that ModernGov committee")
        else:
            committee.moderngov_id = chosen
            db.session.commit()
            flash(f"{committee.name} is linked to ModernGov" if chosen else f"{committee.name} is no longer linked to ModernGov",
                  "success")
            return redirect_after_post(url_for("committees.show", slug=committee.slug) + "#moderngov")
    if request.method == "GET":
        form.moderngov_id.data = committee.moderngov_id
    # The choice cannot be checked against ModernGov's list, so it is not saved (and not a 5xx:
    # nothing on this server failed).
    status = 422 if form.errors or (problem and request.method == "POST") else 200
    context = {"committee": committee, "form": form, "problem": problem}
    if wants_fragment():
        return render_block("moderngov/link.html", "link", **context), status
    return render_template("moderngov/link.html", **context), status


@bp.post("/committees/<slug>/sync")
@role_required(Role.SCRUTINY)
def sync_now(slug: str):
    """Sync the committee from ModernGov now (the same as the nightly command, for one)."""
    committee = _committee(slug)
    target = url_for("committees.show", slug=committee.slug) + "#moderngov"
    if not SyncForm().validate_on_submit():
        flash("The form expired: choose Sync now again", "error")
        return redirect_after_post(target)
    if committee.moderngov_id is None:
        flash("Choose the committee's ModernGov committee first (Edit the committee)", "error")
        return redirect_after_post(target)
    first, last = default_window(today())
    try:
        summary = sync_committee(committee, client_from_config(), first, last, today=today(), now=utcnow())
    except ModernGovError as problem:
        flash(f"Not synced, nothing changed: {problem}", "error")
    else:
        flash("Synced. " + summary.line(committee.name), "success")
    return redirect_after_post(target)


@bp.post("/committees/<slug>/people/<int:person_id>")
@role_required(Role.SCRUTINY)
def person(slug: str, person_id: int):
    """Link a name ModernGov seats on the committee to a councillor's account, or ignore it."""
    committee = _committee(slug)
    person = db.get_or_404(ModernGovPerson, person_id)
    if person.committee_id != committee.id:
        abort(404)
    form = _person_form(person, member_choices(committee.id), request.form)
    target = url_for("committees.show", slug=committee.slug) + "#moderngov-people"
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect_after_post(target)
    if form.ignore.data:
        person.ignored = True
        db.session.commit()
        flash(f"{person.name} will not be matched to an account", "success")
        return redirect_after_post(target)
    if form.user_id.data is None:
        flash(f"Choose the account of {person.name}", "error")
        return redirect_after_post(target)
    user = db.session.get(User, form.user_id.data)
    try:
        add_member(committee, user, current_user, person.position, source="moderngov")
    except RuleError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect_after_post(target)
    person.user_id = user.id
    db.session.commit()
    flash(f"{person.name} is {user.name}'s account, and sits on {committee.name}", "success")
    return redirect_after_post(target)


# ------------------------------------------------------------------ reviewing the suggestions

@bp.get("/meetings/<int:meeting_id>/suggestions")
@role_required(Role.SCRUTINY)
def suggestions(meeting_id: int):
    """The published minutes' suggestions still to review, on capture's review screen."""
    # Capture's review screen and its form, as capture builds them (its own helpers).
    from tracker.capture.views import TEMPLATE, _review_form
    from tracker.capture.rules import highlight

    meeting = db.get_or_404(Meeting, meeting_id)
    text = minutes_text(meeting)
    keys = pending_keys(meeting.id)
    result = review(meeting, text)
    kept = [p for p in result.proposals if quote_key(p.quote) in keys]
    result.proposals = [replace(p, index=i) for i, p in enumerate(kept)]
    return render_template(TEMPLATE, meeting=meeting, form=None, result=result, review_form=_review_form(result),
                           runs=highlight(text, result.proposals))


def _settle_after_review(response):
    """Once capture has logged a review of a meeting's minutes, the suggestions in it are
    settled: those logged, and those the scrutiny officer chose not to log (never suggested
    again)."""
    if request.endpoint != "capture.confirm_actions" or not (
            response.status_code in (302, 303) or "HX-Redirect" in response.headers):
        return response
    meeting_id = (request.view_args or {}).get("meeting_id")
    text = request.form.get("minutes_text", "")
    logged, rejected = [], []
    for n in range(2000):
        prefix = f"proposals-{n}-"
        if prefix + "decision" not in request.form:
            break
        start, end = request.form.get(prefix + "start", ""), request.form.get(prefix + "end", "")
        if not (start.isdecimal() and end.isdecimal() and int(start) < int(end) <= len(text)):
            continue
        quote = text[int(start):int(end)]
        (logged if request.form[prefix + "decision"] == "accept" else rejected).append(quote)
    if meeting_id and settle(meeting_id, logged, rejected, utcnow()):
        db.session.commit()
    return response


def init_app(app: Flask) -> None:
    # On the app, not capture's blueprint: capture stays as it is, and is registered first.
    app.after_request(_settle_after_review)
