"""Entry point: `gunicorn wsgi:app` and `flask --app wsgi ...` both find the app here."""
from tracker import create_app

app = create_app()
