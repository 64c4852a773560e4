"""Due-date phrases: "a future meeting", "3 February 2017", "by September", "within two weeks"..."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .words import LOOSE_DUES, SEASON_END_MONTH, alternation

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
# Month names are matched case-sensitively (capitalised) so "may"/"march" as verbs are ignored.
_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_NUMWORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "twenty": 20,
    "twenty-one": 21, "twenty-eight": 28, "thirty": 30,
}

_NEXT_MEETING_RE = re.compile(
    r"\b(?:(?:a|the|its|their|his|her|our|this)\s+)?(?:next|future|subsequent|forthcoming|later)\s+"
    r"(?:(?:formal|scheduled|Panel|panel|Committee|committee|Board|board|scrutiny|Scrutiny|"
    r"Commission|commission)\s+)?meetings?\b"
)
_DMY_RE = re.compile(
    r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>" + _MON + r"),?(?:\s+(?P<y>(?:19|20)\d\d))?\b"
)
_MDY_RE = re.compile(r"\b(?P<m>" + _MON + r")\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b")
_NUMERIC_RE = re.compile(r"(?<![\d/.])(?P<d>[0-3]?\d)[/.](?P<m>[01]?\d)[/.](?P<y>(?:19|20)?\d\d)(?![\d/])")
_RANGE_RE = re.compile(
    r"\b(?P<m1>" + _MON + r")\s*(?:-|\u2013|\u2014|to|until|and)\s*(?P<m2>" + _MON + r")\s+(?P<y>(?:19|20)\d\d)\b"
)
_MONTH_YEAR_RE = re.compile(r"\b(?P<m>" + _MON + r")\s+(?P<y>(?:19|20)\d\d)\b")
_BARE_MONTH_RE = re.compile(
    r"\b(?:by|in|before|during|until|till|for|at)\s+(?:the\s+end\s+of\s+|end\s+of\s+|early\s+|mid[- ]|late\s+)?"
    r"(?P<m>" + _MON + r")(?!\s*(?:-|\u2013|\u2014)?\s*\d)\b"
)
_MONTH_MEETING_RE = re.compile(
    r"\b(?:the|its|their|our)\s+(?P<m>" + _MON + r")(?:\s+(?P<y>(?:19|20)\d\d))?\s+(?:meeting|Panel|Committee|Board|Commission)\b"
)
_WITHIN_RE = re.compile(
    r"\bwithin\s+(?:the\s+next\s+|the\s+)?(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|fourteen|twenty|twenty-one|twenty-eight|thirty)\s+(?:working\s+|calendar\s+)?"
    r"(?P<u>days?|weeks?|months?|fortnights?)\b"
    r"|\bwithin\s+(?:a|one|the\s+next)\s+(?P<u2>fortnight|week|month)\b"
    r"|\bin\s+(?P<n3>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?P<u3>days|weeks|months|weeks?[\u2019']|months?[\u2019']|days?[\u2019']|month|week)\s*(?:[\u2019']?s?\s+)?time\b"
)
_WEEKDAY_RE = re.compile(r"\b(?:by|on|before|until|this|next)\s+(?P<d>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_END_YEAR_RE = re.compile(r"\b(?:by\s+|before\s+|at\s+)?the\s+end\s+of\s+(?:the\s+|this\s+)?(?:calendar\s+)?year\b")
_END_FIN_YEAR_RE = re.compile(r"\b(?:by\s+|before\s+|at\s+)?the\s+end\s+of\s+(?:the\s+|this\s+)?financial\s+year\b")
_END_MONTH_RE = re.compile(r"\b(?:by\s+|before\s+|at\s+)?the\s+end\s+of\s+(?:the|this)\s+month\b")


_LOOSE_RE = re.compile(r"\b(?:" + alternation(tuple(LOOSE_DUES)) + r")\b", re.IGNORECASE)
_SEASON_RE = re.compile(
    r"\b(?P<p>(?:in|by|during|over|until|before)\s+)?(?:the\s+)?(?:early\s+|late\s+|mid[- ])?(?P<s>" + "|".join(SEASON_END_MONTH)
    + r")(?:\s+(?P<y>(?:19|20)\d\d))?\b",
    re.IGNORECASE,
)


def _loose_key(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


@dataclass
class Due:
    due: date | None
    text: str
    next_meeting: bool
    start: int
    end: int


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _year(y: str) -> int:
    n = int(y)
    return n + 2000 if n < 100 else n


def _days_in_month(y: int, m: int) -> int:
    if m == 12:
        return 31
    return (date(y, m + 1, 1) - date(y, m, 1)).days


def _end_of_month(y: int, m: int) -> date:
    return date(y, m, _days_in_month(y, m))


def _next_month_end(m: int, ref: date) -> date:
    """Last day of month m, the first such month ending on or after ref."""
    d = _end_of_month(ref.year, m)
    return d if d >= ref else _end_of_month(ref.year + 1, m)


def _add_months(ref: date, n: int) -> date:
    y, m = divmod(ref.month - 1 + n, 12)
    y += ref.year
    return date(y, m + 1, min(ref.day, _days_in_month(y, m + 1)))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_dues(s: str, meeting_date: date | None, next_meeting: date | None) -> list[Due]:
    """All due phrases in s (positions relative to s), non-overlapping, in text order."""
    ref = meeting_date or date.today()
    found: list[Due] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(m: re.Match, due: date | None, nm: bool = False, keep: bool = False) -> None:
        a, b = m.span()
        if not free(a, b):
            return
        text = " ".join(m.group(0).split())
        for lead in ("by ", "before ", "at ", "in ", "during ", "until ", "till ", "for "):
            if text.lower().startswith(lead) and not nm and not keep:
                text = text[len(lead):]
                break
        taken.append((a, b))
        found.append(Due(due, text, nm, a, b))

    for m in _NEXT_MEETING_RE.finditer(s):
        add(m, next_meeting, True)
    for m in _RANGE_RE.finditer(s):
        add(m, _end_of_month(int(m.group("y")), _month(m.group("m2"))))
    for m in _MONTH_MEETING_RE.finditer(s):
        mo = _month(m.group("m"))
        add(m, _end_of_month(int(m.group("y")), mo) if m.group("y") else _next_month_end(mo, ref))
    for m in _MDY_RE.finditer(s):
        add(m, _safe_date(int(m.group("y")), _month(m.group("m")), int(m.group("d"))))
    for m in _DMY_RE.finditer(s):
        d, mo = int(m.group("d")), _month(m.group("m"))
        if m.group("y"):
            add(m, _safe_date(int(m.group("y")), mo, d))
        else:
            cand = _safe_date(ref.year, mo, d)
            if cand is not None and cand < ref:
                cand = _safe_date(ref.year + 1, mo, d)
            add(m, cand)
    for m in _NUMERIC_RE.finditer(s):
        mo, d = int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12:
            dt = _safe_date(_year(m.group("y")), mo, d)
            if dt is not None:
                add(m, dt)
    for m in _MONTH_YEAR_RE.finditer(s):
        add(m, _end_of_month(int(m.group("y")), _month(m.group("m"))))
    for m in _WITHIN_RE.finditer(s):
        if m.group("u2"):
            n, unit = 1, m.group("u2")
        elif m.group("u3"):
            raw = m.group("n3").lower()
            n = int(raw) if raw.isdigit() else _NUMWORDS[raw]
            unit = m.group("u3").lower()
        else:
            raw = m.group("n").lower()
            n = int(raw) if raw.isdigit() else _NUMWORDS[raw]
            unit = m.group("u").lower()
        if unit.startswith("day"):
            dt = ref + timedelta(days=n)
        elif unit.startswith("week"):
            dt = ref + timedelta(weeks=n)
        elif unit.startswith("fortnight"):
            dt = ref + timedelta(days=14 * n)
        else:
            dt = _add_months(ref, n)
        add(m, dt)
    for m in _WEEKDAY_RE.finditer(s):
        wd = _WEEKDAYS.index(m.group("d").lower())
        add(m, ref + timedelta(days=(wd - ref.weekday() - 1) % 7 + 1))
    for m in _END_FIN_YEAR_RE.finditer(s):
        add(m, _next_month_end(3, ref))
    for m in _END_YEAR_RE.finditer(s):
        add(m, date(ref.year, 12, 31))
    for m in _END_MONTH_RE.finditer(s):
        add(m, _end_of_month(ref.year, ref.month))
    for m in _BARE_MONTH_RE.finditer(s):
        if m.group(0).lower().startswith("for ") or m.group(0).lower().startswith("at "):
            # "figures for October" is a period, not a deadline; "at the end of March" is
            if "end of" not in m.group(0):
                continue
        add(m, _next_month_end(_month(m.group("m")), ref))
    for m in _SEASON_RE.finditer(s):
        mo = SEASON_END_MONTH[m.group("s").lower()]
        if not m.group("p") and not m.group("y"):
            continue  # "the winter escalation plan" names a plan, not a deadline
        if m.group("y"):
            add(m, _end_of_month(int(m.group("y")) + (1 if mo == 2 else 0), mo))
        else:
            add(m, _next_month_end(mo, ref))
    for m in _LOOSE_RE.finditer(s):
        rule, n = LOOSE_DUES[_loose_key(m.group(0))]
        if rule == "days":
            add(m, ref + timedelta(days=n), keep=True)
        elif rule == "next_meeting":
            add(m, next_meeting, True)
        else:
            add(m, None, keep=True)
    found.sort(key=lambda d: d.start)
    return found


def pick_due(s: str, anchor: int, meeting_date: date | None, next_meeting: date | None) -> Due | None:
    """The due phrase for an action whose trigger starts at ``anchor`` within s.

    Prefer the first phrase at/after the trigger; otherwise the last one before it.
    """
    dues = find_dues(s, meeting_date, next_meeting)
    if not dues:
        return None
    after = [d for d in dues if d.start >= anchor]
    if after:
        return after[0]
    return dues[-1]
