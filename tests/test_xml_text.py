"""U+FFFE, U+FFFF and the control characters XML 1.0 cannot hold never reach a Word or
Excel file: refused on the way in, cleaned on the way out, cleaned in what is stored."""
from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import text

from tracker.extensions import db
from tracker.models import Action, Update
from tracker.text import xml_safe

BAD = "Done\ufffe and \uffff dusted\x0b"


def test_xml_safe_keeps_everything_xml_can_hold():
    assert xml_safe(BAD) == "Done and  dusted"
    kept = "tab\tline\ncr\r £ – ü \U0001F600 \ufffd"
    assert xml_safe(kept) == kept
    assert xml_safe(None) is None and xml_safe(5) == 5


def _opens(data: bytes, part: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(part).decode()


@pytest.fixture
def scene(make):
    panel = make.committee(slug="safety", code="SCSP")
    meeting = make.meeting(panel)
    owner = make.user("officer")
    return {"panel": panel, "meeting": meeting, "owner": owner, "action": make.action(meeting, owner=owner)}


def test_a_note_typed_with_them_is_stored_without_them(browser, scene):
    action = scene["action"]
    browser.login(scene["owner"])
    response = browser.post(f"/actions/{action.id}/status", {"status": "in_progress", "note": BAD, "version": "1"})
    assert response.status_code == 303
    assert db.session.query(Update).filter_by(action_id=action.id, new_status="in_progress").one().note == "Done and  dusted"


def test_whatever_writes_the_row_it_is_stored_clean(make, scene):
    """The ORM's own guard: an import, a command or the API go through it too."""
    action = scene["action"]
    action.description = "Circulate\ufffe the note"
    db.session.commit()
    assert db.session.execute(text("SELECT description FROM actions WHERE id = :id"),
                              {"id": action.id}).scalar_one() == "Circulate the note"


@pytest.mark.parametrize("url, part", [
    ("/committees/safety/action-log.docx", "word/document.xml"),
    ("/committees/safety/action-log.xlsx", "xl/worksheets/sheet1.xml"),
    ("/actions/export.xlsx", "xl/worksheets/sheet1.xml"),
])
def test_downloads_open_even_when_stored_text_has_them(browser, scene, url, part):
    """Text stored before the guard existed (written behind the ORM's back here)."""
    action = scene["action"]
    db.session.execute(text("UPDATE actions SET description = :d WHERE id = :id"),
                       {"d": "Brief\ufffe the panel\uffff", "id": action.id})
    db.session.commit()
    browser.login(scene["owner"])
    response = browser.get(url)
    assert response.status_code == 200
    assert "Brief the panel" in _opens(response.data, part)


def test_the_migration_cleans_what_is_stored(app, make, scene):
    from alembic.migration import MigrationContext
    from alembic.operations import Operations
    import importlib.util
    from pathlib import Path

    action = scene["action"]
    db.session.execute(text("UPDATE actions SET description = :d WHERE id = :id"),
                       {"d": "Brief\ufffe the panel", "id": action.id})
    db.session.execute(text("INSERT INTO action_updates (action_id, created_at, note) VALUES (:id, '2026-06-11', :n)"),
                       {"id": action.id, "n": "Sent\uffff"})
    db.session.commit()
    path = Path(__file__).parents[1] / "migrations/versions/i18_03_xml_safe_text.py"
    spec = importlib.util.spec_from_file_location("i18_03", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with db.engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        migration.upgrade()
    db.session.expire_all()
    assert db.session.get(Action, action.id).description == "Brief the panel"
    assert db.session.execute(text("SELECT note FROM action_updates WHERE note LIKE :s"), {"s": "Sent%"}).scalar_one() == "Sent"
