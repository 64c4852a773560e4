"""Split minutes text into agenda items ("Agenda item" blocks or numbered minutes)."""
from __future__ import annotations

import re

from .model import MinutesItem
from .owners import find_entities, role_of
from .text import lines, sentences, squash, strip_span

_AGENDA_RE = re.compile(
    r"^\s*Agenda\s+item\b\s*(?:(?:No\.?\s*)?(?P<num>\d{1,3}[A-Za-z]?)\b\.?)?\s*[:.\-\u2013\u2014]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_NUMBERED_RE = re.compile(
    r"^\s*(?:(?P<kw>Item|ITEM|Minute|MINUTE|Min\.|Agenda\s+Item)\s+(?:No\.?\s*)?|(?P<pre>[A-Z]{2,6})[ \t\u00a0]+(?=\d))?"
    r"(?P<num>\d{1,3}(?:[a-z]|\.\d{1,2}|/\d{2}(?:/\d{2})?)?)(?:[.:)]|\s*[\-\u2013\u2014:])?[ \t\u00a0]+(?P<title>\S.{0,200}?)\s*$"
)
# a minute number alone on its line ("5.", "Item 7", "TSC 41/24"), its title on the next line
_NUMBER_ONLY_RE = re.compile(
    r"^\s*(?:(?P<kw>Item|ITEM|Minute|MINUTE|Min\.|Agenda\s+Item)\s+(?:No\.?\s*)?|(?P<pre>[A-Z]{2,6})[ \t\u00a0]+(?=\d))?"
    r"(?P<num>\d{1,3}(?:[a-z]|/\d{2}(?:/\d{2})?)?)(?P<punct>[.:)])?\s*$"
)
# "[Item 7]" / "(Agenda item 7)" after a title
_ITEM_TAG_RE = re.compile(r"\s*[\[(](?:Agenda\s+)?Item\s+(?:No\.?\s*)?\d{1,3}[a-z]?[\])]\s*$", re.IGNORECASE)
_DIGIT_TITLE_RE = re.compile(r"^\d[\d,]*\s+(?P<rest>[A-Z].*)$")
_TITLE_NUM_RE = re.compile(r"^\s*(?P<num>\d{1,3}[a-z]?)(?:[.:)]|\s+[\-\u2013\u2014])?\s+(?P<title>\S.*)$")
_MONTH_START_RE = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b"
)
_NOT_TITLE_START_RE = re.compile(r"^(?:That|that|To|RESOLVED|Resolved|It\s+was)\b")
_PRESENTER_BRACKET_RE = re.compile(r"^\s*\[(?P<p>[^\]\n]{3,250})\]\s*$")
_REPORT_OF_RE = re.compile(r"^\s*(?:Report|Presentation)\s+(?:of|by|from)\s+(?P<p>.{3,200})$", re.IGNORECASE)
_MINUTES_LABEL_RE = re.compile(r"^\s*Minutes\s*:?\s*$", re.IGNORECASE)
_PRESENTS_RE = re.compile(
    r"\b(?:presented|introduced|provided\s+a\s+presentation|gave\s+a\s+presentation|gave\s+an?\s+(?:overview|update|report)"
    r"|delivered\s+a\s+presentation|outlined\s+the\s+report|took\s+the\s+(?:Panel|Committee|Board)\s+through)\b"
)


def _num_key(num: str) -> tuple[int, str]:
    m = re.match(r"(\d+)(.*)", num)
    if not m:
        return (-1, "")
    return (int(m.group(1)), m.group(2))


def _title_like(title: str) -> bool:
    """A heading title: starts with a capital, or with a number followed by capitalised words
    ("101 NON-EMERGENCY CALL HANDLING", "999 Response Times" but not "14 Members attended")."""
    if title[:1].isupper():
        return True
    dm = _DIGIT_TITLE_RE.match(title)
    if not dm or _MONTH_START_RE.match(dm.group("rest")):
        return False
    words = [w for w in dm.group("rest").split() if w[:1].isalpha()]
    return bool(words) and all(w[:1].isupper() or len(w) <= 3 for w in words)


