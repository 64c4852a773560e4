"""Word lists the clause stage recognises, kept as data so they can be read and extended
without touching a regular expression. Each list names the family of real minutes phrasing
it was added for (docs/capture.md)."""
from __future__ import annotations

# "The Committee agreed to defer this item": what a committee agrees to do at the meeting itself
AGREED_TO_NOT_ACTIONS = ("defer", "continue", "discuss", "accept", "approve", "adopt", "receive", "support", "endorse")
# "... would be circulated following the meeting", "an update will be provided in due course":
# past participles of a passive promise, accepted when a recipient, a due or a loose timing follows
PASSIVE_PROMISE = (
    "circulated", "provided", "shared", "sent", "forwarded", "distributed", "emailed", "e-mailed",
    "made available", "supplied", "reported back", "passed on", "given", "presented", "submitted",
    "brought back", "brought", "reported", "fed back", "arranged", "issued", "briefed", "communicated",
    "undertaken", "raised", "reflected",
)
# loose timings that make a passive or a request firm ("following the meeting")
LOOSE_TIMING = (
    "following the meeting", "after the meeting", "following today's meeting", "in due course",
    "when ready", "when available", "as necessary", "as required", "as appropriate", "as soon as possible",
    "shortly", "prior to the meeting", "before the meeting",
)
# what members ask for when they "request an update" / "Further information was requested"
INFO_ASKED_FOR = (
    "update", "updates", "information", "further information", "written response", "response", "briefing",
    "breakdown", "details", "feedback", "report", "note", "briefing note", "figures", "data",
)
# verbs of asking in narrative ("Members requested ...", "Information was sought on ...")
ASKING_VERBS = ("requested", "sought", "asked for", "requested that")
# instruction verbs of an "X to <verb>" action line beyond the commitment verbs
INSTRUCTION_VERBS = ("submit", "research", "canvass", "canvas", "convene", "draft", "monitor", "agree")


def alternation(words: tuple[str, ...]) -> str:
    """A regular-expression alternation of the words, longest first, spaces as \\s+."""
    return "|".join(w.replace(" ", r"\s+").replace("'", "['\u2019]") for w in sorted(words, key=len, reverse=True))


# Loose due wordings real minutes use, and what each maps to (docs/capture.md). "days" is a
# due that many days after the meeting; "next_meeting" the committee's next meeting; None keeps
# the wording as the due text with no date, for the officer to settle in the review.
LOOSE_DUES = {
    "following the meeting": ("days", 14), "after the meeting": ("days", 14),
    "following today's meeting": ("days", 14), "following this meeting": ("days", 14),
    "as soon as possible": ("days", 14), "as soon as practicable": ("days", 14), "shortly": ("days", 14),
    "prior to the meeting": ("next_meeting", None), "before the meeting": ("next_meeting", None),
    "in due course": (None, None), "when ready": (None, None), "when available": (None, None),
    "as necessary": (None, None), "as required": (None, None), "as appropriate": (None, None),
    "a future date": (None, None), "in the future": (None, None), "in future": (None, None),
    "within a reasonable period of time": (None, None), "when appropriate": (None, None),
}
# seasons, as the last month each ends in ("a report in the autumn" is due by 30 November)
SEASON_END_MONTH = {"spring": 5, "summer": 8, "autumn": 11, "winter": 2}
