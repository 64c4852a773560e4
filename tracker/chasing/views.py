"""Routes for recommendations, following committees and naming their scrutiny officer."""
from __future__ import annotations

from flask import Blueprint, current_app, abort, flash, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.actions.rules import Forbidden, RuleError, StaleVersion
from tracker.chasing import committees as rules
from tracker.chasing.forms import RecommendationForm, ScrutinyOfficerForm
from tracker.chasing.responses import default_response_due, record_recommendation
from tracker.extensions import db
from tracker.htmx import redirect_after_post
from tracker.models import Action, AddressedBody, Committee, Role, User
from tracker.permissions import role_required
from tracker.timeutil import today

bp = Blueprint("chasing", __name__)


def recommendation_form(action: Action, formdata=None) -> RecommendationForm:
    bodies = db.session.scalars(select(AddressedBody).order_by(AddressedBody.name)).all()
    form = RecommendationForm(formdata=formdata, obj=None if formdata is not None else action, bodies=bodies)
    if formdata is None:
        form.response.data = action.response or ""
        form.version.data = action.version
        details = action.recommendation
        if details is not None:
            form.addressed_to_id.data = details.addressed_to_id
            form.decision_maker.data = details.decision_maker
            form.response_url.data = details.response_url
    form.response_due.description = (
        f"Leave empty for {current_app.config['TRACKER_RESPONSE_PERIOD']} after the meeting "
        f"({default_response_due(action):%-d %B %Y})."
    )
    return form


@bp.route("/actions/<int:action_id>/recommendation", methods=["GET", "POST"])
@role_required(Role.SCRUTINY)
def recommendation(action_id: int):
    """Mark a resolution as a recommendation to the Executive and record the response."""
    action = db.get_or_404(Action, action_id)
    if request.method == "GET":
        return render_template("chasing/recommendation.html", action=action, form=recommendation_form(action))
    form = recommendation_form(action, formdata=request.form)
    if not form.validate():
        return render_template("chasing/recommendation.html", action=action, form=form), 422
    try:
        entry = record_recommendation(
            action, current_user, form.version.data,
            is_recommendation=form.is_recommendation.data,
            response_due=form.response_due.data,
            response=form.response.data or None,
            response_date=form.response_date.data,
            response_text=form.response_text.data,
            decision_maker=form.decision_maker.data,
            response_url=form.response_url.data,
            addressed_to_id=form.addressed_to_id.data,
            today=today(),
        )
    except StaleVersion as stale:
        db.session.rollback()
        current = db.session.get(Action, stale.action.id)
        form.version.data = current.version
        conflict = (f"Someone else changed {current.reference} while you were editing. What you typed is "
                    "kept below: check the action's page and save again.")
        return render_template("chasing/recommendation.html", action=current, form=form, conflict=conflict), 409
    except RuleError as error:
        db.session.rollback()
        getattr(form, error.field or "is_recommendation").errors.append(error.message)
        return render_template("chasing/recommendation.html", action=action, form=form), 422
    db.session.commit()
    flash(f"{action.reference} saved" if entry else f"Nothing changed on {action.reference}", "success")
    return redirect_after_post(url_for("actions.show", action_id=action.id) + "#recommendation")


def _committee(slug: str) -> Committee:
    return db.first_or_404(select(Committee).where(Committee.slug == slug))


@bp.post("/committees/<slug>/follow")
@login_required
def follow(slug: str):
    """Follow a committee: its counts come first on your home page."""
    committee = _committee(slug)
    rules.follow(current_user, committee)
    db.session.commit()
    flash(f"You are following {committee.name}: it is on your home page", "success")
    return redirect_after_post(url_for("committees.show", slug=committee.slug))


@bp.post("/committees/<slug>/unfollow")
@login_required
def unfollow(slug: str):
    """Stop following a committee."""
    committee = _committee(slug)
    rules.unfollow(current_user, committee)
    db.session.commit()
    flash(f"You are no longer following {committee.name}", "success")
    return redirect_after_post(url_for("committees.show", slug=committee.slug))


@bp.route("/committees/<slug>/scrutiny-officer", methods=["GET", "POST"])
@role_required(Role.SCRUTINY)
def scrutiny_officer(slug: str):
    """Choose who receives the committee's chasing summary."""
    committee = _committee(slug)
    form = ScrutinyOfficerForm(officers=rules.scrutiny_officer_choices())
    if request.method == "GET":
        form.scrutiny_officer_id.data = committee.scrutiny_officer_id
    elif form.validate_on_submit():
        officer = db.session.get(User, form.scrutiny_officer_id.data) if form.scrutiny_officer_id.data else None
        try:
            rules.set_scrutiny_officer(committee, current_user, officer)
        except RuleError as error:
            db.session.rollback()
            form.scrutiny_officer_id.errors.append(error.message)
        except Forbidden as refusal:
            db.session.rollback()
            abort(403, description=str(refusal))
        else:
            db.session.commit()
            who = officer.name if officer else "nobody"
            flash(f"{committee.name}: the chasing summary goes to {who}", "success")
            return redirect_after_post(url_for("committees.show", slug=committee.slug))
    status = 422 if form.errors else 200
    return render_template("chasing/scrutiny_officer.html", committee=committee, form=form), status
