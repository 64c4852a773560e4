from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_login import current_user, login_required
from jinja2_fragments.flask import render_block
from markupsafe import Markup
from sqlalchemy import func, select

from tracker import permissions
from tracker.actions.queries import ActionFilters, counts, filtered, one_page
from tracker.caching import kept
from tracker.chasing.staleness import preload_stale
from tracker.actions.rules import RuleError
from tracker.committees import bp, membership
from tracker.committees.forms import CommitteeForm, MemberForm
from tracker.extensions import db
from tracker.htmx import redirect_after_post
from tracker.meetings.forms import MeetingForm
from tracker.meetings.rules import save_meeting
from tracker.models import LIVE_STATUSES, Action, Committee, Meeting, Role, User
from tracker.moderngov.views import committee_panel
from tracker.permissions import role_required
from tracker.timeutil import today

# A committee page lists this many outstanding actions (a page of /actions) and recent
# meetings; the rest are a link away, so the page stays the same size as the years go by.
COMMITTEE_PAGE_ACTIONS = 25
COMMITTEE_PAGE_MEETINGS = 12


@bp.get("")
@login_required
def index():
    """Every committee, with its open and overdue counts."""
    day = today()
    live = Action.status.in_([s.value for s in LIVE_STATUSES])
    totals = dict(
        (row.committee_id, row)
        for row in db.session.execute(
            select(
                Action.committee_id,
                func.count().filter(live).label("open"),
                func.count().filter(Action.overdue_clause(day)).label("overdue"),
            ).group_by(Action.committee_id)
        )
    )
    committees = db.session.scalars(select(Committee).order_by(Committee.name)).all()
    return render_template("committees/index.html", committees=committees, totals=totals)


def _unique_errors(form: CommitteeForm, committee: Committee | None) -> bool:
    ok = True
    for field, column, what in ((form.slug, Committee.slug, "web address name"), (form.code, Committee.code, "reference code")):
        clash = db.session.scalar(select(Committee).where(column == field.data))
        if clash is not None and clash is not committee:
            field.errors.append(f"{clash.name} already uses this {what}")
            ok = False
    return ok


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.SCRUTINY)
def new():
    """Add a committee."""
    form = CommitteeForm()
    if form.validate_on_submit() and _unique_errors(form, None):
        committee = Committee()
        form.populate_obj(committee)
        db.session.add(committee)
        db.session.commit()
        flash(f"{committee.name} added", "success")
        return redirect_after_post(url_for("committees.show", slug=committee.slug))
    status = 422 if form.errors else 200
    return render_template("committees/form.html", form=form, committee=None), status


@bp.get("/<slug>")
@login_required
def show(slug: str):
    """A committee: its outstanding actions, who owes updates, and its meetings."""
    committee = db.first_or_404(select(Committee).where(Committee.slug == slug))
    # The actions and chasing sections are the same for everyone who sees the list alike.
    outstanding = kept(("committee", request.full_path, permissions.list_scope(current_user)),
                       lambda: _outstanding(committee))
    every_meeting = request.args.get("meetings") == "all"
    meetings = db.session.scalars(
        select(Meeting).where(Meeting.committee_id == committee.id).order_by(Meeting.starts_at.desc())
        .limit(None if every_meeting else COMMITTEE_PAGE_MEETINGS + 1)
    ).all()
    more_meetings = not every_meeting and len(meetings) > COMMITTEE_PAGE_MEETINGS
    return render_template(
        "committees/show.html",
        committee=committee,
        members=membership.members_of(committee.id),
        meetings=meetings[:COMMITTEE_PAGE_MEETINGS] if more_meetings else meetings,
        outstanding=Markup(outstanding),  # nosec B704: rendered by Jinja, escaped there
        more_meetings=more_meetings,
        moderngov=committee_panel(committee),
    )


def _outstanding(committee: Committee) -> str:
    """The committee's outstanding actions (the first page of them), counts, and chasing."""
    day = today()
    query = filtered(ActionFilters(committee=committee.slug), None, day)
    actions = one_page(query, day, COMMITTEE_PAGE_ACTIONS)
    preload_stale(actions, day)
    return render_block("committees/show.html", "outstanding", committee=committee, actions=actions,
                        counts=counts(query, day), day=day, limit=COMMITTEE_PAGE_ACTIONS)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@role_required(Role.SCRUTINY)
def edit(slug: str):
    """Change a committee's name, web address, reference code or description."""
    committee = db.first_or_404(select(Committee).where(Committee.slug == slug))
    form = CommitteeForm(obj=committee)
    if form.validate_on_submit() and _unique_errors(form, committee):
        form.populate_obj(committee)
        db.session.commit()
        flash(f"{committee.name} saved", "success")
        return redirect_after_post(url_for("committees.show", slug=committee.slug))
    status = 422 if form.errors else 200
    return render_template("committees/form.html", form=form, committee=committee), status


@bp.route("/<slug>/meetings/new", methods=["GET", "POST"])
@role_required(Role.SCRUTINY)
def new_meeting(slug: str):
    """Schedule a meeting of the committee ("next meeting" due dates follow it)."""
    committee = db.first_or_404(select(Committee).where(Committee.slug == slug))
    form = MeetingForm()
    if form.validate_on_submit():
        meeting = Meeting(committee_id=committee.id, committee=committee)
        changed = save_meeting(meeting, form)
        db.session.commit()
        flash(
            f"Meeting on {meeting.starts_at:%-d %B %Y} added"
            + (f"; {changed} action{'s' if changed != 1 else ''} due at the next meeting now due then" if changed else ""),
            "success",
        )
        return redirect_after_post(url_for("meetings.show", meeting_id=meeting.id))
    status = 422 if form.errors else 200
    return render_template("meetings/form.html", form=form, committee=committee, meeting=None), status



@bp.get("/<slug>/members")
@login_required
def members(slug: str):
    """Who sits on the committee; a scrutiny officer adds and removes members here."""
    committee = db.first_or_404(select(Committee).where(Committee.slug == slug))
    form = MemberForm(councillors=membership.member_choices(committee.id)) if permissions.can_manage(current_user) else None
    return _members_page(committee, form)


def _members_page(committee: Committee, form: MemberForm | None, status: int = 200):
    return render_template("committees/members.html", committee=committee, form=form,
                           members=membership.members_of(committee.id)), status


@bp.post("/<slug>/members")
@role_required(Role.SCRUTINY)
def add_member(slug: str):
    """Seat a councillor on the committee."""
    committee = db.first_or_404(select(Committee).where(Committee.slug == slug))
    form = MemberForm(councillors=membership.member_choices(committee.id))
    if form.validate_on_submit():
        member = db.session.get(User, form.user_id.data)
        try:
            membership.add_member(committee, member, current_user, form.position.data)
        except RuleError as error:
            db.session.rollback()
            getattr(form, error.field or "user_id").errors.append(error.message)
        else:
            db.session.commit()
            flash(f"{member.name} sits on {committee.name}", "success")
            return redirect_after_post(url_for("committees.members", slug=committee.slug))
    return _members_page(committee, form, 422)


@bp.post("/<slug>/members/<int:user_id>/remove")
@role_required(Role.SCRUTINY)
def remove_member(slug: str, user_id: int):
    """Take a councillor off the committee."""
    committee = db.first_or_404(select(Committee).where(Committee.slug == slug))
    member = db.get_or_404(User, user_id)
    if membership.remove_member(committee, member.id, current_user):
        db.session.commit()
        flash(f"{member.name} no longer sits on {committee.name}", "success")
    return redirect_after_post(url_for("committees.members", slug=committee.slug))
