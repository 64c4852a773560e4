"""Searching actions by reference, description, owner's role or owner's name.

One function for both databases, backed by a full-text index so a search does not read every
action: SQLite's FTS5 table `actions_search` (kept in step by triggers) and PostgreSQL's GIN
index `ix_actions_search` on the same words (both made by migration 0004).

Every word typed must match, as the start of a word (so results follow as you type), either
the action's reference, description or owner's role, or the owner's name. A word with
punctuation inside, like the "26/27-02" of "SCSP 26/27-02", must match as written, its parts
in order.
"""
from __future__ import annotations

import re

from sqlalchemy import ColumnElement, bindparam, false, or_, select, text, union

from tracker.extensions import db
from tracker.models import Action, User

# Letters and digits: what both indexes treat as the parts of a word.
_PART = re.compile(r"[^\W_]+")
# What PostgreSQL indexes. The punctuation becomes spaces so its parser cannot read
# "26/27-02" as a file path or "fly-tipping" as one word; the query must repeat this
# expression exactly for the planner to use the index.
PG_DOCUMENT = (
    "to_tsvector('simple'::regconfig, translate("
    "coalesce(actions.reference, '') || ' ' || coalesce(actions.description, '') || ' ' || "
    "coalesce(actions.owner_role, ''), '/-.@_:', '      '))"
)
# The migration's index, the FTS table and the tables SQLite keeps behind it: the models do
# not describe them, so schema comparisons leave them out.
SEARCH_OBJECTS = frozenset(
    {"ix_actions_search", "actions_search"}
    | {f"actions_search_{shadow}" for shadow in ("data", "idx", "docsize", "config", "content")}
)


FTS_COLUMNS = "reference, description, owner_role"
# Built from the constant above only, never from input (bandit's B608 is a false alarm here).
SQLITE_TRIGGERS = {
    "actions_search_insert": f"""
        CREATE TRIGGER IF NOT EXISTS actions_search_insert AFTER INSERT ON actions BEGIN
            INSERT INTO actions_search (rowid, {FTS_COLUMNS})
            VALUES (new.id, new.reference, new.description, new.owner_role);
        END""",  # nosec B608
    "actions_search_delete": f"""
        CREATE TRIGGER IF NOT EXISTS actions_search_delete AFTER DELETE ON actions BEGIN
            INSERT INTO actions_search (actions_search, rowid, {FTS_COLUMNS})
            VALUES ('delete', old.id, old.reference, old.description, old.owner_role);
        END""",  # nosec B608
    # Only when the searched columns change: a status update does not touch the index.
    "actions_search_update": f"""
        CREATE TRIGGER IF NOT EXISTS actions_search_update AFTER UPDATE OF {FTS_COLUMNS} ON actions BEGIN
            INSERT INTO actions_search (actions_search, rowid, {FTS_COLUMNS})
            VALUES ('delete', old.id, old.reference, old.description, old.owner_role);
            INSERT INTO actions_search (rowid, {FTS_COLUMNS})
            VALUES (new.id, new.reference, new.description, new.owner_role);
        END""",  # nosec B608
}


def create_sqlite_search(connection) -> None:
    """The FTS5 table and its triggers (migration 0004)."""
    # unicode61 splits on everything but letters and digits, so "SCSP 26/27-02" is the
    # words scsp 26 27 02; remove_diacritics lets "cafe" find "café".
    connection.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS actions_search USING fts5({FTS_COLUMNS}, content='actions', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    keep_sqlite_search_in_step(connection)


def keep_sqlite_search_in_step(connection) -> None:
    """Put back the triggers if they are missing, and reindex. Run after every migration:
    SQLite drops a table's triggers when a migration rebuilds the table (Alembic's batch
    mode does, to change a constraint), and the migrations of different areas run in any
    order."""
    if connection.dialect.name != "sqlite":
        return
    present = {
        row[0] for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE 'actions_search%'"
        )
    }
    if "actions_search" not in present or set(SQLITE_TRIGGERS) <= present:
        return
    for sql in SQLITE_TRIGGERS.values():
        connection.exec_driver_sql(sql)
    connection.exec_driver_sql("INSERT INTO actions_search (actions_search) VALUES ('rebuild')")


def include_object(_object, name, _type, reflected, compare_to) -> bool:
    """For Alembic's comparisons: skip the search index, which no model declares."""
    return not (reflected and compare_to is None and name in SEARCH_OBJECTS)


def words(q: str) -> list[tuple[str, list[str]]]:
    """The words of a search, lower-cased, each with its parts (letters and digits); words
    with no letters or digits (like "%") are left out."""
    found = []
    for word in q.lower().split():
        parts = _PART.findall(word)
        if parts:
            # Trim punctuation around the word ("Bryant," or "(SCSP") but keep it inside.
            start, end = word.find(parts[0]), word.rfind(parts[-1]) + len(parts[-1])
            found.append((word[start:end], parts))
    return found


def _escape_like(text_: str) -> str:
    return text_.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matching(q: str) -> ColumnElement[bool]:
    """A condition on Action: every word of `q` is found (see the module's note)."""
    found = words(q)
    if not found:
        return false()
    in_text = _in_text(found)
    # Words that start a word of someone's name: those people's actions match when the
    # other words are in their text ("tom bryant", "knife priya"). One query over the
    # accounts (a few thousand rows), then one set of ids from each index: an OR of the two
    # in the WHERE clause would make PostgreSQL read every action.
    people = _people_named([word for word, _ in found])
    named = [word for word, _ in found if people[word]]
    owners = set.intersection(*(people[word] for word in named)) if named else set()
    if not owners:
        return Action.id.in_(in_text)
    theirs = select(Action.id).where(Action.owner_id.in_(sorted(owners)))
    rest = [(word, parts) for word, parts in found if word not in named]
    if rest:
        theirs = theirs.where(Action.id.in_(_in_text(rest)))
    return Action.id.in_(union(in_text, theirs))


def _in_text(found: list[tuple[str, list[str]]]):
    """The ids of the actions whose reference, description or owner's role has every word,
    from the full-text index."""
    if db.engine.dialect.name == "postgresql":
        # Parts are letters and digits only: nothing in them is tsquery syntax.
        tsquery = " & ".join("(" + " <-> ".join(parts) + ":*)" for _, parts in found)
        return select(Action.id).where(
            text(f"{PG_DOCUMENT} @@ to_tsquery('simple'::regconfig, :search)").bindparams(
                bindparam("search", tsquery, unique=True)
            )
        )
    # Each word a quoted FTS5 string: a phrase of its parts, the star making the last a prefix.
    fts = " ".join('"' + " ".join(parts) + '"*' for _, parts in found)
    return select(text("rowid")).select_from(text("actions_search")).where(
        text("actions_search MATCH :search").bindparams(bindparam("search", fts, unique=True))
    )


def _people_named(typed: list[str]) -> dict[str, set[int]]:
    """For each word, the accounts with a word of their name starting with it."""
    likes = [(" " + User.name).ilike("% " + _escape_like(word) + "%", escape="\\") for word in typed]
    people = {word: set() for word in typed}
    for person_id, name in db.session.execute(select(User.id, User.name).where(or_(*likes))):
        spaced = " " + name.lower()
        for word in typed:
            if " " + word in spaced:
                people[word].add(person_id)
    return people
