"""A client of a council's ModernGov web service (mgWebService.asmx, plain HTTP GET answering
XML). It speaks HTTP and parses the answers into plain dataclasses; it knows nothing of the
tracker's tables.

What the service does that shapes this code:
- dates go in and come out as dd/mm/yyyy; an ISO date in a query is silently ignored and the
  service answers with every meeting there is, so the client only ever sends dd/mm/yyyy;
- times come as "10.00 am", "2.30pm", "18:30" or nothing at all;
- yes/no fields are "True"/"False" (or 1/0 on some installs);
- self-hosted installs can take up to a minute to answer, and some councils turn the
  service off (it then answers with an error page, not XML);
- an agenda item's minutes come as HTML, escaped inside the XML element.
"""
from __future__ import annotations

import ipaddress
import re
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, time
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError

import requests
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

SERVICE_PATH = "mgWebService.asmx"
DATE_FORMAT = "%d/%m/%Y"
# Roles of attendees who sit on the committee, as ModernGov's role descriptions put them.
MEMBER_ROLES = ("chair", "vice-chair", "vice chair", "vice-chairman", "vice chairman", "chairman",
                "committee member", "member")


class ModernGovError(Exception):
    """The service could not be read: the message says why, in words for the officer."""


@dataclass(frozen=True)
class CommitteeInfo:
    id: int
    title: str
    deleted: bool = False
    expired: bool = False
    category: str = ""

    @property
    def current(self) -> bool:
        return not (self.deleted or self.expired)


@dataclass(frozen=True)
class MeetingSummary:
    """A meeting as GetMeetings lists it."""

    id: int
    committee_id: int
    day: date
    time: time | None
    status: str


@dataclass(frozen=True)
class Attendee:
    member_id: str
    name: str
    role: str
    attendance: str = ""

    @property
    def sits_on_committee(self) -> bool:
        role = self.role.strip().lower()
        return any(role == r or role.startswith(r + " ") for r in MEMBER_ROLES)


@dataclass(frozen=True)
class AgendaItemInfo:
    id: int
    number: str
    title: str
    presenter: str | None
    minutes_html: str
    restricted: bool
    position: int


@dataclass(frozen=True)
class MeetingDetail:
    """A meeting as GetMeeting answers: the same facts as its summary, and its agenda."""

    id: int
    committee_id: int | None
    day: date
    time: time | None
    status: str
    location: str
    agenda_published: bool
    minutes_published: bool
    items: list[AgendaItemInfo] = field(default_factory=list)
    attendees: list[Attendee] = field(default_factory=list)


@dataclass(frozen=True)
class Settings:
    base_url: str
    timeout: float = 60.0
    retries: int = 2
    backoff: float = 2.0
    max_bytes: int = 10 * 1024 * 1024
    allow_http_loopback: bool = False


# ------------------------------------------------------------------ the address

def validate_base_url(url: str, allow_http_loopback: bool = False) -> str:
    """The council's ModernGov address, without the service path and trailing slash:
    https only, or http to this machine in development. Raises ModernGovError."""
    url = (url or "").strip()
    if not url:
        raise ModernGovError("No ModernGov address is set: set TRACKER_MODERNGOV_URL, or pass --url")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ModernGovError(f"The ModernGov address must be a web address starting https://, not {url!r}")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ModernGovError("The ModernGov address must be the site's address alone, with no login, query or #part")
    if parts.scheme == "http" and not (allow_http_loopback and _is_loopback(parts.hostname)):
        raise ModernGovError("The ModernGov address must start https:// (plain http only to this machine in development)")
    path = parts.path.rstrip("/")
    if path.lower().endswith("/" + SERVICE_PATH.lower()):
        path = path[: -len(SERVICE_PATH) - 1]
    return f"{parts.scheme}://{parts.netloc}{path}"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def meeting_page_url(base_url: str, committee_id: int, meeting_id: int) -> str:
    """The meeting's page on the ModernGov site, where the public reads its papers."""
    return f"{base_url}/ieListDocuments.aspx?CId={committee_id}&MId={meeting_id}"


# ------------------------------------------------------------------ the client

