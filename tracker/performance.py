"""What makes pages light on the wire: fingerprinted static files cached for a year,
gzip for text responses, and (for the benchmark) a count of SQL queries per response.

Static files are served under `/assets/<version>/...`, where the version is a hash of
everything in `static/`: a browser keeps them for a year without asking again, and a
deployment that changes any file changes every address. The whole folder shares one version
so relative imports between files (app.js imports ./govuk/govuk-frontend.min.js) resolve to
the same address as the page's own script tags, and the module is loaded once.
Templates keep writing `url_for('static', filename=...)`; that call gives the new address.
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, abort, g, has_request_context, redirect, request, url_for
from sqlalchemy import event
from werkzeug.security import safe_join

from tracker.extensions import db

ASSET_MAX_AGE = 365 * 24 * 3600
# Smaller than this, gzip's header costs more than it saves.
COMPRESS_MIN_BYTES = 500
# Level 5: nearly the size of level 9 for HTML at a fraction of the time.
COMPRESS_LEVEL = 5
COMPRESSIBLE = frozenset({
    "text/html", "text/css", "text/plain", "text/csv", "text/javascript", "application/javascript",
    "application/json", "image/svg+xml",
})


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    mimetype: str
    etag: str


class Assets:
    """The static folder, read once: its version, and each file with its gzip ready."""

    def __init__(self, folder: str):
        self.folder = folder
        self._cache: dict[str, Asset] = {}
        digest = hashlib.sha256()
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
        self.version = digest.hexdigest()[:12]

    def get(self, filename: str) -> Asset | None:
        asset = self._cache.get(filename)
        if asset is None:
            path = safe_join(self.folder, filename)
            if path is None or not os.path.isfile(path):
                return None
            body = Path(path).read_bytes()
            mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
            gzipped = None
            if mimetype in COMPRESSIBLE and len(body) >= COMPRESS_MIN_BYTES:
                gzipped = gzip.compress(body, compresslevel=9, mtime=0)  # once per file: take the smallest
            asset = Asset(body, gzipped, mimetype, hashlib.sha256(body).hexdigest()[:16])
            self._cache[filename] = asset
        return asset


def _accepts_gzip() -> bool:
    return "gzip" in request.accept_encodings


def init_app(app: Flask) -> None:
    assets = Assets(app.static_folder)
    app.extensions["assets"] = assets

    @app.get("/assets/<version>/<path:filename>", endpoint="asset")
    def asset(version: str, filename: str):
        """A static file at its fingerprinted address, cached by browsers for a year."""
        found = assets.get(filename)
        if found is None:
            abort(404)
        if version != assets.version:
            # A page from before a deployment: send it to the current file, briefly cached.
            response = redirect(url_for("asset", version=assets.version, filename=filename))
            response.headers["Cache-Control"] = "no-cache"
            return response
        gzipped = found.gzipped is not None and _accepts_gzip()
        response = Response(found.gzipped if gzipped else found.body, mimetype=found.mimetype)
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
        if found.gzipped is not None:
            response.vary.add("Accept-Encoding")
        response.headers["Cache-Control"] = f"public, max-age={ASSET_MAX_AGE}, immutable"
        response.set_etag(found.etag + ("-gz" if gzipped else ""))
        return response.make_conditional(request)

    def static_url(endpoint: str, **values) -> str:
        # Templates' url_for: the static endpoint gives the fingerprinted address.
        if endpoint == "static":
            return url_for("asset", version=assets.version, **values)
        return url_for(endpoint, **values)

    app.jinja_env.globals["url_for"] = static_url

    @app.after_request
    def _compress(response: Response) -> Response:
        """gzip text responses for clients that accept it (gunicorn does not compress)."""
        if response.mimetype not in COMPRESSIBLE:
            return response
        response.vary.add("Accept-Encoding")
        if (
            response.direct_passthrough
            or response.is_streamed
            or "Content-Encoding" in response.headers
            or response.status_code in (204, 304)
            or request.method == "HEAD"
            or not _accepts_gzip()
        ):
            return response
        body = response.get_data()
        if len(body) < COMPRESS_MIN_BYTES:
            return response
        response.set_data(gzip.compress(body, compresslevel=COMPRESS_LEVEL, mtime=0))
        response.headers["Content-Encoding"] = "gzip"
        return response

    if app.config.get("TRACKER_COUNT_QUERIES", os.environ.get("TRACKER_COUNT_QUERIES") == "1"):
        _count_queries(app)


def _count_queries(app: Flask) -> None:
    """X-Query-Count on every response: the SQL statements the request ran (benchmark only)."""
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_args):
        if has_request_context():
            g.query_count = g.get("query_count", 0) + 1

    @app.after_request
    def _header(response: Response) -> Response:
        response.headers["X-Query-Count"] = str(g.get("query_count", 0))
        return response
