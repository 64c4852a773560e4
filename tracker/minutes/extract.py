"""Find proposed actions (resolutions and commitments) in minutes text.

Everything works sentence by sentence on the ORIGINAL string so every quote is
``text[start:end]``. Regular expressions are precompiled and avoid nested unbounded
quantifiers, so a 1 MB text is processed in well under a second.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import pick_due
from .model import MinutesItem, FoundAction
from .owners import COLLECTIVE_WORDS, PRONOUN_RE, ROLE_WORDS, Entity, find_entities, normalise_owner
from .split import _PRESENTS_RE, split_agenda_items
from .text import blocks, lines, sentences, squash, strip_span
from .words import AGREED_TO_NOT_ACTIONS, ASKING_VERBS, INFO_ASKED_FOR, INSTRUCTION_VERBS, LOOSE_TIMING, PASSIVE_PROMISE, alternation

MAX_DESCRIPTION = 500

# ------------------------------------------------------------------ section markers
_RESOLVED_RE = re.compile(
    r"^\s*(?:It\s+was\s+(?:therefore\s+|further\s+|unanimously\s+)?)?"
    r"(?:RESOLVED|Resolved|resolved|DECIDED|Decided|decided|AGREED|RESOLUTION|Resolution|Decision|DECISION)S?"
    r"(?:\s+(?:unanimously|UNANIMOUSLY|further|FURTHER))?"
    r"(?:\s*[:\-\u2013\u2014.]+\s*|\s+(?=[Tt][Hh][Aa][Tt]\b)|\s*$|(?<=RESOLVED)\s+(?=[A-Z][a-z]+\s+[A-Z][a-z]+\s+to\s))"
)
_TRAILER_RE = re.compile(
    r"^\s*(?:Supporting\s+documents|Meeting\s+closed|The\s+meeting\s+(?:closed|ended|finished|concluded)"
    r"|Meeting\s+ended|Close\s+of\s+meeting|Background\s+papers|Attachments\s*:|Appendices\s*:|Chair(?:man)?\s*$"
    r"|Signed\b|Date\s+of\s+(?:next|future)\s+meeting)",
    re.IGNORECASE,
)
# "Recommendations:" / "The Select Committee:" label lines open a block of the committee's own decisions
_RECS_BLOCK_RE = re.compile(
    r"^\s*(?:(?:Recommendations?|RECOMMENDATIONS?)(?:\s+to\s+(?:the\s+)?(?:Cabinet|Council|Executive))?\s*:?"
    r"|(?:The\s+)?(?:[A-Z][\w\-]*[ \t\u00a0]+){0,3}(?:Committee|Panel|Board|Commission|Sub-Committee|COMMITTEE|PANEL)\s*:)\s*$"
)
# A short heading line ending in a colon ("Key points raised during the discussion:",
# "Actions/further information to be provided:"): a section marker, never an action itself
_SECTION_RE = re.compile(r"^\s*[A-Z][^:\n]{2,80}:\s*$")
_SECTION_NOT_RE = re.compile(
    r"^\s*(?:That|THAT)\b|\b(?:agreed|resolved|RESOLVED|decided|recommend\w*|request\w*|undertook|would|will)\b"
)
_LABEL_RE = re.compile(r"^\s*(?:Minutes|Decision|Notes?)\s*:?\s*$", re.IGNORECASE)
_LINE_MARKER_RE = re.compile(r"\s*\(?(?:\d{1,2}|[a-hj-z]|i{1,3}|iv|vi{0,3}|ix|x)[.)]\s+")
# a sub-resolution marker inside a line: "...; (b) that ..." / "... and (ii) that ..."
_INLINE_MARKER_RE = re.compile(r"(?<=[;:.])\s+\(?(?:\d{1,2}|[a-hj-z]|i{1,3}|iv|vi{0,3}|ix|x)[.)]\s+(?=[A-Za-z])|(?<=\band)\s+\((?:\d{1,2}|[a-hj-z]|i{1,3}|iv|vi{0,3}|ix|x)\)\s+")

# ------------------------------------------------------------------ commitment triggers
_COMMIT_VERBS = (
    r"circulate|provide|share|send|forward|arrange|report\s+back|feed\s*back|follow\s+up|follow-up|write|e-?mail"
    r"|look\s+into|investigate|check|confirm|liaise|contact|supply|distribute|come\s+back|bring|attend"
    r"|clarify|ascertain|find\s+out|pass\s+on|pick\s+up|update|respond|reply|discuss|raise|take\s+away|seek"
    r"|explore|review|consider|meet|visit|organise|organize|make\s+available|include|add|set\s+up|produce"
    r"|prepare|obtain|ensure|invite|ask|give|speak|present|report|look\s+at|chase|request|notify|inform"
    r"|circulate|publish|put|help|investigate|examine|undertake|establish|supply|advise|let"
    r"|take\s+(?:the\s+)?(?:question|matter|point|issue|query)s?\s+away|chase|" + alternation(INSTRUCTION_VERBS)
)
# "offered to arrange ...", "agreed to provide ...", "undertook to ..."
_PROMISE_RE = re.compile(
    r"\b(?:offered|agreed|undertook|promised|volunteered|pledged|committed|undertaken|agree|offer|promise|undertake)"
    r"(?:\s+(?:himself|herself|themselves))?\s+to\s+"
    r"(?!(?:the|a|an|this|that|these|those|its|their|his|her|our|my|note|be|it|them|all|any|both|each|some|such|"
    r"what|which|whom|this|proposals?|recommendations?|requests?|changes?|" + alternation(AGREED_TO_NOT_ACTIONS)
    + r")\b)[a-z]"
)
# "would circulate", "will report back", "would be happy to provide"
_WOULD_RE = re.compile(
    r"\b(?:would|will|shall|[\u2019']ll|[\u2019']d)\s+(?:also\s+|personally\s+|now\s+|then\s+|further\s+|"
    r"be\s+(?:happy|pleased|willing|glad)\s+to\s+|now\s+be\s+happy\s+to\s+|make\s+sure\s+to\s+|"
    r"arrange\s+to\s+|try\s+to\s+|endeavour\s+to\s+|aim\s+to\s+|seek\s+to\s+|continue\s+to\s+)?"
    r"(?P<verb>" + _COMMIT_VERBS + r")\b"
)
# "a briefing note would be circulated", "details to be circulated to the Panel"
_PASSIVE_RE = re.compile(
    r"\b(?:would|will|shall|was\s+to|were\s+to|is\s+to|are\s+to|to|could)\s+be\s+"
    r"(?P<pp>" + alternation(PASSIVE_PROMISE) + r")\b"
)
_LOOSE_TIMING_RE = re.compile(r"\b(?:" + alternation(LOOSE_TIMING) + r")\b", re.IGNORECASE)
# "Members requested an update on ...", "Further information was requested on ...",
# "Information was sought on ...", "asked for an update on ..."
_INFO_REQUEST_RE = re.compile(
    r"\b(?:" + alternation(ASKING_VERBS) + r")\s+(?:a\s+|an\s+|further\s+|more\s+|the\s+)?(?:written\s+)?"
    r"(?P<np>(?:" + alternation(INFO_ASKED_FOR) + r")\b)"
    r"|(?P<np2>(?:[Ff]urther\s+|[Mm]ore\s+)?(?:" + alternation(INFO_ASKED_FOR) + r"))\s+(?:was|were)\s+(?:requested|sought)\b",
    re.IGNORECASE,
)
# "asked officers to circulate the plan", "asked the Director to write to ..."
_ASKED_OBJ_RE = re.compile(
    r"\basked\s+(?:[Oo]fficers|the\s+[A-Z][\w\-]*(?:\s+(?:of|for|and)?\s*[A-Z][\w\-]*){0,5})\s+to\s+(?P<verb>"
    + _COMMIT_VERBS + r")\b"
)
# "The Panel requested that the Head of Housing provide ..." in the discussion
_REQUEST_THAT_RE = re.compile(
    r"\b(?:requested|asked|recommended|resolved|RESOLVED|agreed|proposed|suggested|[Rr]equests|[Rr]ecommends|[Aa]sks)"
    r"(?:\s+to\s+(?:the\s+)?(?:Cabinet|Council|full\s+Council|Executive|Mayor|[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3}))?"
    r"\s+that\s+"
)
# "Recommends that ..." / "That the Panel recommends to Cabinet that ..." in a decision block
_RES_RECOMMEND_RE = re.compile(
    r"\b[Rr]ecommends?(?:\s+to\s+(?:the\s+)?[A-Z][\w\-]*(?:\s+(?:[A-Z][\w\-]*|of|for|and)){0,4})?\s+that\b"
)
# "1. Welcomes the ...", "That the Committee supports the ...": nothing to do
_LEADING_NOTE_RE = re.compile(
    r"^\s*(?:(?:That|that)\s+)?(?:the\s+(?:[A-Z][\w\-]*\s+){0,3})?(?:[Nn]otes?|[Ss]upports?|[Ww]elcomes?|[Ee]ndorses?"
    r"|[Tt]hanks?|[Cc]ommends?|[Cc]ongratulates?|[Aa]cknowledges?|[Rr]eceives?\s+the|[Rr]ecognises?)\b"
)
_ASKED_RE = re.compile(r"\b(?:was|were|is|are|been)\s+asked\s+to\s+(?P<verb>" + _COMMIT_VERBS + r")\b")
_ACTION_LINE_RE = re.compile(r"^\s*(?:ACTIONS?|Actions?|Action\s+point|ACTION\s+POINT)\s*(?:\d{1,3}\s*)?[:\-\u2013\u2014]\s*")
_RECIPIENT_RE = re.compile(
    r"\b(?:to|with|for)\s+(?:all\s+|the\s+|each\s+)?(?:Panel|Committee|Commission|Board|Sub-Committee|Members|members"
    r"|Councillors|councillors|ward\s+(?:councillors|members|Members|Councillors)|Chair|Chairman|Vice[- ]Chair|Cllr|Councillor"
    r"|panel|committee|Scrutiny|scrutiny|Group|group\s+members|him|her|them)\b"
)
_INFO_NOUN_RE = re.compile(
    r"\b(?:briefing|note|notes|information|details|figures|data|breakdown|copy|copies|list|map|summary|answer|answers"
    r"|response|paper|statistics|numbers|results|update|analysis|timeline|plan|letter|presentation|slides|report)\b",
    re.IGNORECASE,
)
_CONDITIONAL_RE = re.compile(r"\b(?:[Ii]f|[Uu]nless|[Ss]hould\s+(?:the|funding|this|it))\b")
_PAST_RE = re.compile(r"\b(?:had|has|have)\s+(?:previously\s+|already\s+|recently\s+|also\s+)?$")
_QUESTION_RE = re.compile(
    r"\b(?:asked|queried|enquired|inquired|questioned|wondered|wanted\s+to\s+know|sought\s+clarification\s+on)\s+"
    r"(?:\w+\s+){0,3}?(?:whether|if|why|how|when|what|who|which)\b"
)
_NEG_RE = re.compile(r"\b(?:not|never|unable|no\s+longer|cannot|can't|couldn't|wouldn't|won't)\b[^,;]{0,20}$")
_CLAUSE_BREAK_RE = re.compile(r"(?:;|,\s+and\s+|\s+and\s+(?:the|she|he|they|it)\s+|\.\s|,\s+but\s+|\bbut\s+)")
_SUBJ_PRONOUN_RE = re.compile(r"(?:\b(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e|[Oo]fficers|[Tt]he\s+officer)\s*(?:also\s+|personally\s+|then\s+)?)$")
_REPORTING_VERBS = (
    r"said|stated|advised|explained|reported|confirmed|noted|added|agreed|offered|undertook|promised|presented"
    r"|introduced|outlined|highlighted|responded|replied|informed|told|asked|questioned|queried|commented|gave"
    r"|provided|would|will|was|were|had|has|did|could|also|then|further|acknowledged|accepted|apologised|apologized"
    r"|emphasised|emphasized|stressed|indicated|suggested|welcomed|thanked|raised|expressed|felt|considered"
    r"|updated|summarised|summarized|described|clarified|assured|recognised|referred|spoke|led|shared|circulated"
    r"|voiced|sought|requested|proposed|reminded|believed|understood|advised|set|went|continued|is|are|agreed"
)
# "Cllr Grant asked ..." - a questioner is not the one who answers with a commitment
_ASKING_RE = re.compile(
    r"\s*,?\s*(?:,[^,]{1,80},\s*)?(?:asked|queried|enquired|inquired|questioned|sought|wanted|wondered|requested"
    r"|challenged|pressed)\b"
)
_BARE_NAME_SUBJECT_RE = re.compile(
    r"^\s*([A-Z][a-z'\u2019\-]+(?:[ \u00a0]+[A-Z][a-z'\u2019\-]+){1,2})(?=\s+(?:said|stated|advised|explained|confirmed"
    r"|agreed|offered|undertook|promised|reported|responded|replied|added|noted|informed|told|outlined|highlighted)\b)"
)
_NOT_FIRST_NAMES = frozenset(
    """The This That These Those Members Officers Police Council Cabinet Panel Committee Board Health Public
    Social Adult Children Housing Local National Head Director It There Our Their Its West East North South""".split()
)
_SUBJECT_FOLLOW_RE = re.compile(r"\s*,?\s*(?:,[^,]{1,80},\s*)?(?:" + _REPORTING_VERBS + r")\b")

# ------------------------------------------------------------------ resolution triggers
_RES_PP = (
    r"reported|brought|presented|submitted|provided|circulated|shared|sent|forwarded|referred|invited|asked"
    r"|requested|prepared|arranged|added|included|scheduled|made\s+available|produced|undertaken|carried\s+out"
    r"|reviewed|investigated|explored|written|given|commissioned|established|set\s+up|convened|developed|sought"
    r"|obtained|re-?considered|monitored|updated|drafted|distributed|considered\s+(?:at|by)|fed\s+back|tabled"
    r"|listed|programmed|instructed|delegated|authorised|requested|circulated|conveyed|communicated|relayed"
    r"|passed\s+(?:on|to)|escalated|followed\s+up|looked\s+into|pursued|notified|informed|contacted|consulted"
    r"|kept\s+(?:informed|updated|up\s+to\s+date|abreast|briefed)|issued|supplied|discussed|deferred|attached|checked"
)
_RES_PASSIVE_RE = re.compile(r"\b(?:be|is|are|being|were)\s+(?:then\s+|also\s+|now\s+|further\s+)?(?P<pp>" + _RES_PP + r")\b")
_RES_ELLIPTIC_RE = re.compile(
    r"\b(?P<pp>reported|brought|presented|submitted|circulated|provided)\s+(?:back\s+)?(?:to|at)\s+(?:a|the|its|their)\b"
)
_RES_MEETING_RE = re.compile(
    r"\b(?:to|at|for)\s+(?:a|the|its|their)\s+(?:future|next|subsequent|later|forthcoming)\s+(?:\w+\s+)?meeting"
)
_RES_RECEIVE_RE = re.compile(
    r"\breceives?\s+(?:a|an)\s+(?:[\w\-]+\s+){0,3}?(?:briefing|report|update|presentation|information|paper|note|session)"
)
_RES_ACTIVE_VERBS = (
    r"provide|provides|report|reports|bring|brings|write|writes|circulate|circulates|share|shares|arrange|arranges"
    r"|investigate|review|prepare|present|update|contact|liaise|seek|produce|attend|explore|examine|develop"
    r"|ensure|look|undertake|submit|consider|give|hold|send|forward|organise|organize|meet|invite|commission"
    r"|establish|draft|publish|monitor|work|engage|identify|carry|raise|lobby|request|ask|respond|continue\s+to"
)
_RES_ACTIVE_RE = re.compile(
    r"(?:\b(?:officers?|Officers?|he|she|they)|(?<![\w'\u2019\-])[A-Z][\w'\u2019\-]*)\s+(?:to\s+|be\s+asked\s+to\s+|"
    r"be\s+requested\s+to\s+|urgently\s+|also\s+|then\s+)?(?P<verb>(?:" + _RES_ACTIVE_VERBS + r")(?:s|es)?)\b"
    r"(?!\s+(?:be|is|was)\b)"
)
_RES_ASK_RE = re.compile(
    r"\b(?:be|is|are)\s+(?:asked|requested|invited|instructed|encouraged)\s+to\b|\b[Rr]equests?\s+that\b"
    r"|\b(?:requests?|asks?\s+for)\s+(?:a|an|further|more|sight\s+of|details|information|the\s+(?:figures|data|details))\b"
    r"|\b(?:asks?|requests?|invites?)\s+(?:the\s+|officers\b)(?:[\w'\u2019\-]+\s+){0,8}?to\s+[a-z]"
)
_NOTE_ONLY_RE = re.compile(
    r"\b(?:be|is|are|was|were)\s+(?:duly\s+)?(?:noted|received|endorsed|approved|agreed|accepted|welcomed|supported"
    r"|confirmed|commended|adopted|ratified)\b|\b(?:notes?|receives?|endorses?|welcomes?|thanks?|approves?|agrees?)\s+the\b"
)
_RES_CONJ_SPLIT_RE = re.compile(r"\s+and\s+(?:that\s+)?(?=[a-z]|[Tt]he\s|[Aa]n?\s|[Oo]fficers)|;\s*(?:and\s+)?")

_PP_TO_VERB = {
    "reported": "Report", "brought": "Bring", "presented": "Present", "submitted": "Submit",
    "provided": "Provide", "circulated": "Circulate", "shared": "Share", "sent": "Send",
    "forwarded": "Forward", "referred": "Refer", "invited": "Invite", "asked": "Ask",
    "requested": "Request", "prepared": "Prepare", "arranged": "Arrange", "added": "Add",
    "included": "Include", "scheduled": "Schedule", "made available": "Make available",
    "produced": "Produce", "undertaken": "Undertake", "carried out": "Carry out", "reviewed": "Review",
    "investigated": "Investigate", "explored": "Explore", "written": "Write", "given": "Give",
    "commissioned": "Commission", "established": "Establish", "set up": "Set up", "convened": "Convene",
    "developed": "Develop", "sought": "Seek", "obtained": "Obtain", "reconsidered": "Reconsider",
    "re-considered": "Reconsider", "monitored": "Monitor", "updated": "Update", "drafted": "Draft",
    "distributed": "Distribute", "fed back": "Feed back", "tabled": "Table", "listed": "List",
    "programmed": "Programme", "instructed": "Instruct", "delegated": "Delegate", "authorised": "Authorise",
    "emailed": "Email", "e-mailed": "Email", "supplied": "Supply", "reported back": "Report back",
    "passed on": "Pass on", "brought back": "Bring back", "issued": "Issue", "conveyed": "Convey",
    "communicated": "Communicate", "relayed": "Relay", "passed to": "Pass to", "escalated": "Escalate",
    "followed up": "Follow up", "looked into": "Look into", "pursued": "Pursue", "notified": "Notify",
    "informed": "Inform", "contacted": "Contact", "consulted": "Consult",
}
_ARRANGE_RE = re.compile(
    r"^(?:arrange|make\s+arrangements|ensure)\s+(?:for\s+)?(?P<obj>.{1,120}?)\s+(?:to\s+)?be\s+(?P<pp>"
    + "|".join(sorted((re.escape(k) for k in _PP_TO_VERB), key=len, reverse=True))
    + r")\b(?P<tail>.*)$"
)
_ANTECEDENT_RE = re.compile(
    r"\b(?:a|an|the)\s+(?P<np>(?:[\w\-]+\s+){0,3}?(?:briefing\s+note|note|report|paper|document|presentation|list|map"
    r"|figures|data|information|breakdown|summary|plan|letter|analysis|update|strategy|results|timeline))\b"
)
_OBJ_PRONOUN_RE = re.compile(r"\b(?:this|it|these|them|this\s+information|the\s+information)\b")


# why a clause was chosen, by the trigger that chose it (shown as a hint in review)
REASONS = {
    "action": "an action line or an instruction that someone is to do something",
    "promise": "someone offered, agreed or undertook to do something",
    "would": "someone said they would do something for the committee",
    "asked": "someone was asked to do something",
    "asked_obj": "a member asked officers or a named officer to do something",
    "passive": "something is to be sent, circulated or provided to members",
    "request": "the committee asked that something be done",
    "resolution": "a resolution or decision that asks for something to be done",
    "resolution-commitment": "a decision recording that someone would do something",
}


def _whole_words(s: str, m: re.Match) -> str:
    """The trigger's text to the end of its last word ("agreed to c" -> "agreed to circulate")."""
    end = m.end()
    while end < len(s) and (s[end].isalnum() or s[end] in "-'\u2019"):
        end += 1
    return s[m.start():end]