class Client:
    """GET requests to one council's service, with a timeout, retries with backoff and a cap
    on the size of an answer. Never follows a redirect: only the configured address is asked."""

    def __init__(self, settings: Settings, session: requests.Session | None = None):
        self.settings = settings
        self.base_url = validate_base_url(settings.base_url, settings.allow_http_loopback)
        self.session = session or requests.Session()
        self.session.headers["Accept"] = "text/xml, application/xml"
        self.session.trust_env = False  # no proxy or netrc from the environment: only this address

    def copy(self) -> Client:
        """Another client for the same address and settings, with a session of its own."""
        return Client(self.settings)

    def committees(self) -> list[CommitteeInfo]:
        """Every committee, current ones first, each group by title."""
        found = parse_committees(self._get("GetCommittees", {}))
        return sorted(found, key=lambda c: (not c.current, c.title.lower()))

    def meetings(self, committee_id: int, start: date, end: date) -> list[MeetingSummary]:
        params = {"lCommitteeId": str(committee_id), "sFromDate": start.strftime(DATE_FORMAT),
                  "sToDate": end.strftime(DATE_FORMAT)}
        return parse_meetings(self._get("GetMeetings", params), committee_id)

    def meeting(self, meeting_id: int) -> MeetingDetail:
        return parse_meeting(self._get("GetMeeting", {"lMeetingId": str(meeting_id)}))

    def _get(self, operation: str, params: dict[str, str]) -> Element:
        url = f"{self.base_url}/{SERVICE_PATH}/{operation}"
        attempts = max(1, self.settings.retries + 1)
        for attempt in range(attempts):
            try:
                body = self._fetch(url, params)
            except _Retryable as problem:
                if attempt + 1 == attempts:
                    raise ModernGovError(f"ModernGov {operation}: {problem} (tried {attempts} times)") from None
                # A lock's wait rather than time.sleep, which faketime (the suite's runs with
                # the clock moved ahead) makes fail.
                threading.Event().wait(self.settings.backoff * (2 ** attempt))
                continue
            return parse_xml(body, operation)
        raise AssertionError("unreachable")

    def _fetch(self, url: str, params: dict[str, str]) -> bytes:
        try:
            response = self.session.get(url, params=params, timeout=self.settings.timeout,
                                        allow_redirects=False, stream=True)
        except requests.Timeout:
            raise _Retryable(f"no answer within {self.settings.timeout:g} seconds") from None
        except requests.ConnectionError:
            raise _Retryable("the service could not be reached (is the address right, and the service on?)") from None
        with response:
            if response.status_code >= 500:
                raise _Retryable(f"the service answered with an error (HTTP {response.status_code})")
            if 300 <= response.status_code < 400:
                raise ModernGovError(
                    f"ModernGov answered with a redirect (HTTP {response.status_code}) to "
                    f"{response.headers.get('Location', 'elsewhere')}: set TRACKER_MODERNGOV_URL to the address it names"
                )
            if response.status_code != 200:
                raise ModernGovError(
                    f"ModernGov refused the request (HTTP {response.status_code}): the council may have turned its web service off"
                )
            return self._read_capped(response)

    def _read_capped(self, response: requests.Response) -> bytes:
        cap = self.settings.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdecimal() and int(declared) > cap:
            raise ModernGovError(f"ModernGov's answer is larger than the {cap:,}-byte limit")
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > cap:
                    raise ModernGovError(f"ModernGov's answer is larger than the {cap:,}-byte limit")
                chunks.append(chunk)
        except requests.exceptions.Timeout:
            raise _Retryable(f"the answer stalled for more than {self.settings.timeout:g} seconds") from None
        except (requests.exceptions.ChunkedEncodingError, requests.ConnectionError):
            raise _Retryable("the connection broke while the answer arrived") from None
        return b"".join(chunks)


class _Retryable(Exception):
    """A failure worth trying again after a pause: a timeout, a dropped connection, a 5xx."""


# ------------------------------------------------------------------ parsing

def parse_xml(body: bytes, operation: str) -> Element:
    """The answer's root element, namespaces dropped. Entities and DTDs are refused
    (defusedxml): a hostile answer cannot expand or reach files."""
    if not body.strip():
        raise ModernGovError(f"ModernGov {operation} answered with nothing")
    if body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        raise ModernGovError(f"ModernGov {operation} answered with a web page, not XML: the web service may be off")
    try:
        root = fromstring(body, forbid_dtd=True)
    except DefusedXmlException:
        raise ModernGovError(f"ModernGov {operation} answered with XML that declares entities or a DTD: refused") from None
    except ParseError as problem:
        raise ModernGovError(f"ModernGov {operation} answered with XML that cannot be read ({problem}): "
                             "it is malformed or not in the encoding it declares") from None
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.rsplit("}", 1)[1]
    # Some installs wrap the document, escaped, in an ASMX <string> element.
    if root.tag == "string" and len(root) == 0 and (root.text or "").lstrip().startswith("<"):
        return parse_xml(root.text.encode("utf-8"), operation)
    return root


def _text(element: Element | None, name: str) -> str:
    if element is None:
        return ""
    if name in element.attrib:
        return element.attrib[name].strip()
    child = element.find(name)
    return (child.text or "").strip() if child is not None else ""


