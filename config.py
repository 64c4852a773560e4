"""Settings for each environment, read from the environment where they differ per install."""
from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("TRACKER_INSTANCE_DIR", BASE_DIR / "instance"))


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the psycopg 3 driver named.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE_DIR / 'tracker.db'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Seconds SQLite waits for another writer before giving up.
    SQLITE_BUSY_TIMEOUT_MS = 15000
    # Officers leave an action log open all day; tie the CSRF token to the session instead of an hour.
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Dates in the council's own time zone decide what is overdue.
    TRACKER_TIMEZONE = os.environ.get("TRACKER_TIMEZONE", "Europe/London")
    ACTIONS_PER_PAGE = 25
    # Each server process keeps parts of pages (counts, rows) until the data changes
    # (tracker/caching.py): at most this many megabytes of them; 0 keeps nothing.
    TRACKER_PART_CACHE_MB = float(os.environ.get("TRACKER_PART_CACHE_MB", "32"))
    # The action log on screen, a page at a time (its downloads and print view hold the whole log).
    ACTION_LOG_PER_PAGE = 50
    # Pasted or uploaded minutes: the largest accepted, documented in the README.
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    COUNCIL_NAME = os.environ.get("TRACKER_COUNCIL_NAME", "Scrutiny Action Tracker")
    # The public action log at /public/committees/<slug>, without sign-in (and committees'
    # meeting calendars without sign-in): off unless TRACKER_PUBLIC_ACTION_LOG=1.
    TRACKER_PUBLIC_ACTION_LOG = os.environ.get("TRACKER_PUBLIC_ACTION_LOG", "").lower() in ("1", "true", "yes")
    # A recommendation's life (docs/recommendations.md): the Executive's time to respond
    # ("2 months" or "28 days" after the meeting), the committee's reviews in months after the
    # response, and the council's own words for each RAG colour of implementation.
    TRACKER_RESPONSE_PERIOD = os.environ.get("TRACKER_RESPONSE_PERIOD", "2 months")
    TRACKER_REVIEW_MONTHS = os.environ.get("TRACKER_REVIEW_MONTHS", "6, 12")
    TRACKER_RECOMMENDATION_RAG = os.environ.get(
        "TRACKER_RECOMMENDATION_RAG",
        "green: achieved, no further monitoring; amber: in progress, keep monitoring; "
        "red: not progressing, the committee's attention needed",
    )
    # Reminder emails (flask remind): SMTP through Flask-Mailman, and the address links point to.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "").lower() in ("1", "true", "yes")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "scrutiny@localhost")
    MAIL_TIMEOUT = 30
    TRACKER_BASE_URL = os.environ.get("TRACKER_BASE_URL", "http://127.0.0.1:5000")
    # The council's ModernGov site (docs/moderngov.md), e.g. https://democracy.example.gov.uk.
    # Self-hosted installs can take a minute to answer: the timeout is per request, in seconds,
    # with this many retries after a pause that doubles from the backoff.
    TRACKER_MODERNGOV_URL = os.environ.get("TRACKER_MODERNGOV_URL", "")
    TRACKER_MODERNGOV_TIMEOUT = float(os.environ.get("TRACKER_MODERNGOV_TIMEOUT", "60"))
    TRACKER_MODERNGOV_RETRIES = int(os.environ.get("TRACKER_MODERNGOV_RETRIES", "2"))
    TRACKER_MODERNGOV_BACKOFF = float(os.environ.get("TRACKER_MODERNGOV_BACKOFF", "2"))
    TRACKER_MODERNGOV_MAX_BYTES = int(os.environ.get("TRACKER_MODERNGOV_MAX_BYTES", str(10 * 1024 * 1024)))
    # Plain http to this machine (a local stand-in of ModernGov); never in production.
    TRACKER_MODERNGOV_ALLOW_HTTP_LOOPBACK = True
    TESTING = False
    # Failed sign-ins are counted here: one process's memory by default, Redis
    # (redis://host:6379) when several servers share the load.
    RATELIMIT_STORAGE_URI = os.environ.get("TRACKER_RATELIMIT_STORAGE_URI", "memory://")
    # Strict-Transport-Security max-age; 0 sends no header (plain-HTTP development).
    HSTS_SECONDS = 0
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto to trust (0: none),
    # so the sign-in limit counts the user's address, not the proxy's.
    TRUSTED_PROXIES = int(os.environ.get("TRACKER_TRUSTED_PROXIES", "0"))


class DevelopmentConfig(Config):
    DEBUG = False


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TRACKER_TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = True
    SERVER_NAME = None


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    TRACKER_MODERNGOV_ALLOW_HTTP_LOOPBACK = False
    HSTS_SECONDS = 365 * 24 * 3600


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestConfig,
    "production": ProductionConfig,
}