def _why(kind: str, trigger: str | None = None) -> str:
    words = squash(trigger or "").strip(" ,;:.")
    return REASONS[kind] + (f" (\u201c{words}\u201d)" if words else "")


@dataclass
class _Ctx:
    text: str
    meeting_date: date | None
    next_meeting: date | None
    presenter: str | None
    last_subject: str | None = None
    prev_sentence: str = ""


# ------------------------------------------------------------------ helpers
def _cap(s: str) -> str:
    s = s.strip(" \t\u00a0,;:.-\u2013")
    return s[:1].upper() + s[1:] if s else s


_TRAILING_REMARK_RE = re.compile(r",\s+(?:which|who|and\s+this|as\s+this|although|though|but)\b.*$")


def _finish(desc: str, fallback: str) -> str:
    desc = _TRAILING_REMARK_RE.sub("", squash(desc)).rstrip(" .;,:").replace(" and to ", " and ")
    if not desc:
        desc = squash(fallback).rstrip(" .;,:")
    desc = _cap(desc)
    if len(desc) > MAX_DESCRIPTION:
        desc = desc[: MAX_DESCRIPTION - 1].rstrip() + "\u2026"
    return desc or "Follow up action from the minutes"


def _is_collective(e_text: str) -> bool:
    return e_text.split()[-1] in COLLECTIVE_WORDS


