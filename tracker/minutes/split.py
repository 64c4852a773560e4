"""Split minutes text into agenda items ("Agenda item" blocks or numbered minutes)."""
from __future__ import annotations

import re

from .model import AgendaItem
from .owners import find_entities, role_of
from .text import lines, sentences, squash, strip_span

_AGENDA_RE = re.compile(
    r"^\s*Agenda\s+item\b\s*(?:(?:No\.?\s*)?(?P<num>\d{1,3}[A-Za-z]?)\b\.?)?\s*[:.\-\u2013\u2014]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_NUMBERED_RE = re.compile(
    r"^\s*(?:(?P<kw>Item|ITEM|Minute|MINUTE|Min\.|Agenda\s+Item)\s+(?:No\.?\s*)?)?"
    r"(?P<num>\d{1,3}(?:[a-z]|\.\d{1,2}|/\d{2}(?:/\d{2})?)?)(?:[.:)]|\s*[\-\u2013\u2014:])?[ \t\u00a0]+(?P<title>\S.{0,200}?)\s*$"
)
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


def _is_numbered_heading(line: str) -> re.Match | None:
    m = _NUMBERED_RE.match(line)
    if not m:
        return None
    title = m.group("title").strip()
    if m.group("kw"):
        return m
    if not title[:1].isupper() or _NOT_TITLE_START_RE.match(title) or _MONTH_START_RE.match(title):
        return None
    if title.endswith((".", ";", ",", ":")) and not title.endswith("etc."):
        return None
    if len(title) > 120 or len(title.split()) > 16:
        return None
    # "4 per cent ..." or "10 February" style: not a heading
    if re.match(r"^(?:per\s+cent|percent|%|pm|am|years?|months?)\b", title, re.IGNORECASE):
        return None
    return m


def _headings(text: str) -> list[tuple[int, int, str, str]]:
    """(heading_start, body_start, number, title) for each item heading."""
    spans = list(lines(text))
    out: list[tuple[int, int, str, str]] = []
    has_agenda = any(_AGENDA_RE.match(text[a:b]) for a, b in spans)
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
            if not rest:
                # title on the next non-blank line
                j = i + 1
                while j < len(spans) and not text[spans[j][0]:spans[j][1]].strip():
                    j += 1
                if j < len(spans) and not _AGENDA_RE.match(text[spans[j][0]:spans[j][1]]):
                    rest = text[spans[j][0]:spans[j][1]].strip()
                    body = spans[j][1]
                    i = j
            tm = _TITLE_NUM_RE.match(rest)
            if tm and not num:
                num, rest = tm.group("num"), tm.group("title")
            out.append((a, body, num, squash(rest)))
            i += 1
        return out
    last: tuple[int, str] | None = None
    for a, b in spans:
        m = _is_numbered_heading(text[a:b])
        if not m:
            continue
        key = _num_key(m.group("num"))
        if last is not None and key <= last and not m.group("kw"):
            continue
        last = key
        out.append((a, b, m.group("num"), squash(m.group("title"))))
    return out


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


def split_agenda_items(text: str) -> list[AgendaItem]:
    """Agenda items of a minutes text, with empty action lists.

    Text before the first heading (council name, date) is not an item. A text with no
    headings at all is one item with number "" and title "".
    """
    heads = _headings(text)
    items: list[AgendaItem] = []
    if not heads:
        a, b = strip_span(text, 0, len(text))
        if a >= b:
            return []
        return [AgendaItem("", "", find_presenter(text, a, b), a, b, text[a:b], [], a)]
    for k, (hs, body, num, title) in enumerate(heads):
        nxt = heads[k + 1][0] if k + 1 < len(heads) else len(text)
        _, end = strip_span(text, hs, nxt)
        bs, be = strip_span(text, body, end)
        minutes = text[bs:be] if bs < be else ""
        items.append(AgendaItem(num, title, find_presenter(text, body, end), hs, end, minutes, [], body))
    return items
