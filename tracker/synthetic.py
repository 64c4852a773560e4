"""A synthetic council at scale, for measuring: `flask --app wsgi demo --synthetic N`.

N actions over 40 committees and ten years (about N/15 meetings with agenda items, 2,000
accounts, about five history entries per action), with the share of open and overdue actions
a real council has: recent actions are mostly outstanding, old ones closed or withdrawn, with
a tail of forgotten overdue ones.

Rows go in as bulk Core inserts with ids chosen here, not through the rule functions (which
cost a few queries per action), but with the same shapes the rules produce: references
numbered per committee and municipal year, versions equal to the number of history entries,
"next meeting" due dates resolved, closed actions recording the meeting that confirmed them.
The same N and seed give the same council.
"""
from __future__ import annotations

import bisect
import itertools
import math
import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select, text
from werkzeug.security import generate_password_hash

from tracker.caching import new_data_version
from tracker.demo import DEMO_LOGINS, DEMO_PASSWORD
from tracker.extensions import db
from tracker.models import (
    Action,
    ActionKind,
    ActionStatus,
    AgendaItem,
    Committee,
    Meeting,
    MeetingStatus,
    Role,
    Update,
    User,
    municipal_year,
    municipal_year_label,
)
from tracker.timeutil import today

USERS = 2_000
SCRUTINY_OFFICERS = 20
MEMBERS = 150
YEARS = 10
ACTIONS_PER_MEETING = 15
CHUNK = 5_000

COMMITTEES = [
    ("Adult Social Care", "ASC"), ("Children and Young People", "CYP"), ("Stronger Communities", "SCSP"),
    ("Health", "HSP"), ("Housing", "HOU"), ("Highways and Transport", "HTP"), ("Climate Emergency", "CEP"),
    ("Economy and Skills", "ECS"), ("Finance and Resources", "FRS"), ("Environment", "ENV"),
    ("Planning Policy", "PLP"), ("Culture and Leisure", "CUL"), ("Education", "EDU"), ("Corporate Performance", "CPP"),
    ("Waste and Recycling", "WRP"), ("Regeneration", "REG"), ("Customer Services", "CSV"), ("Equalities", "EQU"),
    ("Public Health", "PHP"), ("Licensing Policy", "LIC"), ("Digital and ICT", "DIG"), ("Procurement", "PRO"),
    ("Property and Assets", "PAA"), ("Homelessness", "HML"), ("Neighbourhoods", "NBH"), ("Parks and Open Spaces", "POS"),
    ("Flood Risk", "FLR"), ("Air Quality", "AQP"), ("Libraries", "LIB"), ("Tourism", "TOU"),
    ("Workforce", "WFP"), ("Audit and Governance", "AGP"), ("Budget", "BUD"), ("Community Safety", "CSP"),
    ("Mental Health", "MHP"), ("Transport Infrastructure", "TIP"), ("Town Centres", "TCP"), ("Rural Affairs", "RUR"),
    ("Skills and Apprenticeships", "SAP"), ("Joint Health", "JHS"),
]
FIRST = ["Priya", "Tom", "Ruth", "Asif", "Sam", "Helen", "David", "Amira", "James", "Sarah", "Mohammed", "Claire",
         "Peter", "Aisha", "Daniel", "Emma", "Raj", "Fiona", "Gareth", "Nadia", "Owen", "Joanne", "Kwame", "Lucy",
         "Martin", "Sian", "Imran", "Rachel", "Stephen", "Zainab", "Colin", "Bethan", "Ahmed", "Karen", "Ifeoma", "Neil"]
LAST = ["Shah", "Bryant", "Evans", "Malik", "Okafor", "Jones", "Patel", "Williams", "Khan", "Taylor", "Brown",
        "Davies", "Hughes", "Begum", "Wilson", "Roberts", "Ali", "Thomas", "Walker", "Wright", "Green", "Hall",
        "Mensah", "Clarke", "Lewis", "Hussain", "Edwards", "Morgan", "Singh", "Turner", "Ahmed", "Price", "Kaur"]
JOB_TITLES = ["Head of Community Safety", "Director of Adult Services", "Head of Housing Options",
              "Highways Manager", "Head of Public Health Commissioning", "Youth Offending Service Manager",
              "Head of Finance", "Climate Change Officer", "Head of Planning", "Waste Services Manager",
              "Head of Libraries", "Procurement Lead", "Head of Regeneration", "Service Manager, Early Help",
              "Head of Customer Services", "Estates Manager", "Parks Manager", "Flood Risk Engineer"]