def _sentence_subject(s: str) -> Entity | None:
    """The person/role the sentence is about: an entity directly followed by a reporting verb.

    A bare "Firstname Lastname" opening the sentence counts when a reporting verb follows.
    """
    for e in find_entities(s):
        if _SUBJECT_FOLLOW_RE.match(s, e.end):
            return e
    m = _BARE_NAME_SUBJECT_RE.match(s)
    if m and m.group(1).split()[0] not in _NOT_FIRST_NAMES:
        return Entity(" ".join(m.group(1).split()), "person", m.start(1), m.end(1))
    return None


_OFFICERS_START_RE = re.compile(r"^\s*(?:The\s+)?(?:[Oo]fficers|[Oo]fficer)\b")
_COLLECTIVE_SUBJ_RE = re.compile(
    r"\b(?:Members|members|[Tt]he\s+(?:Panel|Committee|Board|Commission|Sub-Committee)|[Oo]fficers|[Cc]ouncillors)\b"
)


def _owner_before(
    s: str, pos: int, ctx: _Ctx, subject: Entity | None, passive: bool = False, request: bool = False
) -> tuple[str | None, bool]:
    """Owner of a trigger at pos: nearest named person/role or pronoun before it.

    A pronoun is the subject of the previous main clause (else the item's presenter); a
    request put to officers ("Officers were asked to provide ...") goes to the presenter.

    Returns (owner, found_something) where found_something is False when nothing precedes.
    """
    cands: list[tuple[int, str | None]] = []
    for e in find_entities(s):
        if e.end <= pos:
            cands.append((e.end, e.text))
    for m in PRONOUN_RE.finditer(s, 0, pos):
        resolved = ctx.last_subject or ctx.presenter
        if subject is not None and subject.end <= m.start():
            resolved = subject.text
        elif _OFFICERS_START_RE.match(s):
            # "Officers confirmed that they would ..." - the officer presenting the item
            resolved = ctx.presenter or ctx.last_subject
        cands.append((m.end(), resolved))
    if not passive:
        for m in _COLLECTIVE_SUBJ_RE.finditer(s, 0, pos):
            cands.append((m.end(), "__collective__"))
    if not cands:
        return ctx.last_subject or ctx.presenter, False
    cands.sort(key=lambda c: c[0])
    owner = cands[-1][1]
    if owner == "__collective__":
        # "officers would ..." -> the presenter/last speaker owns it; "Members agreed to" -> None
        tail = s[: cands[-1][0]].lower()
        if tail.endswith("officers"):
            if request:
                return ctx.presenter or ctx.last_subject, True
            return ctx.last_subject or ctx.presenter, True
        return None, True
    return owner, True


