"""The fake ModernGov on a loopback port, and a council (Wexcombe) in it."""
from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine

from tests.moderngov.fake import FakeItem, FakeMeeting, FakeModernGov

# Minutes in the shape councils publish them (HTML, escaped in the XML), in our own words.
PARKS_MINUTES = (
    "<p>The Head of Parks and Open Spaces presented the report on play areas.</p>"
    "<p>Members asked about the repairs backlog. The Head of Parks and Open Spaces agreed to circulate a list "
    "of the play areas awaiting repair before the next meeting.</p>"
    "<p><strong>RESOLVED:</strong></p><ol><li>That the report be noted.</li>"
    "<li>That the Director of Place be asked to bring a report on the cost of longer opening hours at the "
    "leisure centres to the Committee in March 2027.</li></ol>"
)
SAFETY_MINUTES = (
    "<p>Sam Okafor, Community Safety Manager, gave an update on the partnership plan.</p>"
    "<p>The Community Safety Manager undertook to provide the Committee with the number of reports of "
    "antisocial behaviour by ward before the next meeting.</p><p>RESOLVED: That the update be noted.</p>"
)
PRIVATE_MINUTES = "<p>The Committee considered the tender. The Director of Place agreed to report back in January 2027.</p>"


@pytest.fixture(autouse=True)
def frozen():
    """1 December 2026: Wexcombe's meeting of 10 November is past, January's to come."""
    with time_machine.travel(datetime(2026, 12, 1, 9, 0), tick=True):
        yield


@pytest.fixture
def fake(app, monkeypatch):
    service = FakeModernGov()
    url = service.start()
    for key, value in {"TRACKER_MODERNGOV_URL": url, "TRACKER_MODERNGOV_TIMEOUT": 10,
                       "TRACKER_MODERNGOV_RETRIES": 1, "TRACKER_MODERNGOV_BACKOFF": 0,
                       "TRACKER_MODERNGOV_MAX_BYTES": 200_000}.items():
        monkeypatch.setitem(app.config, key, value)
    yield service
    service.stop()


def wexcombe_communities(service: FakeModernGov) -> dict[str, FakeMeeting]:
    """Committee 101's year: a meeting held (minutes not yet published), two to come."""
    held = service.add(FakeMeeting(501, 101, date(2026, 11, 10), items=[
        FakeItem(9001, "1", "Apologies for absence"),
        FakeItem(9002, "5", "Play Areas and Parks", presenter="Head of Parks and Open Spaces"),
        FakeItem(9003, "6", "Community Safety Partnership Plan", presenter="Sam Okafor, Community Safety Manager"),
        FakeItem(9004, "9", "Leisure Centre Contract", restricted=True),
    ], attendees=[("m1", "Councillor Priya Natarajan", "Chair"), ("m2", "Councillor Tom Whitlow", "Vice-Chair"),
                  ("m3", "Councillor Ada Brennan", "Committee Member"), ("o1", "Jo Finch", "Officer")]))
    january = service.add(FakeMeeting(502, 101, date(2027, 1, 12), items=[FakeItem(9101, "1", "Apologies for absence")]))
    march = service.add(FakeMeeting(503, 101, date(2027, 3, 9), time="10.00 am"))
    return {"held": held, "january": january, "march": march}


def publish_minutes(meeting: FakeMeeting) -> None:
    by_title = {i.title: i for i in meeting.items}
    by_title["Play Areas and Parks"].minutes_html = PARKS_MINUTES
    by_title["Community Safety Partnership Plan"].minutes_html = SAFETY_MINUTES
    by_title["Leisure Centre Contract"].minutes_html = PRIVATE_MINUTES
