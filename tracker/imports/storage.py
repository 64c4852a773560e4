"""Uploaded files kept on the server between the preview and the confirmation.

The browser only ever holds a random id: what is imported is the file the server checked,
not anything the client sends back."""
from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

# An upload not confirmed within a day is deleted at the next upload.
KEEP_SECONDS = 24 * 3600
_ID = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


@dataclass
class Upload:
    id: str
    committee_id: int
    user_id: int
    filename: str
    extension: str
    data: bytes


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def save(data: bytes, filename: str, extension: str, committee_id: int, user_id: int) -> str:
    sweep()
    upload_id = secrets.token_urlsafe(24)
    folder = _folder()
    (folder / f"{upload_id}.data").write_bytes(data)
    meta = {"committee_id": committee_id, "user_id": user_id, "filename": filename[:200],
            "extension": extension, "sha256": hashlib.sha256(data).hexdigest(), "created": time.time()}
    (folder / f"{upload_id}.json").write_text(json.dumps(meta))
    return upload_id


def load(upload_id: str, user_id: int) -> Upload | None:
    """The upload if it exists, is unchanged, and belongs to this user; None otherwise."""
    if not _ID.match(upload_id or ""):
        return None
    folder = _folder()
    try:
        meta = json.loads((folder / f"{upload_id}.json").read_text())
        data = (folder / f"{upload_id}.data").read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user_id or hashlib.sha256(data).hexdigest() != meta.get("sha256"):
        return None
    return Upload(upload_id, meta["committee_id"], meta["user_id"], meta["filename"], meta["extension"], data)


def discard(upload_id: str) -> None:
    if _ID.match(upload_id or ""):
        for suffix in (".data", ".json"):
            (_folder() / f"{upload_id}{suffix}").unlink(missing_ok=True)


def sweep(now: float | None = None) -> None:
    now = now or time.time()
    for path in _folder().glob("*.json"):
        try:
            if now - json.loads(path.read_text()).get("created", 0) > KEEP_SECONDS:
                discard(path.stem)
        except (OSError, ValueError):
            discard(path.stem)