def clean_title(title: str) -> str:
    return squash(_ITEM_TAG_RE.sub("", title))


def _is_numbered_heading(line: str) -> re.Match | None:
    m = _NUMBERED_RE.match(line)
    if not m:
        return None
    title = m.group("title").strip()
    if m.group("pre") and "/" not in m.group("num"):
        return None
    if m.group("kw"):
        return m
    if not _title_like(title):
        return None
    if _NOT_TITLE_START_RE.match(title) or _MONTH_START_RE.match(title):
        return None
    if title.endswith((".", ";", ",", ":")) and not title.endswith("etc."):
        return None
    if len(title) > 120 or len(title.split()) > 16:
        return None
    # "4 per cent ..." or "10 February" style: not a heading
    if re.match(r"^(?:per\s+cent|percent|%|pm|am|years?|months?)\b", title, re.IGNORECASE):
        return None
    return m


def _next_nonblank(text: str, spans: list[tuple[int, int]], i: int) -> int:
    j = i + 1
    while j < len(spans) and not text[spans[j][0]:spans[j][1]].strip():
        j += 1
    return j


def _numbered_candidates(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str, str, bool]]:
    """(heading_start, body_start, number, title, has_keyword) of numbered heading lines, including a
    number alone on its line ("5.") whose title is the next non-blank line."""
    out: list[tuple[int, int, str, str, bool]] = []
    i = 0
    while i < len(spans):
        a, b = spans[i]
        line = text[a:b]
        m = _is_numbered_heading(line)
        if m:
            out.append((a, b, m.group("num"), clean_title(m.group("title")), bool(m.group("kw"))))
            i += 1
            continue
        om = _NUMBER_ONLY_RE.match(line)
        if om and (om.group("kw") or om.group("punct") or (om.group("pre") and "/" in om.group("num"))):
            j = _next_nonblank(text, spans, i)
            if j < len(spans):
                title = text[spans[j][0]:spans[j][1]].strip()
                if _is_numbered_heading("1 " + title) and not _NUMBER_ONLY_RE.match(title):
                    out.append((a, spans[j][1], om.group("num"), clean_title(title), bool(om.group("kw"))))
                    i = j + 1
                    continue
        i += 1
    return out


def _headings(text: str) -> list[tuple[int, int, str, str]]:
    """(heading_start, body_start, number, title) for each item heading."""
    spans = list(lines(text))
    out: list[tuple[int, int, str, str]] = []
    has_agenda = any(_AGENDA_RE.match(text[a:b]) for a, b in spans)
    numbered = _numbered_candidates(text, spans)
    i = 0
    if has_agenda:
        while i < len(spans):
            a, b = spans[i]
            m = _AGENDA_RE.match(text[a:b])
            if not m:
                i += 1
                continue
            num = m.group("num") or ""
            rest = m.group("rest").strip()
            body = b
            if not rest or (not num and _NUMBER_ONLY_RE.match(rest)):
                if rest:
                    num = _NUMBER_ONLY_RE.match(rest).group("num")
                # title on the next non-blank line ("5." alone there: the title follows it)
                j = _next_nonblank(text, spans, i)
                if j < len(spans) and not _AGENDA_RE.match(text[spans[j][0]:spans[j][1]]):
                    rest = text[spans[j][0]:spans[j][1]].strip()
                    body = spans[j][1]
                    i = j
                    om = _NUMBER_ONLY_RE.match(rest)
                    if om and not num:
                        k = _next_nonblank(text, spans, j)
                        if k < len(spans) and not _AGENDA_RE.match(text[spans[k][0]:spans[k][1]]):
                            num, rest = om.group("num"), text[spans[k][0]:spans[k][1]].strip()
                            body = spans[k][1]
                            i = k
            tm = _TITLE_NUM_RE.match(rest)
            if tm and not num:
                num, rest = tm.group("num"), tm.group("title")
            out.append((a, body, num, clean_title(rest)))
            i += 1
        return _with_numbered(out, numbered)
    last: tuple[int, str] | None = None
    for a, body, num, title, kw in numbered:
        key = _num_key(num)
        if last is not None and key <= last and not kw:
            continue
        last = key
        out.append((a, body, num, title))
    return out


