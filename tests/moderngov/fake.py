"""A stand-in for a council's ModernGov web service on a loopback port: real HTTP, answers in
the shape of mgWebService.asmx, for an invented council (Wexcombe). A test changes what it
says between syncs (a meeting moves, minutes are published) or how it misbehaves."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


@dataclass
class FakeItem:
    id: int
    number: str
    title: str
    presenter: str = ""
    minutes_html: str = ""
    restricted: bool = False


@dataclass
class FakeMeeting:
    id: int
    committee_id: int
    day: date
    time: str = "6.30 pm"
    status: str = "Confirmed"
    location: str = "Council Chamber, Wexcombe Civic Centre"
    items: list[FakeItem] = field(default_factory=list)
    attendees: list[tuple[str, str, str]] = field(default_factory=list)  # (memberid, name, role)


COMMITTEES = [
    (101, "Communities Overview and Scrutiny Committee", False, False, "Scrutiny"),
    (102, "Housing Scrutiny Panel", False, False, "Scrutiny"),
    (90, "Environment Task Group 2019", False, True, "Scrutiny"),
    (80, "Licensing Sub-Committee (old)", True, False, "Regulatory"),
]


def _tag(name: str, value) -> str:
    return f"<{name}>{escape(str(value))}</{name}>"


def committees_xml() -> str:
    rows = "".join(
        "<committee>" + _tag("committeeid", cid) + _tag("committeetitle", title)
        + _tag("committeedeleted", deleted) + _tag("committeeexpired", expired)
        + _tag("committeecategory", category) + "</committee>"
        for cid, title, deleted, expired, category in COMMITTEES
    )
    return f'<?xml version="1.0" encoding="utf-8"?><committees>{rows}</committees>'


def meetings_xml(committee_id: int, meetings: list[FakeMeeting]) -> str:
    rows = "".join(
        "<meeting>" + _tag("meetingid", m.id) + _tag("meetingdate", f"{m.day:%d/%m/%Y}")
        + _tag("meetingtime", m.time) + _tag("meetingstatus", m.status) + "</meeting>"
        for m in meetings
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><getmeetings><committee>{_tag("committeeid", committee_id)}'
            f"<committeemeetings>{rows}</committeemeetings></committee></getmeetings>")


def meeting_xml(m: FakeMeeting) -> str:
    items = "".join(
        "<agendaitem>" + _tag("agendaitemid", i.id) + _tag("agendaitemtitle", i.title)
        + _tag("agendaitemnumber", i.number) + _tag("fulldisplaynumberformat", i.number)
        + _tag("minutesitemnumber", i.number if i.minutes_html else "")
        + _tag("commentlabel1", "Presented By" if i.presenter else "") + _tag("commenttext1", i.presenter)
        + _tag("minutesnonemptyhtmlbody", i.minutes_html) + _tag("isrestricted", i.restricted)
        + "<linkeddocuments/></agendaitem>"
        for i in m.items
    )
    attendees = "".join(
        f'<attendee memberid="{escape(mid)}" name="{escape(name)}" roledescription="{escape(role)}" attendance="Present"/>'
        for mid, name, role in m.attendees
    )
    published = any(i.minutes_html for i in m.items)
    return (
        '<?xml version="1.0" encoding="utf-8"?><meeting>' + _tag("meetingid", m.id) + _tag("committeeid", m.committee_id)
        + _tag("meetingdate", f"{m.day:%d/%m/%Y}") + _tag("meetingtime", m.time) + _tag("meetingstatus", m.status)
        + _tag("meetinglocation", m.location) + _tag("agendapublished", bool(m.items))
        + _tag("minutepublished", published) + f"<agendaitems>{items}</agendaitems><attendees>{attendees}</attendees></meeting>"
    )


class FakeModernGov:
    """The service. `meetings` is what it knows; `misbehave` (None, 'slow', '500', 'html')
    and `raw` (operation -> bytes) change how it answers; `requests` logs what it was asked."""

    def __init__(self):
        self.meetings: dict[int, FakeMeeting] = {}
        self.misbehave: str | None = None
        self.raw: dict[str, bytes] = {}
        self.content_type = "text/xml; charset=utf-8"
        self.slow_seconds = 1.0
        self.requests: list[tuple[str, str, dict]] = []
        self._server = None
        self._thread = None

    # -- what it says
    def add(self, meeting: FakeMeeting) -> FakeMeeting:
        self.meetings[meeting.id] = meeting
        return meeting

    def _answer(self, operation: str, args) -> bytes | None:
        if operation in self.raw:
            return self.raw[operation]
        if operation == "GetCommittees":
            return committees_xml().encode()
        if operation == "GetMeetings":
            cid = int(args.get("lCommitteeId", "0"))
            start, end = (_ddmmyyyy(args.get("sFromDate", "")), _ddmmyyyy(args.get("sToDate", "")))
            found = [m for m in sorted(self.meetings.values(), key=lambda m: m.day)
                     if m.committee_id == cid and (start is None or m.day >= start) and (end is None or m.day <= end)]
            return meetings_xml(cid, found).encode()
        if operation == "GetMeeting":
            meeting = self.meetings.get(int(args.get("lMeetingId", "0")))
            return meeting_xml(meeting).encode() if meeting else b'<?xml version="1.0"?><meeting/>'
        return None

    def __call__(self, environ, start_response):
        request = Request(environ)
        operation = request.path.rsplit("/", 1)[-1]
        self.requests.append((request.method, request.path, dict(request.args)))
        if self.misbehave == "slow":
            threading.Event().wait(self.slow_seconds)  # time.sleep fails under faketime
        if self.misbehave == "500":
            return Response("<html><body>Server Error in '/' Application.</body></html>", 500,
                            content_type="text/html")(environ, start_response)
        if self.misbehave == "html":
            return Response("<!DOCTYPE html><html><body>This web service is not available.</body></html>", 200,
                            content_type="text/html")(environ, start_response)
        if request.method != "GET" or not request.path.startswith("/mgWebService.asmx/"):
            return Response("Not found", 404)(environ, start_response)
        body = self._answer(operation, request.args)
        if body is None:
            return Response("Not found", 404)(environ, start_response)
        return Response(body, 200, content_type=self.content_type)(environ, start_response)

    # -- the port
    def start(self) -> str:
        self._server = make_server("127.0.0.1", 0, self, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self.url

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def _ddmmyyyy(value: str) -> date | None:
    # Like the real service: a date it cannot read (an ISO date) is ignored, not refused.
    try:
        day, month, year = (int(p) for p in value.split("/"))
        return date(year, month, day)
    except ValueError:
        return None
