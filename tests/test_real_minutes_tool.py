"""tools/real_minutes.py: cutting, annotating and checking the real-minutes corpus.

The texts here are our own words in the shapes real minutes take; the real
texts never enter the repository.
"""

import json
import runpy
from pathlib import Path

import pytest

TOOL = runpy.run_path(str(Path(__file__).resolve().parent.parent / "tools" / "real_minutes.py"))
main, split_of, is_reserved = TOOL["main"], TOOL["split_of"], TOOL["is_reserved"]

EXCERPT = (
    "Agenda item\n\nLibrary opening hours\n\nMinutes:\n\n"
    "The Head of Libraries presented the report.\n\n\u00a0\n\n"
    "RESOLVED that:\n\n(a)\u00a0 the report be noted; and\n\n"
    "(b)\u00a0 the Head of Libraries circulate the visitor figures to the panel.\n\n"
    "Supporting documents:"
)


def spec(tmp_path, **changes):
    data = {
        "id": "a-anytown-01", "council": "Anytown District Council",
        "council_kind": "district", "committee": "Overview and Scrutiny Committee",
        "url": "https://example.org/mgAi.aspx?ID=1", "title": "Library opening hours",
        "query": "circulate the visitor figures", "start_marker": "Library opening hours",
        "end_marker": "figures to the panel.", "layout": "resolved-list", "year": 2024,
        "meeting_date": "2024-03-05", "excerpt": EXCERPT,
        "actions": [{"quote": "the Head of Libraries circulate the visitor figures to the panel.",
                     "action": "Circulate the visitor figures to the panel",
                     "owner": "Head of Libraries", "due": None, "kind": "resolution"}],
    } | changes
    path = tmp_path / f"{data['id']}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_add_cuts_from_marker_to_marker_and_locates_the_quote(tmp_path, capsys):
    assert main(["--dir", str(tmp_path), "add", str(spec(tmp_path))]) == 0
    text = (tmp_path / "text" / "a-anytown-01.txt").read_text(encoding="utf-8")
    assert text.startswith("Library opening hours") and text.endswith("figures to the panel.")
    assert "\u00a0" not in text, "no-break spaces fold to plain spaces"
    (line,) = [json.loads(x) for x in (tmp_path / "gold-a.jsonl").read_text().splitlines()]
    assert text[line["start"]:line["end"]].startswith("the Head of Libraries circulate")
    (entry,) = json.loads((tmp_path / "recipe-a.json").read_text())
    assert entry["length"] == len(text) and entry["split"] == split_of("a-anytown-01")
    assert main(["--dir", str(tmp_path), "check"]) == 0
    assert "items 1, councils 1, actions 1, items with no action 0" in capsys.readouterr().out


def test_cut_gives_the_same_text_as_add(tmp_path):
    raw = tmp_path / "saved.txt"
    raw.write_text(EXCERPT, encoding="utf-8")
    assert main(["--dir", str(tmp_path), "cut", str(raw), "--id", "b-anytown-02",
                 "--start-marker", "Library opening hours",
                 "--end-marker", "figures to the panel."]) == 0
    main(["--dir", str(tmp_path), "add", str(spec(tmp_path))])
    text = tmp_path / "text"
    assert (text / "b-anytown-02.txt").read_bytes() == (text / "a-anytown-01.txt").read_bytes()


def test_check_finds_a_changed_text_and_a_changed_quote(tmp_path, capsys):
    main(["--dir", str(tmp_path), "add", str(spec(tmp_path))])
    path = tmp_path / "text" / "a-anytown-01.txt"
    path.write_text(path.read_text().replace("visitor", "Visitor"), encoding="utf-8")
    assert main(["--dir", str(tmp_path), "check"]) == 1
    err = capsys.readouterr().err
    assert "sha256 differs from the recipe" in err and "quote_sha256 differs" in err


def test_check_refuses_a_reserved_council(tmp_path, capsys):
    main(["--dir", str(tmp_path), "add", str(spec(tmp_path, council="Sheffield City Council"))])
    assert main(["--dir", str(tmp_path), "check", "--metadata-only"]) == 1
    assert "reserved for independent measurement" in capsys.readouterr().err


@pytest.mark.parametrize("council, reserved", [
    ("London Borough of Enfield", True), ("Kent County Council", True),
    ("Derbyshire County Council", False), ("Wyre Forest District Council", False),
    ("Wyre Council", True), ("North Somerset Council", False),
])
def test_reserved_names_match_whole_words(council, reserved):
    assert is_reserved(council) is reserved


def test_a_quote_that_is_not_in_the_text_is_a_clear_error(tmp_path, capsys):
    bad = spec(tmp_path, actions=[{"quote": "not in the minutes", "action": "x",
                                   "kind": "resolution"}])
    assert main(["--dir", str(tmp_path), "add", str(bad)]) == 2
    assert "quote not found" in capsys.readouterr().err


def test_combine_merges_both_parts_sorted_by_id(tmp_path):
    main(["--dir", str(tmp_path), "add", str(spec(tmp_path, id="a-anytown-02"))])
    main(["--dir", str(tmp_path), "add", "--part", "b",
          str(spec(tmp_path, id="b-othertown-01", council="Othertown Council"))])
    assert main(["--dir", str(tmp_path), "combine"]) == 0
    ids = [e["id"] for e in json.loads((tmp_path / "recipe.json").read_text())]
    assert ids == ["a-anytown-02", "b-othertown-01"]
    assert len((tmp_path / "gold.jsonl").read_text().splitlines()) == 2


def test_the_split_rule_is_a_third_to_test():
    splits = [split_of(f"a-council-{n:02d}") for n in range(300)]
    assert 80 < splits.count("test") < 120


def test_the_committed_recipes_and_gold_agree():
    """Without the ignored texts, the recipes and gold still check against each other."""
    problems, counts = TOOL["check_corpus"](TOOL["DEFAULT_DIR"], metadata_only=True)
    assert problems == []
    assert counts["items"] >= 80
