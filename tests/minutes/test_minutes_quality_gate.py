"""The quality gate: on our own fixtures (one per layout and phrasing family met in real
minutes), the extractor keeps precision and recall at 0.9 or more, scored by the benchmark's
own matching rule, so that no later change quietly breaks capture."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _benchmark():
    spec = importlib.util.spec_from_file_location("extraction_benchmark", ROOT / "benchmarks" / "extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fixtures_precision_and_recall_at_least_0_9():
    bench = _benchmark()
    res = bench.evaluate(ROOT / "tests" / "fixtures" / "minutes", verbose=False)
    assert res["gold_actions"] >= 40
    assert res["precision"] >= 0.9, res
    assert res["recall"] >= 0.9, res


def test_matching_needs_half_the_shorter_span():
    """A suggestion that only grazes a gold quote is not a match (the documented rule)."""
    bench = _benchmark()
    from tracker.minutes import FoundAction

    def found(start, end):
        return FoundAction("resolution", "x", None, None, None, False, "q", start, end)

    gold = [(0, 100, {"quote": "g"})]
    assert len(bench.match([found(40, 120)], gold)[0]) == 1
    assert len(bench.match([found(90, 200)], gold)[0]) == 0


def test_loose_owner_and_due_comparison():
    bench = _benchmark()
    from tracker.minutes import FoundAction

    assert bench.owner_agrees("the Head of Housing", "Head of Housing")
    assert bench.owner_agrees(None, None) and not bench.owner_agrees("Chair", None)
    due = FoundAction("resolution", "x", None, None, "the next meeting", True, "q", 0, 1)
    assert bench.due_agrees(due, "next meeting of the Panel")
    assert not bench.due_agrees(due, None)
