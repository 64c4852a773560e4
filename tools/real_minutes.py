#!/usr/bin/env python3
"""Build and check the corpus of real councils' minutes (issue 19).

The texts are third-party pages, so they never enter the repository: the repo
holds recipes (address, query, markers, length, SHA-256) and gold actions
(offsets, hashes, our paraphrases). This tool rebuilds the git-ignored text
folder from saved search excerpts and checks it against the recipes.

  cut RAWFILE --id ID --start-marker S --end-marker E
      cut one agenda item out of a saved excerpt, write text/ID.txt
  add SPEC.json [--part a]
      cut and annotate one item from a spec (metadata, excerpt, actions as
      quotes), and put its entry into recipe-PART.json and gold-PART.jsonl
  check [--metadata-only]
      verify every recipe-*.json entry and gold-*.jsonl line, print counts
  combine
      write recipe.json and gold.jsonl from the parts, sorted by id
  split ID
      print the split an id falls into

Standard library only, so a fresh session can run it before `make install`.
See docs/real-minutes-corpus.md.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "tests" / "fixtures" / "real_minutes"

COUNCIL_KINDS = {
    "district", "county", "london-borough", "combined-authority", "unitary",
    "metropolitan", "welsh", "scottish", "police-and-crime-panel", "other",
}
LAYOUTS = {
    "narrative", "resolved-list", "unlabelled-list", "action-table",
    "action-lines", "mixed",
}
ACTION_KINDS = {"resolution", "commitment"}
RECIPE_FIELDS = (
    "id", "council", "council_kind", "committee", "url", "title", "query",
    "start_marker", "end_marker", "length", "sha256", "layout", "year",
    "meeting_date", "split",
)
ID_PATTERN = re.compile(r"^[ab]-[a-z0-9]+(?:-[a-z0-9]+)*-\d{2}$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Kept apart for independent measurement (issue 19): never used, never looked
# at. `check` refuses any recipe whose council is one of these.
RESERVED = (
    "Aberdeen", "Argyll and Bute", "Barnsley", "Bath and North East Somerset",
    "Belfast", "Blaenau Gwent", "Bolton", "Bracknell Forest",
    "Brighton and Hove", "Bristol", "Bromsgrove", "Calderdale", "Cardiff",
    "Central Bedfordshire", "Cheshire East", "Chorley", "City of London",
    "Cornwall", "Cotswold", "Coventry", "Darlington", "Denbighshire", "Derby",
    "Dorset", "Durham", "East Hertfordshire", "Enfield", "Epping Forest",
    "Flintshire", "Gateshead", "Halton", "Haringey", "Harlow", "Hillingdon",
    "Hounslow", "Kent", "Lancashire", "Leeds", "Lewisham", "Luton", "Medway",
    "Merthyr Tydfil", "Milton Keynes", "Monmouthshire", "Norfolk",
    "North Hertfordshire", "North Lincolnshire", "Nottingham", "Oxfordshire",
    "Peterborough", "Plymouth", "Reading", "Rotherham", "Ryedale", "Salford",
    "Sandwell", "Sheffield", "Slough", "Somerset", "South Holland",
    "South Oxfordshire", "Southwark", "Stockport", "Stoke-on-Trent", "Swansea",
    "Telford and Wrekin", "Tunbridge Wells", "Wakefield", "Walsall",
    "West Berkshire", "West Lindsey", "Wiltshire", "Wirral", "Woking", "Wyre",
    "Wolverhampton",
)
# Other councils whose names contain a reserved one as a whole word.
NOT_RESERVED = {"north somerset", "wyre forest", "west lancashire", "west oxfordshire"}


def normalise(text: str) -> str:
    """The text as the corpus keeps it: invisible differences folded away.

    A saved excerpt may hold no-break or other Unicode spaces, zero-width
    characters, or Windows line ends where a transcription holds plain ones;
    folding them makes the hash depend only on what a reader sees.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", text)
    return "".join(
        " " if ch != "\n" and ch != "\t" and unicodedata.category(ch) == "Zs" else ch
        for ch in text
    )


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_of(item_id: str) -> str:
    """Two thirds to develop on, one third untouched: fixed by the id alone."""
    return "test" if int(sha256_text(item_id), 16) % 3 == 0 else "dev"


