"""Search: every word typed is found, as the start of a word, in the reference, the
description, the owner's role or the owner's name, through the full-text index of each database."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from tracker.actions import search
from tracker.actions.rules import edit_action
from tracker.extensions import db
from tracker.models import Action


def found(q: str) -> list[str]:
    return sorted(db.session.scalars(select(Action.reference).where(search.matching(q))))


@pytest.fixture
def panel(make):
    """A panel in municipal year 26/27 with fourteen actions, so references -02, -12 and -20
    exist side by side, and owners with and without accounts."""
    committee = make.committee("Stronger Communities Scrutiny Panel", slug="stronger-communities", code="SCSP")
    meeting = make.meeting(committee, on=date(2026, 6, 10))
    priya = make.user("officer", name="Priya O'Brien-Shah")
    tom = make.user("officer", name="Tom Bryant")
    made = {
        "knife": make.action(meeting, owner=priya, description="Circulate the knife crime briefing note"),
        "bins": make.action(meeting, owner_role="Chief Inspector", description="Provide knife bin figures by ward"),
        "care": make.action(meeting, owner=tom, description="Report on home care recommissioning"),
        "cafe": make.action(meeting, owner=tom, description="Visit the community café in Ashby"),
    }
    for n in range(5, 21):
        made[n] = make.action(meeting, owner_role="Head of Service", description=f"Routine follow-up {n}")
    return made


def test_words_of_the_description_in_any_order(panel):
    assert found("knife") == sorted([panel["knife"].reference, panel["bins"].reference])
    assert found("briefing knife") == [panel["knife"].reference]


def test_the_last_word_matches_while_still_being_typed(panel):
    assert found("recommiss") == [panel["care"].reference]
    assert found("kni cri") == [panel["knife"].reference]


def test_only_the_start_of_a_word_matches(panel):
    assert found("nife") == []


def test_a_reference_finds_that_action_and_not_its_neighbours(panel):
    reference = panel["knife"].reference.replace("-01", "-02")
    assert found(reference) == [reference]  # not -12 or -20
    assert found("scsp 26/27-1") == sorted(a.reference for k, a in panel.items() if isinstance(k, int) and 10 <= k <= 19)


def test_the_owners_role_and_name(panel):
    assert found("chief inspector") == [panel["bins"].reference]
    assert found("tom bryant") == sorted([panel["care"].reference, panel["cafe"].reference])
    assert found("o'brien") == [panel["knife"].reference]


def test_words_can_match_different_fields(panel):
    """"knife priya": the description has one word, the owner's name the other."""
    assert found("knife priya") == [panel["knife"].reference]


def test_punctuation_around_words_is_ignored(panel):
    assert found("(knife, briefing)") == [panel["knife"].reference]


@pytest.mark.parametrize("q", ["%", "_", "*", '"', "'", "-", "()", "^"])
def test_symbols_alone_match_nothing(panel, q):
    assert found(q) == []


def test_search_operators_are_just_words(panel):
    """Nothing typed is read as FTS5 or tsquery syntax: OR would find three actions here."""
    assert found("knife OR care") == []
    assert found('knife" NEAR(care') == []


def test_accents_do_not_matter_on_sqlite(panel):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's simple configuration keeps accents")
    assert found("cafe") == [panel["cafe"].reference]


def test_the_index_follows_edits(panel, make):
    action = panel["care"]
    editor = make.user("scrutiny")
    edit_action(action, editor, action.version, description="Report on the domiciliary care tender")
    db.session.commit()
    assert found("domiciliary") == [action.reference]
    assert found("recommissioning") == []


def test_the_index_is_used(panel):
    """The query's expression is the index's: otherwise the database reads every action."""
    query = select(Action.id).where(search.matching("knife"))
    sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
    if db.engine.dialect.name == "sqlite":
        plan = " | ".join(row[-1] for row in db.session.execute(text("EXPLAIN QUERY PLAN " + sql)))
        assert "VIRTUAL TABLE INDEX" in plan and "actions_search" in plan
    else:
        # A handful of rows: leave the planner only bitmap scans, which need an index condition.
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            db.session.execute(text(f"SET LOCAL {setting} = off"))
        plan = "\n".join(row[0] for row in db.session.execute(text("EXPLAIN " + sql)))
        assert "ix_actions_search" in plan
    db.session.rollback()


def test_the_triggers_come_back_after_a_migration_rebuilds_the_table(panel, make):
    """SQLite drops a table's triggers when Alembic's batch mode rebuilds it; the step every
    migration run ends with puts them back and reindexes."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL keeps its index through table changes")
    db.session.commit()
    with db.engine.begin() as conn:
        for name in search.SQLITE_TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
    try:
        newcomer = make.action(panel["knife"].meeting, owner_role="Clerk", description="Untracked newcomer")
        assert found("newcomer") == []
    finally:
        db.session.commit()
        with db.engine.begin() as conn:
            search.keep_sqlite_search_in_step(conn)
    assert found("newcomer") == [newcomer.reference]
    assert found("knife briefing") == [panel["knife"].reference]
