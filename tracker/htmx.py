"""The one module that reads and writes htmx headers (htmx-flask is a single 2022 release:
keep it behind this seam)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, redirect, request, url_for


def wants_fragment() -> bool:
    """A fragment only for an explicit htmx request that is not a boosted page load;
    anything else (a bookmark, a reload, a history restore) gets the whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def redirect_after_post(location: str) -> Response:
    """303 See Other, so the browser follows a POST with a GET."""
    return redirect(location, code=303)


def client_redirect(location: str, status: int = 200) -> Response:
    """Tell htmx to load a whole new page, instead of swapping a redirect's body into a fragment."""
    response = Response("", status=status)
    response.headers["HX-Redirect"] = location
    return response


def trigger(response: Response, event: str) -> Response:
    response.headers["HX-Trigger"] = event
    return response


def is_safe_local_url(target: str | None) -> bool:
    """Only paths on this site: no scheme, no host, no protocol-relative '//' or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, default: str | None = None) -> str:
    """`target` if it is a path on this site, else `default` (the actions list if none)."""
    return target if is_safe_local_url(target) else (default or url_for("actions.index"))


def current_page() -> str | None:
    """The path (and query) of the page an htmx request came from, if it is on this site."""
    url = request.headers.get("HX-Current-URL") or ""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    if parts.netloc and parts.netloc != request.host:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if is_safe_local_url(path) else None