def _replace_object_pronoun(desc: str, ctx: _Ctx) -> str:
    m = _ANTECEDENT_RE.search(ctx.prev_sentence)
    if not m:
        return desc
    np = "the " + squash(m.group("np"))
    return _OBJ_PRONOUN_RE.sub(np, desc, count=1)


def _describe_commitment(s: str, kind: str, m: re.Match, ctx: _Ctx) -> str:
    if kind == "action":
        rest = squash(s[m.end():])
        if "own" in m.groupdict():
            return re.sub(r"\s*[(\[][^()\[\]]{1,80}[)\]]\s*\.?\s*$", "", rest)
        om = re.match(r"^(?:the\s+)?(?P<own>[A-Z][^:]{1,80}?)\s+to\s+(?P<rest>[a-z].*)$", rest)
        if om:
            rest = om.group("rest")
        rest = re.sub(r"\s*[(\[][^()\[\]]{1,80}[)\]]\s*\.?\s*$", "", rest)
        return rest
    if kind == "passive":
        pp = squash(m.group("pp")).lower()
        head = squash(s[: m.start()]) + " "
        # subject noun phrase: after the last "that"/comma/sentence start
        cut = max(head.rfind(" that "), head.rfind(", "), head.rfind(": "))
        np = head[cut + 1 :] if cut >= 0 else head
        np = re.sub(r"^\s*(?:that|,|:)\s*", "", np.strip())
        np = re.sub(r"^(?:it\s+was\s+agreed\s+that|agreed\s+that)\s+", "", np, flags=re.IGNORECASE)
        if re.fullmatch(r"(?:this|it|these|them|they)", np.strip(), re.IGNORECASE):
            np = _replace_object_pronoun("this", ctx)
        verb = _PP_TO_VERB.get(pp, _cap(pp))
        np = np.strip()
        if cut < 0 and re.match(r"^[A-Z][a-z]*\b", np) and not find_entities(np):
            np = np[:1].lower() + np[1:]
        return f"{verb} {np} {squash(s[m.end():])}"
    # promise / would / asked: take the remainder from the verb
    rest = squash(s[m.end() - 1 :] if kind == "promise" else s[m.start("verb") :])
    # "arrange for this to be circulated to the Panel" -> "Circulate this to the Panel"
    am = _ARRANGE_RE.match(rest)
    if am:
        obj = am.group("obj")
        obj = re.sub(r"^(?:for\s+)", "", obj)
        rest = f"{_PP_TO_VERB[squash(am.group('pp')).lower()]} {obj}{am.group('tail')}"
    so = _DO_SO_RE.match(rest)
    if so:
        vm = None
        for src in (squash(s[: m.start()]), squash(ctx.prev_sentence)):
            for vm in _EARLIER_VERB_RE.finditer(src):
                pass
            if vm:
                break
        if vm:
            rest = vm.group("vp") + " " + rest[so.end():]
    if _OBJ_PRONOUN_RE.match(rest.split(" ", 1)[1] if " " in rest else ""):
        rest = rest.split(" ", 1)[0] + " " + _replace_object_pronoun(rest.split(" ", 1)[1], ctx)
    return rest