def is_reserved(council: str) -> bool:
    name = re.sub(r"\s+", " ", council.lower().replace("&", "and")).strip()
    for suffix in (" council", " county", " city", " borough", " district"):
        name = name.removesuffix(suffix)
    name = name.removeprefix("london borough of ").removeprefix("city of ")
    if name in NOT_RESERVED:
        return False
    for reserved in RESERVED:
        r = reserved.lower()
        if name == r or re.search(rf"\b{re.escape(r)}\b", name):
            return True
    return False


def read_raw(path: Path) -> str:
    """A saved excerpt: plain text, or JSON (a string, or an object with an
    "excerpt"), so that the escaped form a search answer shows can be pasted
    as it stands."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        data = json.loads(raw)
        raw = data["excerpt"] if isinstance(data, dict) else data
    return normalise(raw)


def cut_text(raw: str, start_marker: str, end_marker: str) -> str:
    """From the first start marker to the first end marker after it, inclusive."""
    start_marker, end_marker = normalise(start_marker), normalise(end_marker)
    start = raw.find(start_marker)
    if start < 0:
        raise ValueError(f"start marker not found: {start_marker!r}")
    end = raw.find(end_marker, start)
    if end < 0:
        raise ValueError(f"end marker not found after the start: {end_marker!r}")
    return raw[start:end + len(end_marker)]


def write_text(folder: Path, item_id: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{item_id}.txt"
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return path


def read_text(folder: Path, item_id: str) -> str | None:
    path = folder / f"{item_id}.txt"
    if not path.exists():
        return None
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def load_json_list(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


def load_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def dump_json_list(path: Path, items: list[dict]) -> None:
    path.write_text(json.dumps(items, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def dump_jsonl(path: Path, lines: list[dict]) -> None:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines),
                    encoding="utf-8")


def locate(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    quote = normalise(quote)
    start = -1
    for _ in range(occurrence):
        start = text.find(quote, start + 1)
        if start < 0:
            raise ValueError(f"quote not found (occurrence {occurrence}): {quote!r}")
    if occurrence == 1 and text.find(quote, start + 1) >= 0:
        raise ValueError(f"quote occurs more than once, give an occurrence: {quote!r}")
    return start, start + len(quote)


def cmd_cut(args) -> int:
    text = cut_text(read_raw(Path(args.rawfile)), args.start_marker, args.end_marker)
    path = write_text(args.dir / "text", args.id, text)
    print(f"{path}: length {len(text)} sha256 {sha256_text(text)}")
    return 0


def cmd_add(args) -> int:
    """One item from a spec, kept in the ignored raw/ folder beside the text."""
    spec = json.loads(Path(args.spec).read_text(encoding="utf-8"))
    item_id = spec["id"]
    raw = normalise(spec["excerpt"])
    start_marker = spec.get("start_marker") or raw[:40]
    text = cut_text(raw, start_marker, spec.get("end_marker") or raw[-40:])
    end_marker = spec.get("end_marker") or text[-40:]
    write_text(args.dir / "text", item_id, text)
    entry = {
        "id": item_id, "council": spec["council"], "council_kind": spec["council_kind"],
        "committee": spec["committee"], "url": spec["url"], "title": spec["title"],
        "query": spec["query"], "start_marker": normalise(start_marker),
        "end_marker": normalise(end_marker), "length": len(text), "sha256": sha256_text(text),
        "layout": spec["layout"], "year": spec.get("year"),
        "meeting_date": spec.get("meeting_date"), "split": split_of(item_id),
    }
    if spec.get("note"):
        entry["note"] = spec["note"]
    gold = []
    for action in spec.get("actions", []):
        start, end = locate(text, action["quote"], action.get("occurrence", 1))
        line = {"item": item_id, "start": start, "end": end,
                "quote_sha256": sha256_text(text[start:end]), "action": action["action"],
                "owner": action.get("owner"), "due": action.get("due"), "kind": action["kind"]}
        if action.get("note"):
            line["note"] = action["note"]
        gold.append(line)
    recipe_path = args.dir / f"recipe-{args.part}.json"
    gold_path = args.dir / f"gold-{args.part}.jsonl"
    recipe = [e for e in load_json_list(recipe_path) if e["id"] != item_id] + [entry]
    lines = [g for g in load_jsonl(gold_path) if g["item"] != item_id] + gold
    recipe.sort(key=lambda e: e["id"])
    lines.sort(key=lambda g: (g["item"], g["start"]))
    dump_json_list(recipe_path, recipe)
    dump_jsonl(gold_path, lines)
    print(f"{item_id} [{entry['split']}] length {len(text)}, {len(gold)} action(s)")
    return 0


def check_corpus(folder: Path, metadata_only: bool = False) -> tuple[list[str], dict]:
    """Every problem found in the parts, and the counts of what is there."""
    problems: list[str] = []
    recipes: list[dict] = []
    for path in sorted(folder.glob("recipe-*.json")):
        for entry in load_json_list(path):
            recipes.append(entry | {"_file": path.name})
    gold: list[dict] = []
    for path in sorted(folder.glob("gold-*.jsonl")):
        gold.extend(line | {"_file": path.name} for line in load_jsonl(path))

    by_id: dict[str, dict] = {}
    texts: dict[str, str] = {}
    pages: dict[tuple[str, str], str] = {}
    council_parts: dict[str, set[str]] = collections.defaultdict(set)
    for entry in recipes:
        item_id = entry.get("id", "?")
        where = f"{entry['_file']} {item_id}"
        missing = [f for f in RECIPE_FIELDS if f not in entry]
        if missing:
            problems.append(f"{where}: missing fields {missing}")
            continue
        if item_id in by_id:
            problems.append(f"{where}: id used twice")
        by_id[item_id] = entry
        if not ID_PATTERN.match(item_id):
            problems.append(f"{where}: id not of the form a-<council>-<nn>")
        if entry["split"] != split_of(item_id):
            problems.append(f"{where}: split {entry['split']} but the rule gives {split_of(item_id)}")
        if entry["council_kind"] not in COUNCIL_KINDS:
            problems.append(f"{where}: unknown council_kind {entry['council_kind']!r}")
        if entry["layout"] not in LAYOUTS:
            problems.append(f"{where}: unknown layout {entry['layout']!r}")
        if entry["meeting_date"] is not None and not DATE_PATTERN.match(entry["meeting_date"]):
            problems.append(f"{where}: meeting_date not YYYY-MM-DD")
        if is_reserved(entry["council"]):
            problems.append(f"{where}: {entry['council']} is reserved for independent measurement")
        key = (entry["url"], entry["title"])
        if key in pages:
            problems.append(f"{where}: same page and item as {pages[key]}")
        pages[key] = item_id
        council_parts[entry["council"]].add(entry["_file"])
        if metadata_only:
            continue
        text = read_text(folder / "text", item_id)
        if text is None:
            problems.append(f"{where}: text/{item_id}.txt is missing")
            continue
        texts[item_id] = text
        if len(text) != entry["length"]:
            problems.append(f"{where}: length {len(text)}, recipe says {entry['length']}")
        if sha256_text(text) != entry["sha256"]:
            problems.append(f"{where}: sha256 differs from the recipe")
        if not text.startswith(entry["start_marker"]) or not text.endswith(entry["end_marker"]):
            problems.append(f"{where}: text does not run from start marker to end marker")
    for council, files in council_parts.items():
        if len(files) > 1:
            problems.append(f"{council}: in more than one part ({', '.join(sorted(files))})")

    actions = collections.Counter()
    for line in gold:
        where = f"{line['_file']} {line.get('item')} @{line.get('start')}"
        entry = by_id.get(line.get("item"))
        if entry is None:
            problems.append(f"{where}: no recipe for this item")
            continue
        if line.get("kind") not in ACTION_KINDS:
            problems.append(f"{where}: kind must be resolution or commitment")
        if not (line.get("action") or "").strip():
            problems.append(f"{where}: no action paraphrase")
        start, end = line.get("start"), line.get("end")
        if not (isinstance(start, int) and isinstance(end, int)
                and 0 <= start < end <= entry["length"]):
            problems.append(f"{where}: offsets outside the text")
            continue
        actions[line["item"]] += 1
        text = texts.get(line["item"])
        if text is not None and sha256_text(text[start:end]) != line.get("quote_sha256"):
            problems.append(f"{where}: quote_sha256 differs")

    counts = {
        "items": len(by_id),
        "councils": len({e["council"] for e in by_id.values()}),
        "actions": sum(actions.values()),
        "no_action_items": sum(1 for i in by_id if not actions[i]),
        "split": collections.Counter(e["split"] for e in by_id.values()),
        "actions_by_split": collections.Counter(
            {s: sum(actions[i] for i, e in by_id.items() if e["split"] == s)
             for s in ("dev", "test")}),
        "council_kind": collections.Counter(e["council_kind"] for e in by_id.values()),
        "layout": collections.Counter(e["layout"] for e in by_id.values()),
        "action_kind": collections.Counter(
            line["kind"] for line in gold if line.get("item") in by_id),
    }
    return problems, counts


def cmd_check(args) -> int:
    problems, counts = check_corpus(args.dir, args.metadata_only)
    print(f"items {counts['items']}, councils {counts['councils']}, "
          f"actions {counts['actions']}, items with no action {counts['no_action_items']}")
    for name in ("split", "actions_by_split", "council_kind", "layout", "action_kind"):
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts[name].items())))
    for problem in problems:
        print(f"PROBLEM {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def cmd_combine(args) -> int:
    recipes = [e for p in sorted(args.dir.glob("recipe-*.json")) for e in load_json_list(p)]
    gold = [g for p in sorted(args.dir.glob("gold-*.jsonl")) for g in load_jsonl(p)]
    recipes.sort(key=lambda e: e["id"])
    gold.sort(key=lambda g: (g["item"], g["start"]))
    dump_json_list(args.dir / "recipe.json", recipes)
    dump_jsonl(args.dir / "gold.jsonl", gold)
    print(f"recipe.json: {len(recipes)} items; gold.jsonl: {len(gold)} actions")
    return 0


def cmd_split(args) -> int:
    print(split_of(args.id))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR,
                        help="the corpus folder (default tests/fixtures/real_minutes)")
    sub = parser.add_subparsers(dest="command", required=True)
    cut = sub.add_parser("cut", help="cut one item from a saved excerpt")
    cut.add_argument("rawfile")
    cut.add_argument("--id", required=True)
    cut.add_argument("--start-marker", required=True)
    cut.add_argument("--end-marker", required=True)
    cut.set_defaults(func=cmd_cut)
    add = sub.add_parser("add", help="cut and annotate one item from a spec")
    add.add_argument("spec")
    add.add_argument("--part", default="a", choices=("a", "b"))
    add.set_defaults(func=cmd_add)
    check = sub.add_parser("check", help="verify recipes, texts and gold; print counts")
    check.add_argument("--metadata-only", action="store_true",
                       help="skip the text files (for a checkout without them)")
    check.set_defaults(func=cmd_check)
    sub.add_parser("combine", help="write recipe.json and gold.jsonl").set_defaults(
        func=cmd_combine)
    split = sub.add_parser("split", help="the split an id falls into")
    split.add_argument("id")
    split.set_defaults(func=cmd_split)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (ValueError, KeyError, OSError, json.JSONDecodeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
