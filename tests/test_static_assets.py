"""Static files at fingerprinted addresses cached for a year, gzip for text, and the query
count header the benchmark reads."""
from __future__ import annotations

import gzip
import re

import pytest

from tracker import create_app
from tracker.extensions import db
from tracker.performance import Assets

ASSET = re.compile(r'(?:href|src)="(/assets/([0-9a-f]{12})/[^"]+\.(?:css|js))"')


def page_assets(browser) -> list[tuple[str, str]]:
    return ASSET.findall(browser.get("/actions").get_data(as_text=True))


def test_every_stylesheet_and_script_has_a_fingerprinted_address(browser, make, app):
    browser.login(make.user("member"))
    body = browser.get("/actions").get_data(as_text=True)
    found = page_assets(browser)
    assert {url.rsplit("/", 1)[-1] for url, _ in found} >= {
        "govuk-frontend.min.css", "app.css", "htmx.min.js", "govuk-frontend.min.js", "app.js"}
    assert {version for _, version in found} == {app.extensions["assets"].version}
    assert "/static/" not in body


def test_assets_are_cached_for_a_year_and_revalidate_cheaply(browser, make):
    browser.login(make.user("member"))
    for url, _ in page_assets(browser):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        again = browser.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304


def test_app_js_imports_govuk_frontend_from_the_same_address_the_page_loads(browser, make):
    """A relative import resolved from app.js's address must be the script tag's address, or
    the browser would load and start GOV.UK Frontend twice."""
    browser.login(make.user("member"))
    urls = [url for url, _ in page_assets(browser)]
    app_js = next(url for url in urls if url.endswith("/app.js"))
    source = browser.get(app_js).get_data(as_text=True)
    relative = re.search(r'from "\./(govuk/govuk-frontend\.min\.js)"', source).group(1)
    assert app_js.rsplit("/", 1)[0] + "/" + relative in urls


def test_an_address_from_before_a_deployment_leads_to_the_current_file(client_app_version):
    client, version = client_app_version
    response = client.get("/assets/0123456789ab/app.css")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assets/{version}/app.css")
    assert response.headers["Cache-Control"] == "no-cache"


def test_unknown_files_and_paths_outside_static_are_404(client_app_version):
    client, version = client_app_version
    assert client.get(f"/assets/{version}/nothing.css").status_code == 404
    assert client.get(f"/assets/{version}/../config.py").status_code == 404
    assert client.get(f"/assets/{version}/%2e%2e/config.py").status_code == 404


def test_the_version_follows_the_files(tmp_path):
    (tmp_path / "app.css").write_text("body { color: black }")
    before = Assets(str(tmp_path)).version
    assert Assets(str(tmp_path)).version == before
    (tmp_path / "app.css").write_text("body { color: #0b0c0c }")
    assert Assets(str(tmp_path)).version != before


def test_pages_are_gzipped_for_browsers_that_ask(browser, make):
    browser.login(make.user("member"))
    plain = browser.get("/actions")
    packed = browser.get("/actions", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    unpacked = gzip.decompress(packed.get_data()).decode()
    # The same page (each response has its own CSP nonce).
    def without_nonce(page: str) -> str:
        return re.sub(r'nonce(?:="|-)[^"\' ;]*', "nonce", page)

    assert without_nonce(unpacked) == without_nonce(plain.get_data(as_text=True))
    assert int(packed.headers["Content-Length"]) < len(unpacked) / 3


def test_static_files_are_sent_gzipped_as_prepared(browser, make):
    browser.login(make.user("member"))
    css = next(url for url, _ in page_assets(browser) if url.endswith("govuk-frontend.min.css"))
    packed = browser.get(css, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.get_data()) == browser.get(css).get_data()


def test_tiny_responses_are_not_compressed(browser):
    response = browser.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert response.get_data() == b"ok" and "Content-Encoding" not in response.headers


def test_no_query_count_header_unless_asked_for(browser):
    assert "X-Query-Count" not in browser.get("/healthz").headers


def test_the_query_count_header_for_the_benchmark(app):
    counting = create_app("testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                          TRACKER_COUNT_QUERIES=True)
    try:
        response = counting.test_client().get("/healthz")
    finally:
        with counting.app_context():
            db.engine.dispose()  # its own pool: close it now, not whenever it is collected
    assert response.status_code == 200
    assert int(response.headers["X-Query-Count"]) >= 1


@pytest.fixture
def client_app_version(app, ctx):
    return app.test_client(), app.extensions["assets"].version