_TO_ACTION_RE = re.compile(
    r"^\s*(?:[Tt]he\s+)?(?P<own>[A-Z][\w'\u2019\-]*(?:[ \u00a0]+(?:of|for|and|&|the)?[ \u00a0]*[A-Z][\w'\u2019\-]*){0,8}"
    r"|[Oo]fficers)\s+to\s+(?=(?:" + _COMMIT_VERBS + r")\b)"
)
_TEAM_RE = re.compile(r"\b(?:Services|Team|Unit|Department|Directorate|Office)$")
_DO_SO_RE = re.compile(r"^(?:do\s+so|do\s+this|do\s+that)\b", re.IGNORECASE)
_EARLIER_VERB_RE = re.compile(r"\b(?:would|could|will|to)\s+(?P<vp>(?:" + _COMMIT_VERBS + r")\b[^;.?]{0,200}?)(?=[;.?]|$)")
_ANY_TRIGGER_RE = re.compile(
    r"\bto\b|offer|agree|undert|promis|volunteer|pledg|commit|would|will|shall|[\u2019']ll|[\u2019']d\b|asked|\bbe\b|ACTION|Action",
)


def _find_commitment(s: str) -> tuple[str, re.Match] | None:
    """(kind, match) of the first commitment trigger in sentence s, or None."""
    if _ANY_TRIGGER_RE.search(s) is None:
        return None
    am = _ACTION_LINE_RE.match(s)
    if am:
        if len(s) - am.end() >= 3:
            return "action", am
        return None
    tm = _TO_ACTION_RE.match(s)
    if tm and (tm.group("own").lower() == "officers" or find_entities(tm.group("own"))
               or _TEAM_RE.search(tm.group("own"))):
        return "action", tm
    best: tuple[str, re.Match] | None = None
    for kind, rx in (("promise", _PROMISE_RE), ("would", _WOULD_RE), ("asked", _ASKED_RE), ("asked_obj", _ASKED_OBJ_RE),
                     ("passive", _PASSIVE_RE)):
        for n, m in enumerate(rx.finditer(s)):
            if n >= 6:
                break
            if not _trigger_ok(s, kind, m):
                continue
            if best is None or m.start() < best[1].start():
                best = (kind, m)
            break
    return best


_TO_EXECUTIVE_RE = re.compile(
    r"\b(?:to|before)\s+(?:the\s+|a\s+(?:future\s+|later\s+)?(?:meeting\s+of\s+)?)?(?:Cabinet|full\s+Council|Council|Executive)"
    r"(?=\s*(?:[.,;]|$)|\s+(?:in|on|at|for|by|before|after|later|next|meeting|when|once|and|during)\b)"
)


def _trigger_ok(s: str, kind: str, m: re.Match) -> bool:
    before = s[: m.start()]
    if _PAST_RE.search(before):
        return False
    if _NEG_RE.search(before[-30:]):
        # "did not agree to", "was unable to offer to"
        return False
    # question context: "A Member asked whether officers would provide ..."
    q = None
    for q in _QUESTION_RE.finditer(before):
        pass
    if q is not None and not _CLAUSE_BREAK_RE.search(s, q.end(), m.start()):
        return False
    if kind in ("would", "passive") and _CONDITIONAL_RE.search(before[-200:]):
        # "If funding was secured, officers would ..." is conditional, not a firm commitment
        return False
    if kind == "promise":
        return True
    after = s[m.end():]
    if kind == "would" and _TO_EXECUTIVE_RE.search(after[:200]) and not _RECIPIENT_RE.search(after[:200]):
        # "Officers will consider the options and bring a report to Cabinet": a plan reported to
        # the panel, not a promise made to it
        return False
    if kind == "would":
        # the doer must be a person/role/pronoun right before "would"
        prefix = before.rstrip()
        if _SUBJ_PRONOUN_RE.search(prefix):
            return True
        ents = find_entities(prefix)
        if ents and ents[-1].end >= len(prefix) - 1 and not _is_collective(ents[-1].text):
            return True
        # "the Trust would share the data with the Committee": only with an explicit recipient
        verb = squash(m.group("verb")).lower()
        if verb in ("circulate", "share", "send", "forward", "provide", "report back", "report", "supply", "write",
                    "e-mail", "email", "distribute", "feed back", "feedback", "come back", "update"):
            return bool(_RECIPIENT_RE.search(after[:120])) and not re.search(r"\b(?:it|this|which|that)\s*$", prefix)
        return False
    if kind in ("asked", "asked_obj"):
        return True
    # passive: something would be circulated ... to the Panel / a briefing note would be circulated
    if re.search(r"\bfor\s+(?:consultation|comment|approval|publication|decision)\b", after[:60]):
        return False
    if _RECIPIENT_RE.search(after[:120]) or _LOOSE_TIMING_RE.search(after[:120]) or _MEETING_AHEAD_RE.search(after[:120]):
        return True
    head = before[-80:]
    return bool(_INFO_NOUN_RE.search(head)) and bool(re.search(r"\b(?:briefing|note|information|details|figures|data|breakdown|copy|copies|list|map|summary|answer|response|statistics)\b", head, re.IGNORECASE))


_MEETING_AHEAD_RE = re.compile(r"\b(?:next|future|following|subsequent|forthcoming)\s+(?:\w+\s+){0,2}?[Mm]eeting\b")
_OWNER_PAREN_RE = re.compile(r"[(\[](?:Action\s*:\s*|Owner\s*:\s*|Lead\s*:\s*)?(?P<own>[^()\[\]]{2,80})[)\]]\s*\.?\s*$")


