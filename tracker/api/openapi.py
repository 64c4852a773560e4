"""The OpenAPI 3 description of the API, served at /api/v1/openapi.json and checked by a
schemathesis test against the running app."""
from __future__ import annotations

from tracker.actions.queries import PAGE_MAX, Q_MAX
from tracker.models import ActionKind, ActionStatus, MeetingStatus

NULLABLE_STRING = {"type": "string", "nullable": True}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _page_of(ref: str) -> dict:
    return {
        "type": "object",
        "required": ["items", "page", "per_page", "total", "pages", "next", "prev"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": ref}},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
            "total": {"type": "integer", "minimum": 0},
            "pages": {"type": "integer", "minimum": 0},
            "next": {"type": "string", "format": "uri", "nullable": True},
            "prev": {"type": "string", "format": "uri", "nullable": True},
        },
    }


def _ok(description: str, ref: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


PAGE = {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": PAGE_MAX, "default": 1}}
PER_PAGE = {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}}
COMMON_ERRORS = {"401": _error("No token, or a revoked or unknown one"), "400": _error("A query parameter is not usable")}


def document(server_url: str) -> dict:
    statuses = [s.value for s in ActionStatus]
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Scrutiny Action Tracker API",
            "version": "1.0.0",
            "description": "Read-only access to committees, meetings and actions. Authenticate with a personal "
            "API token made on your profile page: `Authorization: Bearer <token>`. Exempt actions are "
            "included only for scrutiny officers' tokens.",
        },
        "servers": [{"url": server_url}],
        "security": [{"bearerAuth": []}],
        "paths": {
            "/actions": {
                "get": {
                    "operationId": "listActions",
                    "summary": "Actions, filtered like the /actions page (default: not closed or withdrawn)",
                    "parameters": [
                        {"name": "committee", "in": "query", "description": "A committee's slug",
                         "schema": {"type": "string", "maxLength": 80}},
                        {"name": "owner", "in": "query", "description": "`me`, a user id, or a name (the owner filter's \"name, job title\", or part of a name)",
                         "schema": {"type": "string", "maxLength": 12}},
                        {"name": "status", "in": "query", "style": "form", "explode": True,
                         "schema": {"type": "array", "items": {"type": "string", "enum": statuses}}},
                        {"name": "overdue", "in": "query", "schema": {"type": "string", "enum": ["0", "1"]}},
                        {"name": "due_before", "in": "query", "schema": {"type": "string", "format": "date"}},
                        {"name": "q", "in": "query", "description": "Reference, description or owner",
                         "schema": {"type": "string", "maxLength": Q_MAX}},
                        PAGE,
                        PER_PAGE,
                    ],
                    "responses": {"200": _ok("A page of actions", "#/components/schemas/ActionPage"), **COMMON_ERRORS},
                }
            },
            "/actions/{action_id}": {
                "get": {
                    "operationId": "getAction",
                    "summary": "One action with its history, newest first",
                    "parameters": [{"name": "action_id", "in": "path", "required": True,
                                    "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}],
                    "responses": {
                        "200": _ok("The action", "#/components/schemas/ActionWithUpdates"),
                        "401": COMMON_ERRORS["401"],
                        "404": _error("No such action (or it is exempt and the token is not a scrutiny officer's)"),
                    },
                }
            },
            "/committees": {
                "get": {
                    "operationId": "listCommittees",
                    "summary": "Committees, by name",
                    "parameters": [PAGE, PER_PAGE],
                    "responses": {"200": _ok("A page of committees", "#/components/schemas/CommitteePage"), **COMMON_ERRORS},
                }
            },
            "/meetings": {
                "get": {
                    "operationId": "listMeetings",
                    "summary": "Meetings, newest first",
                    "parameters": [
                        {"name": "committee", "in": "query", "description": "A committee's slug",
                         "schema": {"type": "string", "maxLength": 80}},
                        PAGE,
                        PER_PAGE,
                    ],
                    "responses": {
                        "200": _ok("A page of meetings", "#/components/schemas/MeetingPage"),
                        **COMMON_ERRORS,
                        "404": _error("No such committee"),
                    },
                }
            },
            "/meetings/{meeting_id}": {
                "get": {
                    "operationId": "getMeeting",
                    "summary": "One meeting",
                    "parameters": [{"name": "meeting_id", "in": "path", "required": True,
                                    "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}],
                    "responses": {
                        "200": _ok("The meeting", "#/components/schemas/Meeting"),
                        "401": COMMON_ERRORS["401"],
                        "404": _error("No such meeting"),
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error", "message", "status"],
                    "properties": {
                        "error": {"type": "string"},
                        "message": {"type": "string"},
                        "status": {"type": "integer"},
                        "errors": {"type": "object", "additionalProperties": {"type": "string"}},
                    },
                },
                "CommitteeRef": {
                    "type": "object", "required": ["slug", "name"],
                    "properties": {"slug": {"type": "string"}, "name": {"type": "string"}},
                },
                "Action": {
                    "type": "object",
                    "required": ["id", "reference", "url", "committee", "meeting", "minute", "kind", "description",
                                 "owner", "owner_role", "owner_label", "due_date", "due_next_meeting", "due_label",
                                 "status", "status_label", "rag", "overdue", "exempt", "created_at", "updated_at"],
                    "properties": {
                        "id": {"type": "integer"},
                        "reference": {"type": "string", "example": "SCSP 26/27-03"},
                        "url": {"type": "string", "format": "uri"},
                        "committee": {"$ref": "#/components/schemas/CommitteeRef"},
                        "meeting": {
                            "type": "object", "required": ["id", "date"],
                            "properties": {"id": {"type": "integer"}, "date": {"type": "string", "format": "date"}},
                        },
                        "minute": NULLABLE_STRING,
                        "kind": {"type": "string", "enum": [k.value for k in ActionKind]},
                        "description": {"type": "string"},
                        "owner": {
                            "type": "object", "nullable": True, "required": ["id", "name", "job_title"],
                            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "job_title": NULLABLE_STRING},
                        },
                        "owner_role": NULLABLE_STRING,
                        "owner_label": {"type": "string"},
                        "due_date": {"type": "string", "format": "date", "nullable": True},
                        "due_next_meeting": {"type": "boolean"},
                        "due_label": {"type": "string"},
                        "status": {"type": "string", "enum": statuses},
                        "status_label": {"type": "string"},
                        "rag": {
                            "type": "object", "required": ["colour", "label"],
                            "properties": {"colour": {"type": "string", "enum": ["red", "yellow", "green", "grey", "blue"]},
                                           "label": {"type": "string"}},
                        },
                        "overdue": {"type": "boolean"},
                        "exempt": {"type": "boolean"},
                        "created_at": {"type": "string", "format": "date-time"},
                        "updated_at": {"type": "string", "format": "date-time"},
                    },
                },
                "Update": {
                    "type": "object",
                    "required": ["id", "created_at", "author", "old_status", "new_status", "note", "via"],
                    "properties": {
                        "id": {"type": "integer"},
                        "created_at": {"type": "string", "format": "date-time"},
                        "author": NULLABLE_STRING,
                        "old_status": {"type": "string", "enum": statuses, "nullable": True},
                        "new_status": {"type": "string", "enum": statuses, "nullable": True},
                        "note": {"type": "string"},
                        "via": NULLABLE_STRING,
                    },
                },
                "ActionWithUpdates": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Action"},
                        {"type": "object", "required": ["updates"],
                         "properties": {"updates": {"type": "array", "items": {"$ref": "#/components/schemas/Update"}}}},
                    ]
                },
                "Committee": {
                    "type": "object", "required": ["slug", "name", "code", "description", "url"],
                    "properties": {"slug": {"type": "string"}, "name": {"type": "string"}, "code": {"type": "string"},
                                   "description": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
                },
                "Meeting": {
                    "type": "object",
                    "required": ["id", "committee", "starts_at", "status", "venue", "minutes_url", "url"],
                    "properties": {
                        "id": {"type": "integer"},
                        "committee": {"$ref": "#/components/schemas/CommitteeRef"},
                        "starts_at": {"type": "string", "description": "Local wall-clock time, YYYY-MM-DDTHH:MM"},
                        "status": {"type": "string", "enum": [s.value for s in MeetingStatus]},
                        "venue": {"type": "string"},
                        "minutes_url": NULLABLE_STRING,
                        "url": {"type": "string", "format": "uri"},
                    },
                },
                "ActionPage": _page_of("#/components/schemas/Action"),
                "CommitteePage": _page_of("#/components/schemas/Committee"),
                "MeetingPage": _page_of("#/components/schemas/Meeting"),
            },
        },
    }
