"""A recommendation after its response: the implementation plan, the committee's reviews and
its sign-off at a meeting; and the migration that gave every existing recommendation its row."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from tracker import create_app
from tracker.actions.rules import Forbidden, RuleError
from tracker.chasing.responses import record_recommendation
from tracker.extensions import db
from tracker.models import AddressedBody
from tracker.recommendations.records import record_plan, record_review

TODAY = date(2026, 11, 20)


@pytest.fixture
def world(make):
    panel = make.committee("Health Scrutiny Panel", slug="health", code="HSP")
    meeting = make.meeting(panel, on=date(2026, 1, 14))
    scrutiny = make.user("scrutiny", name="Sam Okafor")
    cabinet = AddressedBody(name="Cabinet", kind="executive")
    db.session.add(cabinet)
    db.session.commit()
    action = make.action(meeting, kind="resolution", description="RECOMMEND that respite charges be reviewed")
    record_recommendation(action, scrutiny, action.version, is_recommendation=True, addressed_to_id=cabinet.id,
                          response="accepted", response_date=date(2026, 3, 2), today=TODAY)
    db.session.commit()
    return dict(panel=panel, meeting=meeting, scrutiny=scrutiny, action=action, cabinet=cabinet,
                officer=make.user("officer", name="Olu Adeyemi", job_title="Head of Adult Care"),
                delivery=make.action(meeting, description="Publish the charging review"),
                later=make.meeting(panel, on=date(2026, 9, 9)),
                next_year=make.meeting(panel, on=date(2027, 3, 10), status="scheduled"),
                other=make.meeting(make.committee(), on=date(2026, 9, 9)))


def plan(world, **fields):
    action = world["action"]
    values = dict(lead_id=world["officer"].id, lead_name=None, target_date=date(2026, 12, 31),
                  implementation_status="in_progress", rag="amber", latest_update="Consultation open",
                  delivering_ids=[world["delivery"].id])
    values.update(fields)
    return record_plan(action, world["scrutiny"], action.version, today=TODAY, **values)


def test_the_plan_links_the_actions_that_deliver_it_and_keeps_history(world):
    entry = plan(world)
    db.session.commit()
    details = world["action"].recommendation
    assert details.delivering_actions == [world["delivery"]] and details.lead_label.startswith("Olu Adeyemi")
    assert details.addressed_to.name == "Cabinet"
    assert "Implementation status: Not started → In progress" in entry.note
    assert "Actions that deliver it: none → " + world["delivery"].reference in entry.note
    again = plan(world, implementation_status="implemented", rag="green")
    assert again.note == "Implementation status: In progress → Implemented; RAG: amber → green"
    assert plan(world, implementation_status="implemented", rag="green") is None  # nothing changed


def test_a_lead_without_an_account_is_typed(world):
    plan(world, lead_id=None, lead_name="Dr Priya Shah, NHS trust")
    assert world["action"].recommendation.lead_label == "Dr Priya Shah, NHS trust"


def test_a_rejected_recommendation_has_no_plan(world, make):
    action = make.action(world["meeting"], kind="resolution", description="RECOMMEND a new depot")
    record_recommendation(action, world["scrutiny"], action.version, is_recommendation=True, response="rejected",
                          response_date=date(2026, 3, 2), response_text="No capital", today=TODAY)
    with pytest.raises(RuleError, match="Only an accepted"):
        record_plan(action, world["scrutiny"], action.version, lead_id=None, lead_name=None, target_date=None,
                    implementation_status="in_progress", rag=None, latest_update=None, delivering_ids=[],
                    today=TODAY)


def test_only_scrutiny_officers_change_the_plan(world):
    with pytest.raises(Forbidden):
        record_plan(world["action"], world["officer"], world["action"].version, lead_id=None, lead_name=None,
                    target_date=None, implementation_status="in_progress", rag=None, latest_update=None,
                    delivering_ids=[], today=TODAY)


def review(world, meeting, months, verdict, note=""):
    action = world["action"]
    return record_review(action, world["scrutiny"], action.version, meeting=meeting, months=months,
                         verdict=verdict, note=note, today=TODAY)


def test_reviewed_at_six_months_then_signed_off_at_the_meeting(world):
    review(world, world["later"], 6, "continue", "Halfway there")
    assert world["action"].status == "open"
    review(world, world["later"], 12, "sign_off")
    db.session.commit()
    action = world["action"]
    assert (action.status, action.closed_at_meeting_id) == ("closed", world["later"].id)
    assert [r.verdict for r in action.recommendation.reviews] == ["continue", "sign_off"]
    assert action.updates[0].note == "12-month review at the meeting on 9 September 2026: Satisfied: signed off"
    assert (action.updates[0].old_status, action.updates[0].new_status) == ("open", "closed")


@pytest.mark.parametrize("meeting, message", [
    ("next_year", "has taken place"),
    ("other", "the committee that made"),
])
def test_sign_off_is_refused_away_from_a_held_meeting_of_the_committee(world, meeting, message):
    with pytest.raises(RuleError, match=message):
        review(world, world[meeting], 12, "sign_off")


def test_a_review_must_be_one_of_the_councils(world):
    with pytest.raises(RuleError, match="Choose which review"):
        review(world, world["later"], 3, "continue")


def test_the_migration_keeps_every_recommendation_and_response(tmp_path):
    """A database at the revision before ours, holding a recommendation and its response, upgraded."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'before.db'}")
    with app.app_context():
        upgrade(revision="i15_01")
        now = datetime.combine(date(2026, 6, 10), time(18))
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO committees (id, name, slug, code, description) "
                              "VALUES (1, 'Health', 'health', 'HSP', '')"))
            conn.execute(text("INSERT INTO meetings (id, committee_id, starts_at, venue, status) "
                              "VALUES (1, 1, :now, '', 'held')"), {"now": now})
            for n, is_rec in ((1, True), (2, False)):
                conn.execute(text(
                    "INSERT INTO actions (id, committee_id, meeting_id, reference, municipal_year, sequence, kind, "
                    "description, due_next_meeting, status, exempt, created_at, updated_at, version, "
                    "is_recommendation, response_due, response, response_date, response_text) VALUES "
                    "(:n, 1, 1, :ref, 2026, :n, 'resolution', 'RECOMMEND', :f, 'open', :f, :now, :now, 1, "
                    ":rec, '2026-08-10', :resp, '2026-08-01', :why)"),
                    {"n": n, "ref": f"HSP 26/27-0{n}", "f": False, "now": now, "rec": is_rec,
                     "resp": "rejected" if is_rec else None, "why": "No budget" if is_rec else None})
        upgrade(revision="i16_01")
        with db.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT a.id, a.response, a.response_text, b.name FROM recommendations r "
                "JOIN actions a ON a.id = r.action_id JOIN addressed_bodies b ON b.id = r.addressed_to_id")).all()
        db.engine.dispose()
    assert [tuple(r) for r in rows] == [(1, "rejected", "No budget", "Cabinet")]
