"""One-click update links: a signed, expiring, single-use link in a reminder email that lets
an action's owner set its status and add a note without signing in."""
from tracker.email_links.tokens import LinkRefused, check_link, make_link  # noqa: F401