def _heading_case(title: str) -> bool:
    """"TREE PLANTING STRATEGY" or "Damp and Mould - Progress Update", not "Officers to send the list"."""
    if re.search(r"\s+to\s+[a-z]", title):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'\u2019\-]*", title) if len(w) > 3]
    if not words:
        return True
    return title.upper() == title or sum(w[0].isupper() for w in words) * 2 >= len(words)


def _with_numbered(
    agenda: list[tuple[int, int, str, str]], numbered: list[tuple[int, int, str, str, bool]]
) -> list[tuple[int, int, str, str]]:
    """Add numbered headings where "Agenda item" markers are absent: a numbered heading outside
    any agenda heading's own lines counts when it continues the numbering of the heading
    before it (one to three higher), or comes before the first agenda heading and below its
    number, and its title reads like a heading (capitalised words, no "X to do Y" action).
    Unnumbered agenda items accept none (their bodies' numbered lists stay lists)."""
    if not agenda or not numbered:
        return agenda
    consumed = [(a, body) for a, body, _, _ in agenda]
    first_key = _num_key(agenda[0][2]) if agenda[0][2] else None
    out = list(agenda)
    for a, body, num, title, _kw in numbered:
        if any(ca <= a < cb for ca, cb in consumed) or not _heading_case(title):
            continue
        key = _num_key(num)
        prev = None
        for h in sorted(out):
            if h[0] < a:
                prev = h
        if prev is None:
            ok = first_key is not None and key < first_key and first_key[0] - key[0] <= 30
        else:
            pk = _num_key(prev[2]) if prev[2] else None
            ok = pk is not None and key > pk and key[0] - pk[0] <= 3
        if ok:
            out.append((a, body, num, title))
    return sorted(out)


def find_presenter(text: str, start: int, end: int) -> str | None:
    """Presenter of an item body: "[Name, Role, to present report]" line, "Report of ..." line,
    or a "X presented the report / provided a presentation" sentence near the start."""
    seen = 0
    for a, b in lines(text, start, end):
        line = text[a:b]
        if not line.strip():
            continue
        seen += 1
        m = _PRESENTER_BRACKET_RE.match(line)
        if m:
            who = role_of(m.group("p"))
            if who:
                return who
        m = _REPORT_OF_RE.match(line)
        if m:
            who = role_of(m.group("p"))
            if who:
                return who
        if _MINUTES_LABEL_RE.match(line) or seen >= 4:
            break
    n = 0
    for a, b in sentences(text, start, end):
        n += 1
        if n > 8:
            break
        s = text[a:b]
        pm = _PRESENTS_RE.search(s)
        if not pm:
            continue
        ents = [e for e in find_entities(s[: pm.start()]) if e.end <= pm.start()]
        if ents:
            # the subject right before the verb (allow ", Role," apposition)
            return ents[-1].text
    return None


def split_agenda_items(text: str) -> list[MinutesItem]:
    """Agenda items of a minutes text, with empty action lists.

    Text before the first heading (council name, date) is not an item. A text with no
    headings at all is one item with number "" and title "".
    """
    heads = _headings(text)
    items: list[MinutesItem] = []
    if not heads:
        a, b = strip_span(text, 0, len(text))
        if a >= b:
            return []
        return [MinutesItem("", "", find_presenter(text, a, b), a, b, text[a:b], [], a)]
    for k, (hs, body, num, title) in enumerate(heads):
        nxt = heads[k + 1][0] if k + 1 < len(heads) else len(text)
        _, end = strip_span(text, hs, nxt)
        bs, be = strip_span(text, body, end)
        minutes = text[bs:be] if bs < be else ""
        items.append(MinutesItem(num, title, find_presenter(text, body, end), hs, end, minutes, [], body))
    return items
