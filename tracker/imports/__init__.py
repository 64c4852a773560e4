"""Importing an existing action log from a spreadsheet: upload, map the columns, preview,
confirm; and `flask --app wsgi import FILE --committee SLUG`."""
from flask import Blueprint

# cli_group=None: the command is `flask import`, not `flask imports import`.
bp = Blueprint("imports", __name__, url_prefix="/imports", cli_group=None)

from tracker.imports import cli, views  # noqa: E402,F401