def _action_owner(s: str, ctx: _Ctx | None = None) -> str | None:
    am = _ACTION_LINE_RE.match(s)
    rest = s[am.end():] if am else s
    if re.match(r"^\s*(?:[Oo]fficers|[Aa]ll)\s+to\b", rest):
        pm = _OWNER_PAREN_RE.search(rest)
        if pm:
            return normalise_owner(pm.group("own"))
        return (ctx.last_subject or ctx.presenter) if ctx else None
    om = re.match(r"^(?:the\s+)?(?P<own>[A-Z][^:]{1,80}?)\s+to\s+[a-z]", rest)
    if om:
        return normalise_owner(om.group("own"))
    pm = _OWNER_PAREN_RE.search(rest)
    if pm and (find_entities(pm.group("own")) or re.match(r"^[A-Z]", pm.group("own"))):
        return normalise_owner(pm.group("own"))
    dm = re.search(r"\s[\-\u2013\u2014]\s+(?P<own>[A-Z][\w ,'\u2019&\-]{2,80})\.?\s*$", rest)
    if dm:
        return normalise_owner(dm.group("own"))
    return None


# ------------------------------------------------------------------ resolutions
def _resolution_actionable(clause: str) -> re.Match | None:
    for rx in (_RES_ASK_RE, _RES_RECEIVE_RE, _RES_PASSIVE_RE, _RES_ELLIPTIC_RE, _RES_MEETING_RE, _RES_ACTIVE_RE):
        m = rx.search(clause)
        if m:
            if rx is _RES_ACTIVE_RE:
                # "the report be noted" must not trigger on a capitalised noun followed by "report"
                word_before = clause[: m.start("verb")].split()[-1] if clause[: m.start("verb")].split() else ""
                if word_before.lower() in ("the", "a", "an", "this", "annual", "further"):
                    continue
            return m
    return None


_BASE_VERBS = frozenset(v for v in _RES_ACTIVE_VERBS.split("|") if v.isalpha())


def _base_verb(desc: str) -> str:
    """"ensures that ..." -> "ensure that ..." (a third-person verb from a recommendation)."""
    w, sp, rest = desc.partition(" ")
    for suffix in ("s", "es"):
        if w.lower().endswith(suffix) and w[: -len(suffix)].lower() in _BASE_VERBS:
            return w[: -len(suffix)] + sp + rest
    return desc


def _describe_resolution(clause: str) -> str:
    return _base_verb(_describe_resolution_raw(clause))


def _describe_resolution_raw(clause: str) -> str:
    body = re.sub(r"^\s*(?:that|That|THAT)\s+", "", squash(clause))
    tm = re.match(r"^(?:the\s+\w+\s+)?[Rr]ecommends?\s+(?P<rest>to\s+(?:the\s+)?(?:Cabinet|Council|Executive|Mayor)\b.+)$", body)
    if tm:
        return "Recommend " + tm.group("rest")
    rq = _REQUEST_THAT_RE.search(body)
    if rq:
        body = body[rq.end() :]
    part = body
    pos = 0
    for m in _RES_CONJ_SPLIT_RE.finditer(body):
        left = body[pos : m.start()]
        if _resolution_actionable(left):
            break
        if _NOTE_ONLY_RE.search(left):
            part = body[m.end() :]
        pos = m.end()
    part = re.sub(r"^\s*(?:that|That)\s+", "", part.strip())
    # "requests a further update ..." -> "Provide a further update ..."
    m = re.match(r"^(?:the\s+\w+\s+)?(?:requests?|asks?\s+for)\s+(?P<rest>(?:a|an|further|more|details|information)\b.+)$", part)
    if m:
        return "Provide " + m.group("rest")
    # "asks the Cabinet Member for Housing to review ..." -> "Review ..."
    m = re.match(r"^(?:the\s+\w+\s+)?(?:asks?|requests?|invites?)\s+(?:the\s+|officers\b).{0,120}?\bto\s+(?P<rest>[a-z].+)$", part)
    if m:
        return m.group("rest")
    # "the Cabinet Member for X be asked to write ..." -> "Write ..."
    m = re.match(r"^(?:the\s+)?.{1,120}?\s+(?:be|is|are)\s+(?:asked|requested|invited|instructed|encouraged)\s+to\s+(?P<rest>.+)$", part)
    if m:
        return m.group("rest")
    # "the Panel receives a briefing on X" -> "Provide the Panel with a briefing on X"
    m = re.match(r"^(?:the\s+)?(?P<who>Panel|Committee|Board|Commission|Members|members|panel|committee)\s+receives?\s+(?P<rest>.+)$", part)
    if m:
        return f"Provide the {m.group('who')} with {m.group('rest')}"
    # "officers provide ..." / "the Director of X provide ..." / "the Chair write to ..."
    m = re.match(
        r"^(?:the\s+)?(?:officers?|Officers?|[A-Z][\w'\u2019\-]*(?:\s+(?:of|for|and|&|the|in)?\s*[A-Z][\w'\u2019\-]*){0,8})\s+"
        r"(?:to\s+)?(?P<rest>(?:" + _RES_ACTIVE_VERBS + r")(?:s|es)?\b.+)$",
        part,
    )
    if m:
        return m.group("rest")
    # passive: "a further report on X be brought to the Panel" -> "Bring a further report on X to the Panel"
    m = re.match(r"^(?P<np>.+?)\s+(?:(?:be|is|are|being)\s+)?(?P<pp>" + _RES_PP + r")\b(?P<rest>.*)$", part)
    if m:
        pp = squash(m.group("pp")).lower()
        verb = _PP_TO_VERB.get(pp)
        if pp.startswith("kept "):
            # "the Committee be kept informed of progress" -> "Keep the Committee informed of progress"
            return f"Keep {m.group('np').strip()} {pp[5:]}{m.group('rest')}"
        if verb:
            rest = m.group("rest")
            if pp == "brought" and rest.lstrip().startswith("back"):
                verb, rest = "Bring back", rest.lstrip()[4:]
            return f"{verb} {m.group('np').strip()} {rest.strip()}"
    return part


_NAMED_TO_RE = re.compile(r"^\s*(?:RESOLVED\s+|That\s+)?(?P<own>[A-Z][a-z'\u2019\-]+(?:\s+[A-Z][a-z'\u2019\-]+){1,2})\s+to\s+[a-z]")


