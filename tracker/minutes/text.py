"""Low-level text helpers: lines and sentences with offsets into the original string."""
from __future__ import annotations

import re
from collections.abc import Iterator

# Whitespace including NBSP and other Unicode spaces (Python's \s covers them for str patterns).
_LINE_RE = re.compile(r"[^\r\n]+")
_BULLET_CHARS = "\u00b7\u2022\u2023\u25aa\u25cf\u2043\u2219\u25e6*-\u2013\u2014>"
# Candidate sentence ends: terminal punctuation, optional closing quotes/brackets, then space or end.
_END_RE = re.compile(r"[.!?]+[\"\u201d\u2019')\]]*(?=\s|$)")
_ABBREV = frozenset(
    "cllr dr mr mrs ms st no nos e.g i.e etc approx prof rev sgt insp supt cf vs fig para paras "
    "ref tel inc ltd co jan feb mar apr jun jul aug sep sept oct nov dec cl pp vol".split()
)
_PREV_WORD_RE = re.compile(r"([\w.]+)$")


def lines(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield (start, end) spans of non-empty physical lines (without \\r/\\n) in text[start:end]."""
    end = len(text) if end is None else end
    for m in _LINE_RE.finditer(text, start, end):
        yield m.start(), m.end()


def strip_span(text: str, start: int, end: int, chars: str = "") -> tuple[int, int]:
    """Shrink [start, end) so it does not begin/end with whitespace (incl. NBSP) or extra chars."""
    while start < end and (text[start].isspace() or text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        end -= 1
    return start, end


def is_blank(s: str) -> bool:
    return not s.strip()


MAX_SENTENCE = 1200


def sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of sentences inside text[start:end]; lines are hard boundaries.

    Leading bullet characters and surrounding whitespace are excluded from the spans.
    Run-on "sentences" longer than MAX_SENTENCE characters are cut at ";", "," or a space
    so that the work per sentence stays bounded on pathological input.
    """
    for a, b in _raw_sentences(text, start, end):
        while b - a > MAX_SENTENCE:
            cut = _cut_point(text, a, a + MAX_SENTENCE)
            x, y = strip_span(text, a, cut)
            if x < y:
                yield x, y
            a, _ = strip_span(text, cut, b)
        if a < b:
            yield a, b


def _cut_point(text: str, a: int, limit: int) -> int:
    for sep in ("; ", ", ", " ", "\u00a0"):
        i = text.rfind(sep, a + MAX_SENTENCE // 2, limit)
        if i > a:
            return i + 1
    return limit


_CONNECTOR_END_RE = re.compile(
    r"(?:,|\b(?:of|the|and|to|for|a|an|in|by|with|that|from|on|at|or|be|would|will|was|were|had|has|is|are))$"
)


def _continues(text: str, prev: tuple[int, int], s0: int) -> bool:
    last = text[prev[1] - 1]
    if last in ".!?:;]" or text[s0] in _BULLET_CHARS or text[s0] in "[(" or text[s0].isdigit():
        return False
    if text[s0].islower():
        return prev[1] - prev[0] >= 30
    tail = text[max(prev[0], prev[1] - 12):prev[1]]
    return bool(_CONNECTOR_END_RE.search(tail)) and prev[1] - prev[0] >= 40


def blocks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Stripped spans of lines, where a hard-wrapped line (as PDF text has) is joined to the
    line before it: the previous line does not end a sentence and this one starts lowercase."""
    cur: tuple[int, int] | None = None
    for ls, le in lines(text, start, end):
        s0, e0 = strip_span(text, ls, le)
        if s0 >= e0:
            if cur:
                yield cur
            cur = None
            continue
        if cur is not None and _continues(text, cur, s0):
            cur = (cur[0], e0)
            continue
        if cur:
            yield cur
        cur = (s0, e0)
    if cur:
        yield cur


def _raw_sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for ls, le in blocks(text, start, end):
        s0, e0 = ls, le
        if s0 >= e0:
            continue
        # drop leading bullet markers ("·", "•", "-", "*") and the spaces after them
        b = s0
        while b < e0 and (text[b] in _BULLET_CHARS or text[b].isspace()):
            b += 1
        if b < e0 and b > s0 and text[b - 1].isspace():
            s0 = b
        seg_start = s0
        for m in _END_RE.finditer(text, s0, e0):
            stop = m.end()
            if not _is_sentence_end(text, m.start(), stop, e0):
                continue
            a, z = strip_span(text, seg_start, stop)
            if a < z:
                yield a, z
            seg_start = stop
        a, z = strip_span(text, seg_start, e0)
        if a < z:
            yield a, z


def _is_sentence_end(text: str, dot: int, stop: int, line_end: int) -> bool:
    # what follows: must be end of line, or whitespace then a non-lowercase char
    j = stop
    while j < line_end and text[j].isspace():
        j += 1
    if j < line_end and text[j].islower():
        return False
    if text[dot] != ".":
        return True
    m = _PREV_WORD_RE.search(text, max(0, dot - 12), dot)
    if m:
        word = m.group(1).lower().strip(".")
        if word in _ABBREV:
            return j >= line_end
        # single initial like "J. Smith"
        if len(m.group(1)) == 1 and m.group(1).isupper():
            return j >= line_end
    return True


_WS_RE = re.compile(r"\s+")


def squash(s: str) -> str:
    """Collapse all whitespace (incl. NBSP) to single spaces and strip."""
    return _WS_RE.sub(" ", s).strip()
