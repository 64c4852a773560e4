"""The fixture corpus, its gold file and the real published examples."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tracker.minutes import extract

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "minutes"
REAL = Path(__file__).resolve().parents[3] / "shared" / "minutes"
GOLD = json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def test_corpus_size():
    """At least 12 files, 36 items and 8 items without actions."""
    files = sorted(CORPUS.glob("*.txt"))
    assert len(files) >= 12
    assert set(GOLD) == {f.name for f in files}
    items = [i for g in GOLD.values() for i in g["items"]]
    assert len(items) >= 36
    assert sum(1 for i in items if not i["actions"]) >= 8


def test_gold_quotes_are_exact_substrings():
    """Every gold quote occurs in its file."""
    for name, entry in GOLD.items():
        text = read(CORPUS / name)
        for it in entry["items"]:
            for a in it["actions"]:
                assert a["quote"] in text, (name, a["quote"])


@pytest.mark.parametrize("name", sorted(GOLD))
def test_quotes_are_original_offsets(name):
    """quote == text[start:end] for every action and items do not overlap (original text, \\r\\n kept)."""
    text = read(CORPUS / name)
    items = extract(text, date.fromisoformat(GOLD[name]["meeting_date"]))
    last_end = 0
    for it in items:
        assert it.start >= last_end
        last_end = it.end
        for a in it.actions:
            assert a.quote == text[a.start:a.end]
            assert it.start <= a.start < a.end <= it.end
            assert a.description and len(a.description) <= 500


@pytest.mark.parametrize("name", sorted(GOLD))
def test_items_match_gold(name):
    """Item numbers and titles match the gold file."""
    text = read(CORPUS / name)
    items = extract(text, date.fromisoformat(GOLD[name]["meeting_date"]))
    assert [(i.number, i.title) for i in items] == [(i["number"], i["title"]) for i in GOLD[name]["items"]]


def test_whole_corpus_as_one_text():
    """Offsets stay exact when all files are joined in one text."""
    text = "\n\n".join(read(CORPUS / n) for n in sorted(GOLD))
    n = 0
    for it in extract(text, date(2020, 1, 1)):
        for a in it.actions:
            assert a.quote == text[a.start:a.end]
            n += 1
    assert n >= 30


def _real(prefix: str) -> str:
    if not REAL.is_dir():
        pytest.skip(f"real examples folder {REAL} is absent")
    files = sorted(REAL.glob(prefix + "_*.txt"))
    if not files:
        pytest.skip(f"no {prefix}_*.txt in {REAL}")
    return read(files[0])


def test_real_000_briefing_note_commitment():
    """Real minutes 000: only the Head of Community Safety's offer to circulate the briefing note."""
    text = _real("000")
    items = extract(text, date(2017, 7, 11))
    found = [a for it in items for a in it.actions]
    assert len(found) == 1
    a = found[0]
    assert a.kind == "commitment"
    assert a.owner == "Head of Community Safety"
    assert "circulated to the Panel" in a.quote
    assert "briefing note" in a.description and a.description.startswith("Circulate")
    assert not any("agreed that there had been" in f.quote for f in found)


def test_real_001_progress_to_future_meeting():
    """Real minutes 001: one resolution reported to a future meeting, owned by the presenter; no milestones."""
    text = _real("001")
    items = extract(text, date(2016, 6, 1))
    found = [a for it in items for a in it.actions]
    assert len(found) == 1
    a = found[0]
    assert a.kind == "resolution"
    assert a.due_next_meeting is True
    assert a.owner == "Head of Community Safety"
    assert "future meeting" in a.quote