ROLES = ["Chief Inspector", "Director of Public Health", "Chair of the Panel", "Integrated Care Board lead",
         "Cabinet Member for Housing", "Head of Service", "Clerk to the Panel", "Chief Executive"]
TOPICS = ["knife crime", "home care recommissioning", "pothole repairs", "school place planning", "fly-tipping",
          "temporary accommodation", "bus service reliability", "air quality monitoring", "library opening hours",
          "youth violence prevention", "GP access", "delayed discharges", "council tax collection",
          "damp and mould in council homes", "street lighting", "apprenticeship starts", "carbon reduction",
          "domestic abuse support", "special educational needs transport", "leisure centre refurbishment",
          "town centre vacancy rates", "flood defences", "recycling contamination", "planning enforcement",
          "anti-social behaviour", "childhood obesity", "mental health waiting times", "rough sleeping",
          "agency staff spending", "contract management", "digital inclusion", "park maintenance",
          "electric vehicle charging", "empty homes", "foster carer recruitment", "safeguarding referrals",
          "complaints handling", "procurement savings", "hate crime reporting", "winter gritting"]
DOCS = ["briefing note", "evaluation", "action plan", "performance data", "consultation results",
        "business case", "risk register", "benchmarking report", "equality impact assessment"]
BODIES = ["Police and Crime Commissioner", "Integrated Care Board", "Secretary of State", "Environment Agency",
          "bus operators", "housing associations", "the Local Government Association"]
DESCRIPTIONS = [
    "Circulate the {doc} on {topic} to Panel members",
    "Report progress on {topic} to a future meeting",
    "Provide figures for {topic} by ward",
    "Bring back a report on {topic}",
    "Arrange a briefing for members on {topic}",
    "Write to the {body} about {topic}",
    "Share the {doc} on {topic} with the Panel",
    "Add {topic} to the Panel's work programme",
    "Confirm the timetable for the review of {topic}",
    "Provide a written response on {topic} before the next meeting",
]
NOTES = ["Work under way; figures being collated.", "Draft shared with the Chair for comment.",
         "Waiting for data from partners.", "Meeting with the service arranged.",
         "Timetable agreed with the lead officer.", "Information requested from the provider."]


class NotEmpty(RuntimeError):
    pass


def _insert(model, rows: list[dict]) -> None:
    # Core executemany on the table: the ORM's bulk path regroups rows by their None
    # values and inserts many of them one by one.
    db.session.connection().execute(model.__table__.insert(), rows)