def _resolution_owner(clause: str, presenter: str | None) -> str | None:
    nm = _NAMED_TO_RE.match(clause)
    if nm and nm.group("own").split()[0] not in _NOT_FIRST_NAMES:
        # "Rob Miller to ensure that ...": a named officer set a task
        return nm.group("own")
    for e in find_entities(clause):
        before = clause[: e.start].rstrip().lower()
        if re.search(r"\b(?:to|with|from|by|of|on)\s+(?:the\s+)?$", before + " "):
            continue
        if _is_collective(e.text):
            continue
        return e.text
    return presenter


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Resolution clauses in text[start:end]: split on lines, "(a)"/"1." markers and sentences."""
    out: list[tuple[int, int]] = []
    for ls, le in blocks(text, start, end):
        line = text[ls:le]
        rm = _RESOLVED_RE.match(line)
        if rm:
            ls += rm.end()
        lm = _LINE_MARKER_RE.match(text, ls, le)
        if lm:
            ls = lm.end()
        segs: list[tuple[int, int]] = []
        prev = ls
        for m in _INLINE_MARKER_RE.finditer(text, ls, le):
            segs.append((prev, m.start()))
            prev = m.end()
        segs.append((prev, le))
        for a, b in segs:
            for sa, sb in sentences(text, a, b):
                sa, sb = strip_span(text, sa, sb)
                # drop trailing "; and" / ";" / "and"
                seg = text[sa:sb]
                tm = re.search(r"(?:[;,]\s*(?:and|or)?|\s+and)\s*$", seg)
                if tm:
                    sb = sa + tm.start()
                sa, sb = strip_span(text, sa, sb)
                if sb - sa >= 3:
                    out.append((sa, sb))
    return out


# ------------------------------------------------------------------ main entry
def _item_regions(text: str, item: MinutesItem) -> list[tuple[str, int, int]]:
    """("discussion" | "resolution", start, end) runs of an item body, in order.

    A "Resolved" line, or a "Recommendations:" / "The Select Committee:" label, starts a
    resolution run, which lasts until a trailer line ("Supporting documents", "Meeting closed
    at ..."), a section marker line ("Actions to be provided:"), a presenter line ("[Head of X
    to present]"), a "The Head of X presented ..." paragraph or the end of the item. Trailer and
    section marker lines themselves belong to no run.
    """
    runs: list[tuple[str, int, int]] = []
    mode = "discussion"
    run_start: int | None = None
    run_end = item.body_start

    def close() -> None:
        if run_start is not None and run_end > run_start:
            runs.append((mode, run_start, run_end))

    for a, b in lines(text, item.body_start, item.end):
        line = text[a:b]
        if _TRAILER_RE.match(line) or is_section_marker(line):
            close()
            mode, run_start = "discussion", None
            continue
        if mode == "discussion" and _THAT_LINE_RE.match(line):
            # an unlabelled resolution ("That the annual report be submitted to Council."),
            # its "Resolved" label lost in the copy: a resolution run of its own line
            close()
            runs.append(("resolution", a, b))
            run_start, run_end = None, b
            continue
        if _RESOLVED_RE.match(line) or _RECS_BLOCK_RE.match(line):
            if not (mode == "resolution" and _RECS_BLOCK_RE.match(line) and run_start is not None):
                close()
                mode, run_start = "resolution", a
        elif mode == "resolution" and (_PRESENTER_LINE_RE.match(line) or _presents_line(line)):
            close()
            mode, run_start = "discussion", a
        elif run_start is None:
            run_start = a
        run_end = b
    close()
    return runs


_THAT_LINE_RE = re.compile(r"^\s*(?:\(?(?:\d{1,2}(?:\.\d{1,2})?|[a-hj-z]|i{1,3}|iv|vi{0,3}|ix|x)[.)]?\s+)?(?:That|THAT)\s+(?:the|a|an|officers|in|further|consideration|[A-Z])")


def is_section_marker(line: str) -> bool:
    """A short label line ending in a colon that names a section, not a person's action."""
    if not _SECTION_RE.match(line) or _SECTION_NOT_RE.search(line) or _RECS_BLOCK_RE.match(line):
        return False
    if _RESOLVED_RE.match(line) or _LABEL_RE.match(line) or len(line.split()) > 10:
        return False
    return not find_entities(line) and not PRONOUN_RE.search(line)


def _presents_line(line: str) -> bool:
    """"The Head of Rail presented the report." opening a paragraph: narrative, not a decision."""
    pm = _PRESENTS_RE.search(line, 0, 200)
    if pm is None or re.match(r"^\s*(?:\(?\w{1,4}[.)]\s+)?(?:That|that)\b", line):
        return False
    ents = find_entities(line[: pm.start()])
    return bool(ents) and ents[0].start <= 12 and not _is_collective(ents[-1].text)


def _extract_item(text: str, item: MinutesItem, meeting_date: date | None, next_meeting: date | None) -> list[FoundAction]:
    ctx = _Ctx(text, meeting_date, next_meeting, item.presenter)
    found: list[FoundAction] = []
    for mode, rs, re_ in _item_regions(text, item):
        if mode == "discussion":
            found.extend(_discussion_actions(text, rs, re_, ctx))
        else:
            found.extend(_resolution_actions(text, rs, re_, ctx))
    return found


def _discussion_actions(text: str, ds: int, de: int, ctx: _Ctx) -> list[FoundAction]:
    found: list[FoundAction] = []
    meeting_date, next_meeting = ctx.meeting_date, ctx.next_meeting
    for a, b in sentences(text, ds, de):
        s = text[a:b]
        if _PRESENTER_LINE_RE.match(s) or _LABEL_RE.match(s):
            continue
        subject = _sentence_subject(s)
        hit = _find_commitment(s)
        if hit is not None:
            kind, m = hit
            if kind == "action":
                owner = _action_owner(s, ctx)
                anchor = m.end()
            elif kind == "asked_obj":
                # the one asked owns it, not the member asking: a named officer, else the presenter
                asked = [e for e in find_entities(s[m.start():m.start("verb")]) if not _is_collective(e.text)]
                owner = asked[0].text if asked else (ctx.last_subject or ctx.presenter)
                anchor = m.start()
            else:
                owner, _ = _owner_before(s, m.start(), ctx, subject, passive=kind == "passive",
                                         request=kind == "asked")
                anchor = m.start()
            due = pick_due(s, anchor, meeting_date, next_meeting)
            desc = _finish(_describe_commitment(s, kind, m, ctx), s)
            found.append(
                FoundAction(
                    "commitment", desc, normalise_owner(owner), due.due if due else None,
                    due.text if due else None, bool(due and due.next_meeting), s, a, b,
                    _why(kind, _whole_words(s, m)),
                )
            )
        else:
            rq = _REQUEST_THAT_RE.search(s)
            iq = _INFO_REQUEST_RE.search(s) if rq is None else None
            if iq is not None and not _PAST_RE.search(s[: iq.start()]) and not _QUESTION_RE.search(s):
                due = pick_due(s, iq.start(), meeting_date, next_meeting)
                np = squash(s[iq.start("np") if iq.group("np") else iq.start("np2"):]).rstrip(" .;")
                np = re.sub(r"\s+(?:was|were)\s+(?:requested|sought)\b", "", np)
                found.append(FoundAction(
                    "resolution", _finish("Provide " + np[:1].lower() + np[1:], s), None,
                    due.due if due else None, due.text if due else None, bool(due and due.next_meeting), s, a, b,
                    _why("request", iq.group(0)),
                ))
            elif rq is not None and not _PAST_RE.search(s[: rq.start()]):
                rest = s[rq.end():]
                if _request_actionable(rest):
                    due = pick_due(s, rq.start(), meeting_date, next_meeting)
                    # information to be sent to members goes to the presenter who holds it; a
                    # report asked for names its doer or nobody (as real minutes mostly do)
                    owner = _resolution_owner(rest, ctx.presenter if _request_kind(rest) == "commitment" else None)
                    found.append(
                        FoundAction(
                            _request_kind(rest), _finish(_describe_resolution(rest), s), normalise_owner(owner),
                            due.due if due else None, due.text if due else None,
                            bool(due and due.next_meeting), s, a, b, _why("request", rq.group(0)),
                        )
                    )
        if subject is not None and not _is_collective(subject.text) and not _ASKING_RE.match(s, subject.end):
            ctx.last_subject = subject.text
        ctx.prev_sentence = s
    return found


_INFO_FLOW_RE = re.compile(
    r"\bbe\s+(?:circulated|shared|sent|forwarded|e-?mailed|distributed|supplied|made\s+available)\b"
)


def _request_kind(rest: str) -> str:
    """A request in discussion that information be circulated/shared to Members is a commitment
    (someone sends it); one that a report be brought to a meeting is a resolution."""
    if _INFO_FLOW_RE.search(rest) and not re.search(r"\bmeeting\b", rest):
        return "commitment"
    return "resolution"


def _request_actionable(rest: str) -> bool:
    """The clause after "requested that" asks for something to be done (not "agreed that there had been")."""
    if re.match(r"^\s*(?:there|it|this|these|those)\b", rest, re.IGNORECASE):
        return False
    if re.search(r"\b(?:would|will)\s+(?:be\s+)?(?:" + _COMMIT_VERBS + r"|" + _RES_PP + r")\b", rest):
        # "It was agreed that the Chair would canvass members ...", "... would be deferred to ..."
        return True
    for rx in (_RES_ASK_RE, _RES_RECEIVE_RE, _RES_PASSIVE_RE, _RES_ACTIVE_RE):
        m = rx.search(rest)
        if m is None:
            continue
        if rx is _RES_ACTIVE_RE:
            before = rest[: m.start("verb")].split()
            if before and before[-1].lower() in ("the", "a", "an", "this", "annual", "further"):
                continue
        return True
    return False


def _resolution_actions(text: str, rs: int, re_: int, ctx: _Ctx) -> list[FoundAction]:
    found: list[FoundAction] = []
    meeting_date, next_meeting = ctx.meeting_date, ctx.next_meeting
    for a, b in _clauses(text, rs, re_):
        clause = text[a:b]
        am = _ACTION_LINE_RE.match(clause)
        if am:
            due = pick_due(clause, am.end(), meeting_date, next_meeting)
            found.append(FoundAction(
                "commitment", _finish(_describe_commitment(clause, "action", am, ctx), clause),
                _action_owner(clause), due.due if due else None, due.text if due else None,
                bool(due and due.next_meeting), clause, a, b, _why("action", am.group(0))))
            continue
        desc: str | None = None
        why = ""
        if _LEADING_NOTE_RE.match(clause) and not re.search(r"\b(?:[Rr]ecommends?|[Rr]equests?|[Aa]sks?)\b", clause):
            continue
        rec = _RES_RECOMMEND_RE.search(clause)
        if rec is not None:
            rest = clause[rec.end():]
            if _LEADING_NOTE_RE.match(rest) or _NOTE_ONLY_RE.search(rest) and _resolution_actionable(rest) is None:
                continue
            why = _why("resolution", rec.group(0))
        elif (trigger := _resolution_actionable(clause)) is None:
            # "2. Officers would provide a breakdown of costs." written as a decision
            hit = _find_commitment(clause)
            if hit is None or hit[0] == "action":
                continue
            desc = _describe_commitment(clause, hit[0], hit[1], ctx)
            why = _why("resolution-commitment", hit[1].group(0))
        else:
            why = _why("resolution", trigger.group(0))
        due = pick_due(clause, 0, meeting_date, next_meeting)
        found.append(
            FoundAction(
                "resolution", _finish(desc or _describe_resolution(clause), clause),
                normalise_owner(_resolution_owner(clause, ctx.presenter)), due.due if due else None,
                due.text if due else None, bool(due and due.next_meeting), clause, a, b, why,
            )
        )
    return found


_PRESENTER_LINE_RE = re.compile(r"^\s*\[[^\]]*\]\s*$")


def extract(text: str, meeting_date: date | None = None, next_meeting: date | None = None) -> list[MinutesItem]:
    """Agenda items of ``text`` with the actions proposed in each.

    ``meeting_date`` anchors relative dues ("within two weeks", "by September"); when it is
    None, today's date is used. ``next_meeting`` is the due for "next/future meeting" actions.
    """
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    items = split_agenda_items(text)
    preamble: list[Entity] | None = None
    for item in items:
        item.actions = _extract_item(text, item, meeting_date, next_meeting)
        for act in item.actions:
            if act.owner and _is_short_role(act.owner):
                if preamble is None:
                    preamble = find_entities(text[: items[0].start], 1) if items[0].start > 0 else []
                act.owner = _expand_short_role(act.owner, text, item, act.start, preamble)
    return items


_CHAIR_WORDS = frozenset("Chair Chairman Chairperson Chairwoman Vice-Chair Vice-Chairman".split())


def _is_short_role(owner: str) -> bool:
    """"Director", "Assistant Director", "Commissioner": role words only, no "of X" part."""
    words = owner.split()
    # "the Chair" is the meeting's chair, not the "Chair of the Trust" mentioned earlier
    return len(words) <= 2 and all(w in ROLE_WORDS for w in words) and not _CHAIR_WORDS & set(words)


def _contains_words(full: str, short: str) -> bool:
    return f" {short} " in f" {full} " and full != short


def _expand_short_role(owner: str, text: str, item: MinutesItem, pos: int, preamble: list[Entity]) -> str:
    """The nearest earlier full role in the item that contains the short form ("the Director"
    -> "Director of Finance"), else the presenter, else the one such role in the attendance text
    before the first item."""
    best: str | None = None
    for e in find_entities(text[item.start:pos], 1):
        if _contains_words(e.text, owner):
            best = e.text
    if best is None and item.presenter and _contains_words(item.presenter, owner):
        best = item.presenter
    if best is None:
        # attendance lists name several officers: only an unambiguous match counts there
        cands = {e.text for e in preamble if _contains_words(e.text, owner)}
        if len(cands) == 1:
            best = cands.pop()
    return best or owner