def _flag(element: Element, name: str) -> bool:
    return _text(element, name).lower() in ("true", "1", "yes")


def _id(element: Element, name: str, operation: str) -> int:
    value = _text(element, name)
    if not value.isdecimal() or len(value) > 9:  # PostgreSQL INTEGER holds 9 digits
        raise ModernGovError(f"ModernGov {operation} gave a {name} that is not a number: {value[:40]!r}")
    return int(value)


def parse_date(value: str, operation: str) -> date:
    try:
        return datetime.strptime(value.strip()[:10], DATE_FORMAT).date()
    except ValueError:
        raise ModernGovError(f"ModernGov {operation} gave a date that is not dd/mm/yyyy: {value[:40]!r}") from None


_TIME = re.compile(r"^(\d{1,2})(?:[.:](\d{2}))?\s*([ap])\.?\s*m\.?$|^(\d{1,2})[.:](\d{2})$", re.IGNORECASE)


def parse_time(value: str) -> time | None:
    """'10.00 am', '2.30pm', '7 pm', '18:30', 'noon'; None when there is no time or it cannot be read."""
    value = value.strip().lower()
    if value in ("noon", "12 noon", "midday"):
        return time(12, 0)
    match = _TIME.match(value)
    if not match:
        return None
    if match.group(4) is not None:
        hour, minute = int(match.group(4)), int(match.group(5))
    else:
        hour, minute = int(match.group(1)) % 12, int(match.group(2) or 0)
        if match.group(3) == "p":
            hour += 12
    return time(hour, minute) if hour < 24 and minute < 60 else None


def parse_committees(root: Element) -> list[CommitteeInfo]:
    if root.tag != "committees":
        raise ModernGovError(f"ModernGov GetCommittees answered with <{root.tag}>, not a list of committees")
    return [
        CommitteeInfo(
            id=_id(c, "committeeid", "GetCommittees"),
            title=_text(c, "committeetitle") or f"Committee {_text(c, 'committeeid')}",
            deleted=_flag(c, "committeedeleted"),
            expired=_flag(c, "committeeexpired"),
            category=_text(c, "committeecategory"),
        )
        for c in root.iter("committee")
    ]


def parse_meetings(root: Element, committee_id: int) -> list[MeetingSummary]:
    if root.tag != "getmeetings":
        raise ModernGovError(f"ModernGov GetMeetings answered with <{root.tag}>, not a list of meetings")
    found = []
    for m in root.iter("meeting"):
        found.append(MeetingSummary(
            id=_id(m, "meetingid", "GetMeetings"),
            committee_id=committee_id,
            day=parse_date(_text(m, "meetingdate"), "GetMeetings"),
            time=parse_time(_text(m, "meetingtime")),
            status=_text(m, "meetingstatus"),
        ))
    return found


def parse_meeting(root: Element) -> MeetingDetail:
    meeting = root if root.tag == "meeting" else root.find(".//meeting")
    if meeting is None:
        raise ModernGovError(f"ModernGov GetMeeting answered with <{root.tag}>, not a meeting")
    committee = _text(meeting, "committeeid")
    items = []
    for position, item in enumerate(meeting.iter("agendaitem"), start=1):
        comment_label = _text(item, "commentlabel1").lower()
        presenter = _text(item, "commenttext1") if "present" in comment_label else ""
        items.append(AgendaItemInfo(
            id=_id(item, "agendaitemid", "GetMeeting"),
            # The minute number where the minutes give one, else the agenda's own numbering.
            number=(_text(item, "minutesitemnumber") or _text(item, "fulldisplaynumberformat")
                    or _text(item, "agendaitemnumber"))[:20],
            title=_text(item, "agendaitemtitle")[:300] or "Untitled item",
            presenter=presenter[:200] or None,
            minutes_html=_text(item, "minutesnonemptyhtmlbody"),
            restricted=_flag(item, "isrestricted"),
            position=position,
        ))
    attendees = [
        Attendee(member_id=_text(a, "memberid"), name=_text(a, "name"), role=_text(a, "roledescription"),
                 attendance=_text(a, "attendance"))
        for a in meeting.iter("attendee")
        if _text(a, "name")
    ]
    return MeetingDetail(
        id=_id(meeting, "meetingid", "GetMeeting"),
        committee_id=int(committee) if committee.isdecimal() and len(committee) <= 9 else None,
        day=parse_date(_text(meeting, "meetingdate"), "GetMeeting"),
        time=parse_time(_text(meeting, "meetingtime")),
        status=_text(meeting, "meetingstatus"),
        location=_text(meeting, "meetinglocation")[:200],
        agenda_published=_flag(meeting, "agendapublished"),
        minutes_published=_flag(meeting, "minutepublished"),
        items=items,
        attendees=attendees,
    )