def load_synthetic(n_actions: int, seed: int = 2026) -> dict[str, int]:
    """Fill an empty database with a synthetic council of `n_actions` actions; returns the
    row counts. Raises NotEmpty when the database already has accounts or committees."""
    if db.session.scalar(select(func.count()).select_from(User)) or db.session.scalar(
        select(func.count()).select_from(Committee)
    ):
        raise NotEmpty("The database already has data: the synthetic council needs an empty one")
    rng = random.Random(seed)
    day = today()
    now = datetime.combine(day, time(9, 0))
    counts: dict[str, int] = {}

    # ------------------------------------------------------------ accounts
    password_hash = generate_password_hash(DEMO_PASSWORD)  # one hash: hashing is slow on purpose
    users = []
    for n in range(1, USERS + 1):
        if n <= len(DEMO_LOGINS):
            email, role, _ = DEMO_LOGINS[n - 1]
        else:
            role = (Role.SCRUTINY if n <= SCRUTINY_OFFICERS else Role.MEMBER if n > USERS - MEMBERS else Role.OFFICER).value
            email = None
        first, last = rng.choice(FIRST), rng.choice(LAST)
        users.append(dict(
            id=n, email=email or f"{first}.{last}.{n}@example.gov.uk".lower(),
            name=f"Cllr {first} {last}" if role == Role.MEMBER else f"{first} {last}",
            job_title=rng.choice(JOB_TITLES) if role == Role.OFFICER else ("Scrutiny Officer" if role == Role.SCRUTINY else None),
            role=role, password_hash=password_hash, active=rng.random() > 0.03 or n <= 3, created_at=now,
        ))
    scrutiny_ids = [u["id"] for u in users if u["role"] == Role.SCRUTINY]
    officer_ids = [u["id"] for u in users if u["role"] == Role.OFFICER and u["active"]]
    # A few officers own most actions, as heads of service do.
    officer_weights = list(itertools.accumulate(1 / (rank + 5) for rank in range(len(officer_ids))))
    _insert(User, users)
    counts["users"] = len(users)

    # ------------------------------------------------------------ committees and meetings
    committees = [
        dict(id=i, name=f"{name} Scrutiny Panel", slug=name.lower().replace(" and ", "-").replace(" ", "-"),
             code=code, description=f"Scrutinises the council's work on {name.lower()}.")
        for i, (name, code) in enumerate(COMMITTEES, start=1)
    ]
    _insert(Committee, committees)
    counts["committees"] = len(committees)

    n_meetings = max(len(committees) * 2, round(n_actions / ACTIONS_PER_MEETING))
    first_day = day - timedelta(days=365 * YEARS)
    span = (day + timedelta(days=120) - first_day).days  # some meetings are still to come
    weights = [rng.uniform(0.5, 1.5) for _ in committees]
    meeting_committee = rng.choices([c["id"] for c in committees], weights, k=n_meetings)
    meetings = []
    for committee_id in meeting_committee:
        held_on = first_day + timedelta(days=rng.randrange(span))
        held_on += timedelta(days=(7 - held_on.weekday()) % 7 if held_on.weekday() >= 5 else 0)
        starts = datetime.combine(held_on, time(18, 0) if rng.random() < 0.6 else time(10, 0))
        future = held_on >= day
        status = MeetingStatus.SCHEDULED if future else (
            MeetingStatus.CANCELLED if rng.random() < 0.03 else MeetingStatus.HELD)
        meetings.append(dict(committee_id=committee_id, starts_at=starts, venue="Committee Room 3, Civic Centre",
                             status=status.value, minutes_url=None))
    meetings.sort(key=lambda m: m["starts_at"])
    for i, meeting in enumerate(meetings, start=1):
        meeting["id"] = i
    _insert(Meeting, meetings)
    counts["meetings"] = len(meetings)
    # Per committee, the meetings that count as "the next meeting" (not cancelled), in order.
    calendar: dict[int, list[tuple[datetime, int]]] = {c["id"]: [] for c in committees}
    for m in meetings:
        if m["status"] != MeetingStatus.CANCELLED.value:
            calendar[m["committee_id"]].append((m["starts_at"], m["id"]))

    held = [m for m in meetings if m["status"] == MeetingStatus.HELD.value]
    items, items_of = [], {}
    for m in held:
        mine = []
        for position in range(1, rng.randint(3, 6) + 1):
            item_id = len(items) + 1
            items.append(dict(id=item_id, meeting_id=m["id"], number=str(position + 3),
                              title=f"{rng.choice(TOPICS).capitalize()} - update", presenter=rng.choice(JOB_TITLES),
                              minutes=None, position=position))
            mine.append(item_id)
        items_of[m["id"]] = mine
    for start in range(0, len(items), CHUNK * 4):
        _insert(AgendaItem, items[start:start + CHUNK * 4])
    counts["agenda_items"] = len(items)

    # ------------------------------------------------------------ actions and their history
    code_of = {c["id"]: c["code"] for c in committees}
    sequences: dict[tuple[int, int], int] = {}
    arising = sorted(rng.randrange(len(held)) for _ in range(n_actions))  # chronological
    actions, updates = [], []
    update_id = 0
    counts["actions"] = counts["action_updates"] = 0

    def flush():
        _insert(Action, actions)
        _insert(Update, updates)
        counts["actions"] += len(actions)
        counts["action_updates"] += len(updates)
        actions.clear()
        updates.clear()

    def next_meeting(committee_id: int, after: datetime) -> tuple[datetime, int] | None:
        dates = calendar[committee_id]
        index = bisect.bisect_right(dates, (after, math.inf))
        return dates[index] if index < len(dates) else None

    for action_id, meeting_index in enumerate(arising, start=1):
        m = held[meeting_index]
        committee_id, held_on = m["committee_id"], m["starts_at"].date()
        year = municipal_year(held_on)
        sequence = sequences[(committee_id, year)] = sequences.get((committee_id, year), 0) + 1

        owner_id = rng.choices(officer_ids, cum_weights=officer_weights)[0] if rng.random() < 0.7 else None
        owner_role = rng.choice(ROLES) if owner_id is None or rng.random() < 0.15 else None
        due_next = rng.random() < 0.12
        if due_next:
            following = next_meeting(committee_id, m["starts_at"])
            due = following[0].date() if following else None
        elif rng.random() < 0.05:
            due = None
        else:
            due = held_on + timedelta(days=rng.choice((14, 21, 28, 42, 56, 90, 120)))

        # Outstanding mostly while recent; a few old ones are forgotten and stay overdue.
        age = (day - held_on).days
        outstanding = rng.random() < 0.92 * math.exp(-age / 150) + 0.025
        closing = None
        if outstanding:
            status = rng.choices(["open", "in_progress", "deferred", "completed"], [40, 30, 10, 20])[0]
        else:
            status = "withdrawn" if rng.random() < 0.12 else "closed"
            if status == "closed":
                # Confirmed at the committee's first meeting after it arose and fell due.
                after = max(m["starts_at"], datetime.combine(due, time(0))) if due else m["starts_at"]
                closing = next_meeting(committee_id, after)
                if closing is None or closing[0].date() >= day:
                    # No meeting to confirm it yet; a small council's old ones were dropped.
                    status, closing = ("withdrawn" if age > 365 else "completed"), None

        created = m["starts_at"] + timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 5))
        finished = closing[0] if closing else min(now, created + timedelta(days=rng.randint(20, 200)))
        finished = max(finished, created + timedelta(hours=1))
        author = rng.choice(scrutiny_ids)
        doer = owner_id or author
        path = [("open", "Action logged", author)]
        if status in ("in_progress", "completed", "closed"):
            path.append(("in_progress", rng.choice(NOTES), doer))
        path += [(None, rng.choice(NOTES), doer) for _ in range(rng.randint(0, 2) + (status == "open"))]
        if status in ("deferred", "withdrawn"):
            path.append((status, "Agreed with the Chair.", author if status == "withdrawn" else doer))
        if status in ("completed", "closed"):
            path.append(("completed", "Done and reported to the Chair.", doer))
        if status == "closed":
            path.append(("closed", f"Confirmed by the committee at its meeting on {closing[0]:%-d %B %Y}", author))
        step = (finished - created) / max(len(path) - 1, 1)
        current = None
        for n, (new, note, who) in enumerate(path):
            update_id += 1
            new = new or current
            updates.append(dict(id=update_id, action_id=action_id, author_id=who, created_at=created + step * n,
                                old_status=current, new_status=new, note=note, via=None))
            current = new
        actions.append(dict(
            id=action_id, committee_id=committee_id, meeting_id=m["id"],
            agenda_item_id=rng.choice(items_of[m["id"]]) if rng.random() < 0.8 else None,
            reference=f"{code_of[committee_id]} {municipal_year_label(year)}-{sequence:02d}",
            municipal_year=year, sequence=sequence,
            kind=(ActionKind.RESOLUTION if rng.random() < 0.3 else ActionKind.COMMITMENT).value,
            description=rng.choice(DESCRIPTIONS).format(doc=rng.choice(DOCS), topic=rng.choice(TOPICS),
                                                        body=rng.choice(BODIES)),
            quote=None, owner_id=owner_id, owner_role=owner_role, due_date=due, due_next_meeting=due_next,
            status=ActionStatus(status).value, closed_at_meeting_id=closing[1] if closing else None,
            exempt=rng.random() < 0.02, created_by_id=author, created_at=created,
            updated_at=updates[-1]["created_at"], version=len(path),
        ))
        if len(actions) >= CHUNK:
            flush()
    if actions:
        flush()

    if db.engine.dialect.name == "postgresql":
        # Ids were chosen here: move each sequence past them, or the next insert collides.
        for table in ("users", "committees", "meetings", "agenda_items", "actions", "action_updates"):
            db.session.execute(text(  # the fixed table names above, not input
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"  # nosec B608
            ))
    new_data_version(db.session)  # the rows went in below the session's notice
    db.session.commit()
    # Fresh statistics for the query planner, and on PostgreSQL the visibility map that
    # index-only scans need: what autovacuum gives a database in use.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE" if conn.dialect.name == "postgresql" else "ANALYZE")
    return counts
