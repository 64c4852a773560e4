"""People and roles named in minutes: detection, normalisation and matching to users."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Words that make a capitalised noun phrase a role ("Head of Housing", "Chief Inspector").
ROLE_WORDS = frozenset(
    """Head Director Manager Officer Chief Lead Leader Chair Chairman Chairperson Chairwoman Vice-Chair
    Vice-Chairman Inspector Superintendent Commissioner Executive Adviser Advisor Coordinator
    Co-ordinator Trainee Analyst Engineer Clerk Secretary Consultant Specialist Practitioner Nurse
    Surgeon Doctor Mayor Holder Solicitor Auditor Controller Sergeant Constable Librarian Planner
    Accountant Treasurer Registrar Architect Surveyor Warden Commander Representative Assistant
    Deputy Principal Strategist Scientist Economist Ombudsman Headteacher Lawyer Administrator
    Supervisor Matron Therapist Psychologist Pharmacist Commissioner Monitoring Editor Organiser
    Organizer Investigator Designer Steward Ranger Curator Archivist Convener Convenor""".split()
)
# "Member" only makes a role with a qualifier: "Cabinet Member", "Lead Member", "Executive Member".
_MEMBER_QUALIFIERS = frozenset({"Cabinet", "Lead", "Executive", "Portfolio", "Ward", "Independent", "Co-opted"})
COLLECTIVE_WORDS = frozenset(
    """Panel Committee Council Cabinet Board Commission Members Member Group Partnership Forum
    Councillors Officers Authority Sub-Committee Subcommittee Assembly Meeting""".split()
)
PERSON_TITLES = (
    r"(?:Cllr\.?|Councillor|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Mx\.?|Professor|Prof\.?|Inspector|Chief\s+Inspector"
    r"|Superintendent|Chief\s+Superintendent|Sergeant|Sgt\.?|PC|DC|DS|DI|Rev\.?|Reverend|Sir|Dame|Lord|Lady)"
)
_CAPW = r"[A-Z][\w'\u2019\-]*"
_CONN = r"(?:of|for|and|&|the|in|at)"
# A capitalised noun phrase: "Head of Community Safety", "Director of Children's Services".
_GAP = r"(?:[ \t\u00a0]{1,3}|[ \t\u00a0]{0,3}\r?\n[ \t\u00a0]{0,3})"  # spaces, or one line break (hard-wrapped PDF text)
NP_RE = re.compile(r"(?<![\w'\u2019\-])" + _CAPW + r"(?:" + _GAP + r"(?:" + _CONN + _GAP + r"){0,2}" + _CAPW + r"){0,9}")
_TITLE_NAME_RE = re.compile(r"^" + PERSON_TITLES + r"(?:\s+" + _CAPW + r"){1,3}$")
_NAME_RE = re.compile(r"^[A-Z][a-z'\u2019\-]+(?:\s+[A-Z][\w'\u2019\-]+){1,2}$")
_LEADING_THE_RE = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING_CONN_RE = re.compile(r"(?:\s+(?:of|for|and|&|the|in|at))+$")
PRONOUN_RE = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey)\b")
_NON_ENTITY_START = frozenset(
    """The A An In On At With As For From To By Following During After Before When Where While
    However Although Also It This That These Those There Their His Her Its Our We He She They I
    Members Member Resolved RESOLVED Action Actions Minutes Item Agenda Report If Once Since Regarding
    Responding Referring Both All Some Any Each Further Finally Overall""".split()
)


@dataclass
class Entity:
    text: str  # normalised owner string ("Head of Housing", "Cllr Jane Doe")
    kind: str  # "role" | "person"
    start: int
    end: int


def _strip_np(np: str) -> str:
    np = np.strip()
    # drop leading sentence words that are not part of the name ("In", "However")
    words = np.split()
    while words and words[0] in _NON_ENTITY_START and len(words) > 1:
        words = words[1:]
    np = " ".join(words)
    return _TRAILING_CONN_RE.sub("", np)


def classify_np(np: str) -> str | None:
    """'role', 'person' or None for a capitalised noun phrase (whitespace-normalised)."""
    words = np.split()
    if not words:
        return None
    if _TITLE_NAME_RE.match(np):
        return "person"
    if words[-1] in COLLECTIVE_WORDS and not (
        words[-1] == "Member" and len(words) > 1 and words[-2] in _MEMBER_QUALIFIERS
    ):
        # "the Cabinet Member for Housing" ends with Housing, fine; "Scrutiny Panel" is collective
        return None
    for i, w in enumerate(words):
        if w in ROLE_WORDS:
            return "role"
        if w == "Member" and i > 0 and words[i - 1] in _MEMBER_QUALIFIERS:
            return "role"
    return None


_ENTITY_CACHE: dict[str, list[Entity]] = {}


def find_entities(s: str, offset: int = 0) -> list[Entity]:
    """People and roles named in s (a sentence). Positions are offset + index in s.

    "Karen Smith, Head of Housing" yields the role; "Cllr Jane Doe" yields the person.
    """
    if offset == 0:
        hit = _ENTITY_CACHE.get(s)
        if hit is None:
            if len(_ENTITY_CACHE) > 4096:
                _ENTITY_CACHE.clear()
            hit = _ENTITY_CACHE[s] = _find_entities(s, 0)
        return list(hit)
    return _find_entities(s, offset)


def _find_entities(s: str, offset: int) -> list[Entity]:
    out: list[Entity] = []
    for m in NP_RE.finditer(s):
        raw = " ".join(m.group(0).split())
        np = _strip_np(raw)
        if not np:
            continue
        kind = classify_np(np)
        a = m.start() + m.group(0).find(np.split()[0])
        if kind is None:
            continue
        if kind == "role":
            # "Inspector Mark Davies" style title + name also counts as a person
            np = normalise_owner(np) or np
        out.append(Entity(np, kind, offset + a, offset + m.end()))
    # "Name, Role" apposition: keep the role, mark the name span as covered by it
    merged: list[Entity] = []
    for e in out:
        if merged and e.kind == "role" and merged[-1].kind == "person":
            gap = s[merged[-1].end - offset : e.start - offset]
            if gap.strip() == ",":
                merged[-1] = Entity(e.text, "role", merged[-1].start, e.end)
                continue
        merged.append(e)
    return _add_bare_names(s, offset, merged)


_NAME_ROLE_RE = re.compile(r"(?<![\w'\u2019\-])([A-Z][a-z'\u2019\-]+(?:[ \u00a0]+[A-Z][\w'\u2019\-]+){1,2}),\s*(?:the\s+)?(?=[A-Z])")


def _add_bare_names(s: str, offset: int, ents: list[Entity]) -> list[Entity]:
    """Attach "Karen Smith, Head of Housing" name spans to the role entity that follows them."""
    result = list(ents)
    for m in _NAME_ROLE_RE.finditer(s):
        a, b = offset + m.start(1), offset + m.end()
        for i, e in enumerate(result):
            if e.kind == "role" and e.start == b:
                result[i] = Entity(e.text, "role", a, e.end)
                break
    return result


def normalise_owner(owner: str | None) -> str | None:
    """'the Cabinet Member for Housing' -> 'Cabinet Member for Housing'; 'Councillor X' -> 'Cllr X'."""
    if owner is None:
        return None
    s = " ".join(owner.replace("\u00a0", " ").split()).strip(" ,.;:-\u2013()[]")
    s = _LEADING_THE_RE.sub("", s)
    s = re.sub(r"^Councillor\s+", "Cllr ", s)
    s = re.sub(r"^Cllr\.\s*", "Cllr ", s)
    return s or None


def role_of(text: str) -> str | None:
    """Best owner string from 'Karen Smith, Head of Housing, to present report' style text."""
    parts = [p.strip() for p in re.split(r"[,;]|\bto present\b|\bto report\b", text) if p.strip()]
    parts = [re.sub(r"\s+to\s+(?:present|introduce|report).*$", "", p) for p in parts]
    for p in parts:
        np = _strip_np(" ".join(p.split()))
        if classify_np(np) == "role":
            return normalise_owner(np)
    for p in parts:
        np = " ".join(p.split())
        if _TITLE_NAME_RE.match(np) or _NAME_RE.match(np):
            return normalise_owner(np)
    return None


# ---------------------------------------------------------------- matching to users
_HONORIFIC_RE = re.compile(
    r"^(?:cllr|councillor|dr|mr|mrs|ms|miss|mx|prof|professor|the|sir|dame)\b\s*", re.IGNORECASE
)
_PUNCT_RE = re.compile(r"[^\w\s]")


def _norm(s: str | None) -> str:
    if not s:
        return ""
    s = s.replace("\u2019", "'").replace("'", "")
    s = _PUNCT_RE.sub(" ", s.lower())
    s = " ".join(s.split())
    prev = None
    while prev != s:
        prev = s
        s = _HONORIFIC_RE.sub("", s).strip()
    return s


def match_owner(owner: str | None, people: Iterable[tuple[int, str, str | None]]) -> int | None:
    """Id of the one user whose name or job title matches owner text, else None.

    Exact matches (case, "the", punctuation and honorifics ignored) win over a full name
    contained in the owner text ("Karen Smith, Head of Housing"). Ambiguity gives None.
    """
    o = _norm(owner)
    if not o:
        return None
    parts = {_norm(p) for p in re.split(r"[,;()]", owner or "") if _norm(p)}
    exact: set[int] = set()
    contained: set[int] = set()
    padded = f" {o} "
    for uid, name, title in people:
        n, t = _norm(name), _norm(title)
        if (n and (n == o or n in parts)) or (t and (t == o or t in parts)):
            exact.add(uid)
        elif n and len(n.split()) >= 2 and f" {n} " in padded:
            contained.add(uid)
    if len(exact) == 1:
        return next(iter(exact))
    if exact:
        return None
    if len(contained) == 1:
        return next(iter(contained))
    return None
