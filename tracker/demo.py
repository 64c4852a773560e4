"""Demo data: a community safety scrutiny panel and a health panel, with actions in every status.

Dates are set relative to the day the demo is loaded, so it always has overdue items, items
due soon and a "next meeting" still to be scheduled. The text is our own, written in the
style of published minutes.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from tracker.actions.rules import change_status, close_actions, create_action, resolve_next_meeting_dues
from tracker.extensions import db
from tracker.models import ActionKind, AgendaItem, Committee, Meeting, MeetingStatus, Role, User
from tracker.timeutil import today

DEMO_PASSWORD = "demo-password"
DEMO_LOGINS = [
    ("scrutiny@example.gov.uk", Role.SCRUTINY.value, DEMO_PASSWORD),
    ("officer@example.gov.uk", Role.OFFICER.value, DEMO_PASSWORD),
    ("member@example.gov.uk", Role.MEMBER.value, DEMO_PASSWORD),
]


def _user(email, name, role, job_title=None) -> User:
    user = User(email=email, name=name, role=role.value, job_title=job_title)
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    return user


def _meeting(committee, days_from_today, status, venue="Committee Room 3, Civic Centre") -> Meeting:
    day = today() + timedelta(days=days_from_today)
    meeting = Meeting(
        committee=committee,
        starts_at=datetime.combine(day, time(18, 0)),
        venue=venue,
        status=status.value,
    )
    db.session.add(meeting)
    return meeting


def _item(meeting, number, title, presenter, minutes=None) -> AgendaItem:
    item = AgendaItem(meeting=meeting, number=number, title=title, presenter=presenter, minutes=minutes,
                      position=len(meeting.agenda_items) + 1)
    db.session.add(item)
    return item


def load_demo() -> bool:
    """Load the demo once; False (and nothing written) when the database already has data."""
    if db.session.scalar(select(func.count()).select_from(User)) or db.session.scalar(
        select(func.count()).select_from(Committee)
    ):
        return False
    day = today()

    sam = _user("scrutiny@example.gov.uk", "Sam Okafor", Role.SCRUTINY, "Scrutiny Officer")
    priya = _user("officer@example.gov.uk", "Priya Shah", Role.OFFICER, "Head of Community Safety")
    tom = _user("tom.bryant@example.gov.uk", "Tom Bryant", Role.OFFICER, "Youth Offending Service Manager")
    _user("member@example.gov.uk", "Cllr Ruth Evans", Role.MEMBER, "Chair, Stronger Communities Scrutiny Panel")
    _user("asif.malik@example.gov.uk", "Cllr Asif Malik", Role.MEMBER)

    safety = Committee(
        name="Stronger Communities Scrutiny Panel",
        slug="stronger-communities",
        code="SCSP",
        description="Scrutinises community safety, the Safer City Partnership and community cohesion.",
    )
    health = Committee(
        name="Health and Adult Social Care Scrutiny Panel",
        slug="health-adult-social-care",
        code="HASC",
        description="Scrutinises adult social care, public health and local NHS services.",
    )
    db.session.add_all([safety, health])
    # Sam receives both panels' chasing summaries (flask remind).
    safety.scrutiny_officer = health.scrutiny_officer = sam

    m1 = _meeting(safety, -150, MeetingStatus.HELD)
    m2 = _meeting(safety, -60, MeetingStatus.HELD)
    m3 = _meeting(safety, -10, MeetingStatus.HELD)
    _meeting(safety, 45, MeetingStatus.SCHEDULED)
    h1 = _meeting(health, -40, MeetingStatus.HELD, venue="Council Chamber, Civic Centre")

    strategy = _item(
        m1, "4", "Community Safety and Harm Reduction Strategy - progress report",
        "Priya Shah, Head of Community Safety",
        "The Head of Community Safety introduced the progress report on the strategy's three "
        "priorities: reducing reoffending, reducing victimisation and preventing violence. "
        "Resolved: that the report is received and progress against the priorities reported to "
        "a future meeting.",
    )
    performance = _item(m2, "6", "Safer City Partnership - performance update", "Head of Community Safety")
    youth = _item(m3, "5", "Youth violence and knife crime - update", "Chief Inspector, Neighbourhood Policing")
    care = _item(h1, "7", "Home care services - recommissioning update", "Director of Adult Services")
    db.session.flush()

    def log(meeting, item, description, kind=ActionKind.COMMITMENT, **owner_and_due):
        return create_action(meeting=meeting, agenda_item=item, author=sam, description=description,
                             kind=kind.value, **owner_and_due)

    report_progress = log(m1, strategy, "Report progress against the strategy's three priorities to a future meeting",
                          ActionKind.RESOLUTION, owner=priya, due_next_meeting=True,
                          quote="Resolved: that the report is received and progress against the priorities "
                                "reported to a future meeting.")
    briefing = log(m1, strategy, "Circulate the briefing note on knife crime initiatives to Panel members",
                   owner=priya, due_date=m1.starts_at.date() + timedelta(days=14),
                   quote="She offered to circulate the briefing note to the Panel.")
    log(m1, strategy, "Provide figures for knife bin deposits by ward", owner_role="Chief Inspector",
        due_date=m1.starts_at.date() + timedelta(days=30))
    vawg = log(m2, performance, "Share the refreshed domestic abuse forum training plan with the Panel",
               owner=priya, due_date=day + timedelta(days=7))
    schools = log(m2, performance, "Bring back a report on violence prevention work in schools",
                  ActionKind.RESOLUTION, owner=tom, due_date=day + timedelta(days=40))
    visit = log(m2, performance, "Arrange a Panel visit to the multi-agency safeguarding hub",
                owner=tom, due_date=day + timedelta(days=90))
    evaluation = log(m2, performance, "Circulate the evaluation of the Street Doctors scheme",
                     owner=priya, due_date=day - timedelta(days=5))
    letter = log(m2, performance, "Write to the Police and Crime Commissioner about knife bin collections",
                 owner_role="Chair of the Panel", due_date=day - timedelta(days=20))
    log(m3, youth, "Report the refreshed reducing reoffending strategy to the next meeting",
        ActionKind.RESOLUTION, owner=priya, due_next_meeting=True)
    log(m3, youth, "Provide a confidential briefing on the current gangs operation",
        owner_role="Chief Inspector", due_date=day + timedelta(days=20), exempt=True)
    log(h1, care, "Report the outcome of the home care recommissioning to the next meeting",
        ActionKind.RESOLUTION, owner_role="Director of Adult Services", due_next_meeting=True)
    log(h1, care, "Circulate the results of the GP access survey",
        owner_role="Head of Public Health Commissioning", due_date=day - timedelta(days=3))
    resolve_next_meeting_dues(safety.id)
    resolve_next_meeting_dues(health.id)

    def update(action, who, status, note):
        change_status(action, who, status, note, action.version)

    update(report_progress, priya, "completed", "Progress report presented to the Panel.")
    close_actions(m2, sam, [report_progress.id], "Panel confirmed the progress report met the request.")
    update(briefing, priya, "in_progress", "Briefing note being updated with the latest figures before circulation.")
    update(schools, tom, "in_progress", "Draft report shared with head teachers for comment.")
    update(visit, tom, "deferred", "Visit postponed until the hub moves to its new building.")
    update(evaluation, priya, "completed", "Evaluation circulated to Panel members by email.")
    update(letter, sam, "withdrawn", "No longer needed: the Commissioner's office attended and answered at the meeting.")
    update(vawg, priya, "open", "Training plan due to be signed off by the forum next week.")
    db.session.commit()
    return True
