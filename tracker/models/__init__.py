"""The domain model. `core` holds committees, meetings, agenda items, actions, updates and
users; each later area keeps its own tables in a module beside it, re-exported here so the
rest of the app imports from `tracker.models` alone."""
from tracker.models.core import (
    DUE_SOON_DAYS,
    LIVE_STATUSES,
    OFFICER_STATUSES,
    OUTSTANDING_STATUSES,
    Action,
    ActionKind,
    ActionStatus,
    AgendaItem,
    Committee,
    ExecutiveResponse,
    HistoryIsAppendOnly,
    Meeting,
    MeetingStatus,
    Rag,
    Role,
    Update,
    User,
    municipal_year,
    municipal_year_label,
    rag_for,
)
from tracker.models.chasing import CommitteeFollow, SentDigest, UsedUpdateLink
from tracker.models.exchange import ImportedAction, PersonalToken, TokenKind, hash_token
from tracker.models.membership import CommitteeMember
from tracker.models.meta import DataVersion
from tracker.models.sessions import UserSession, hash_session_id
from tracker.models.moderngov import MinutesSuggestion, ModernGovPerson, ModernGovSync, SuggestionState

__all__ = [
    "DUE_SOON_DAYS",
    "LIVE_STATUSES",
    "OFFICER_STATUSES",
    "OUTSTANDING_STATUSES",
    "Action",
    "ActionKind",
    "ActionStatus",
    "AgendaItem",
    "Committee",
    "CommitteeFollow",
    "CommitteeMember",
    "DataVersion",
    "ExecutiveResponse",
    "HistoryIsAppendOnly",
    "Meeting",
    "MinutesSuggestion",
    "ModernGovPerson",
    "ModernGovSync",
    "MeetingStatus",
    "Rag",
    "Role",
    "SentDigest",
    "SuggestionState",
    "Update",
    "UsedUpdateLink",
    "User",
    "UserSession",
    "hash_session_id",
    "municipal_year",
    "municipal_year_label",
    "rag_for",
    "ImportedAction",
    "PersonalToken",
    "TokenKind",
    "hash_token",
]
