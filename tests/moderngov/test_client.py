"""The client against the fake service over real HTTP: what it parses, and each failure a
clear ModernGovError."""
from __future__ import annotations

from datetime import date, time

import pytest

from tests.moderngov.conftest import wexcombe_communities
from tracker.moderngov.client import Client, ModernGovError, Settings, parse_time, validate_base_url
from tracker.moderngov.html import html_to_text


def client_for(fake, **settings) -> Client:
    values = {"timeout": 10, "retries": 1, "backoff": 0, "max_bytes": 200_000, "allow_http_loopback": True}
    values.update(settings)
    return Client(Settings(base_url=fake.url, **values))


def test_committees_current_first(fake):
    found = client_for(fake).committees()
    assert [c.id for c in found] == [101, 102, 90, 80]
    assert not found[2].current and found[2].expired and found[3].deleted


def test_meetings_ask_with_uk_dates_only(fake):
    wexcombe_communities(fake)
    meetings = client_for(fake).meetings(101, date(2026, 12, 1), date(2027, 12, 1))
    assert [m.id for m in meetings] == [502, 503]
    assert meetings[1].time == time(10, 0)
    _, path, args = fake.requests[-1]
    assert path == "/mgWebService.asmx/GetMeetings"
    assert args == {"lCommitteeId": "101", "sFromDate": "01/12/2026", "sToDate": "01/12/2027"}


def test_meeting_detail(fake):
    wexcombe_communities(fake)
    detail = client_for(fake).meeting(501)
    assert detail.day == date(2026, 11, 10) and detail.time == time(18, 30)
    assert detail.location.startswith("Council Chamber")
    assert [i.title for i in detail.items][1] == "Play Areas and Parks"
    assert detail.items[1].presenter == "Head of Parks and Open Spaces"
    assert detail.items[3].restricted
    assert [a.name for a in detail.attendees if a.sits_on_committee] == [
        "Councillor Priya Natarajan", "Councillor Tom Whitlow", "Councillor Ada Brennan"]


@pytest.mark.parametrize("text, expected", [
    ("10.00 am", time(10, 0)), ("2.30pm", time(14, 30)), ("7 pm", time(19, 0)), ("18:30", time(18, 30)),
    ("12.00 pm", time(12, 0)), ("12 noon", time(12, 0)), ("", None), ("TBC", None),
])
def test_times(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("url, problem", [
    ("", "No ModernGov address"),
    ("ftp://democracy.example.gov.uk", "must be a web address"),
    ("http://democracy.example.gov.uk", "must start https://"),
    ("https://user:pw@democracy.example.gov.uk", "alone"),
    ("https://democracy.example.gov.uk/?x=1", "alone"),
])
def test_addresses_refused(url, problem):
    with pytest.raises(ModernGovError, match=problem):
        validate_base_url(url, allow_http_loopback=True)


def test_address_forms():
    assert validate_base_url("https://democracy.example.gov.uk/mgWebService.asmx/") == "https://democracy.example.gov.uk"
    assert validate_base_url("http://127.0.0.1:8123", allow_http_loopback=True) == "http://127.0.0.1:8123"
    with pytest.raises(ModernGovError):
        validate_base_url("http://127.0.0.1:8123", allow_http_loopback=False)


def test_timeout_retries_then_says_so(fake):
    fake.misbehave, fake.slow_seconds = "slow", 3.0
    with pytest.raises(ModernGovError, match=r"no answer within 0.2 seconds \(tried 2 times\)"):
        client_for(fake, timeout=0.2).committees()
    assert len(fake.requests) == 2


def test_server_error(fake):
    fake.misbehave = "500"
    with pytest.raises(ModernGovError, match=r"HTTP 500"):
        client_for(fake).committees()


def test_service_off(fake):
    fake.misbehave = "html"
    with pytest.raises(ModernGovError, match="web page, not XML: the web service may be off"):
        client_for(fake).committees()


def test_nothing_listening(fake):
    url = fake.url
    fake.stop()
    with pytest.raises(ModernGovError, match="could not be reached"):
        Client(Settings(base_url=url, timeout=10, retries=0, backoff=0, allow_http_loopback=True)).committees()


@pytest.mark.parametrize("body, problem", [
    (b"<committees><committee><committeeid>1</committeeid>", "cannot be read"),
    (b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
     b"<committees><committee><committeetitle>&b;</committeetitle></committee></committees>", "entities or a DTD"),
    (b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]><committees>&x;</committees>',
     "entities or a DTD"),
    ('<?xml version="1.0" encoding="utf-8"?><committees><committee><committeeid>7</committeeid>'
     "<committeetitle>Comit\u00e9 Caf\u00e9</committeetitle></committee></committees>".encode("latin-1"), "encoding"),
    (b"", "answered with nothing"),
    (b"<meetings/>", "not a list of committees"),
    (b"<committees><committee><committeeid>seven</committeeid></committee></committees>", "not a number"),
])
def test_bad_answers(fake, body, problem):
    fake.raw["GetCommittees"] = body
    with pytest.raises(ModernGovError, match=problem):
        client_for(fake).committees()


def test_oversized_answer(fake):
    fake.raw["GetCommittees"] = b"<committees>" + b"<committee><committeeid>1</committeeid></committee>" * 10_000 + b"</committees>"
    with pytest.raises(ModernGovError, match="larger than the 200,000-byte limit"):
        client_for(fake).committees()


def test_namespaced_and_wrapped_answers(fake):
    inner = '<committees xmlns="http://example.org/ns"><committee><committeeid>4</committeeid><committeetitle>Audit</committeetitle></committee></committees>'
    fake.raw["GetCommittees"] = ('<?xml version="1.0"?><string xmlns="http://tempuri.org/">'
                                 + inner.replace("<", "&lt;").replace(">", "&gt;") + "</string>").encode()
    assert [(c.id, c.title) for c in client_for(fake).committees()] == [(4, "Audit")]


def test_only_get_to_the_configured_address(fake):
    wexcombe_communities(fake)
    client = client_for(fake)
    client.committees()
    client.meetings(101, date(2026, 1, 1), date(2027, 12, 31))
    client.meeting(501)
    assert {method for method, _, _ in fake.requests} == {"GET"}
    assert all(path.startswith("/mgWebService.asmx/") for _, path, _ in fake.requests)


def test_minutes_html_to_text():
    text = html_to_text("<p>First&nbsp;point.</p><script>alert(1)</script><ul><li>One</li><li>Two</li></ul>"
                        "<ol><li>Alpha</li><li>Beta<br>continued</li></ol><div>Last</div>")
    assert text == "First point.\n\n- One\n\n- Two\n\n1. Alpha\n\n2. Beta\n\ncontinued\n\nLast"
