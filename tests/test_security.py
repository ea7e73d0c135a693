"""Secure by default: settings, headers, the admin login throttle, escaping of hostile text,
the health check, request logs, and the search time limit seen from outside."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse

from resolutions.middleware import JsonFormatter
from resolutions.models import Resolution

ROOT = Path(__file__).resolve().parent.parent

# A resolution whose title, sponsors, paragraphs and footnote carry markup, script and
# spreadsheet formulas. Markdown escapes (\<) keep the parser from dropping the tags as markup,
# so they reach the database exactly as an attacker would want them.
HOSTILE_TEXT = r"""E/CN.15/2099/L.99

## Economic and Social Council

Distr.: Limited
4 May 2099

### Commission on Crime Prevention and Criminal Justice

#### Ninety-ninth session

Item 5 of the provisional agenda

##### **Japan, Xss \<script>alert("sponsor")\</script> Land and =cmd|' /C calc'!A0: draft resolution**

#### **=HYPERLINK("http://evil.example","x") Hostile title \<script>alert("title")\</script> \<img src=x onerror=alert(1)> & "quotes"**

*The General Assembly,*

*Recalling* its resolution 68/187 and the text \<script>alert("pp1")\</script> with \<b>bold\</b> & an \<img src=x onerror=alert(3)> image,

*Noting* =HYPERLINK("http://evil.example","click") as a formula,

1. *Urges* Member States to \<script>document.title="pwned"\</script> stop;¹

2. *Requests* the Secretary-General to report on =cmd|' /C calc'!A0 and @SUM(1+1) cells;

3. *Decides* to remain seized of the matter \<iframe src="javascript:alert(4)">\</iframe>.

---

¹ Footnote \<script>alert("fn")\</script> and \<img src=x onerror=alert(5)>.
"""  # noqa: E501
HOSTILE_TITLE = (
    '=HYPERLINK("http://evil.example","x") Hostile title <script>alert("title")</script> '
    '<img src=x onerror=alert(1)> & "quotes"'
)
# None of these may reach a page as markup.
LIVE_MARKUP = ("<script>alert", "<script>document", "<img src=x", "<iframe src=", "<b>bold</b>")


def assert_inert(html: str) -> None:
    for markup in LIVE_MARKUP:
        assert markup not in html, f"{markup!r} reached the page unescaped"


@pytest.fixture
def hostile(db, tmp_path) -> Resolution:
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE_TEXT, encoding="utf-8")
    call_command("load_resolutions", str(source), verbosity=0)
    resolution = Resolution.objects.get(source_name="hostile.txt")
    # The test is only worth something if the hostile text really is stored as such.
    assert resolution.title == HOSTILE_TITLE
    assert any("<script>" in s.name for s in resolution.sponsors.all())
    assert "<script>" in resolution.paragraphs.get(anchor="op1").text
    assert "<script>" in resolution.footnotes.get().text
    return resolution


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


# Settings ------------------------------------------------------------------------------------


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run Python with the real (not the test) settings and only the given environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean |= {"DJANGO_SETTINGS_MODULE": "archive.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_debug_is_off_and_a_secret_is_required_by_default():
    result = run_django("import django; django.setup()")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr

    shown = run_django(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)",
        DJANGO_SECRET_KEY="x" * 60,
    )
    assert shown.stdout.split() == ["False", "True", "True", "True"], shown.stderr


def test_debug_needs_exactly_the_switch():
    shown = run_django(
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        DJANGO_DEBUG="1",
    )
    assert shown.stdout.strip() == "True", shown.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("k" * 60 + "\n")
    shown = run_django(
        "import django; django.setup(); from django.conf import settings; "
        "print(len(settings.SECRET_KEY))",
        DJANGO_SECRET_KEY_FILE=str(key_file),
    )
    assert shown.stdout.strip() == "60", shown.stderr


def test_check_deploy_is_clean_in_the_documented_production_environment():
    result = subprocess.run(
        [str(ROOT / "scripts" / "check_deploy.sh")], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_https():
    """The check is real: turning HTTPS off in production is reported."""
    result = run_django(
        "import django, sys; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        DJANGO_SECRET_KEY="a-long-random-looking-secret-" + "z9y8x7w6v5" * 4,
        DJANGO_SECURE_SSL="0",
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr or "SECURE_SSL_REDIRECT" in result.stderr


@pytest.mark.parametrize("url", ["/", "/resolutions/", "/search/?q=terrorism", "/api/resolutions/"])
def test_security_headers(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_pages_contain_no_inline_script(client, seeded):
    slug = next(iter(seeded.values())).slug
    for url in ("/", "/resolutions/", f"/resolutions/{slug}/", "/search/?q=terrorism"):
        html = client.get(url).content.decode()
        assert "<script" not in html.lower()
        assert " onload=" not in html and " onclick=" not in html


# Admin login throttle ------------------------------------------------------------------------

LOGIN = "/admin/login/"


@pytest.fixture
def curator(db):
    return get_user_model().objects.create_superuser("curator", "c@example.org", "right-horse")


def attempt(client, username: str, password: str, ip: str = "203.0.113.5"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False
    )


@override_settings(LOGIN_THROTTLE_FAILURES_PER_USER=3, LOGIN_THROTTLE_WINDOW=600)
def test_admin_login_is_throttled_after_repeated_failures(client, curator):
    for _ in range(3):
        assert attempt(client, "curator", "wrong").status_code == 200
    blocked = attempt(client, "curator", "wrong")
    assert blocked.status_code == 429
    assert 590 <= int(blocked["Retry-After"]) <= 600
    assert "Too many attempts" in blocked.content.decode()
    # Even the right password is refused while the pause lasts: guessing gains nothing.
    assert attempt(client, "curator", "right-horse").status_code == 429
    # Someone else, elsewhere, is not affected.
    assert attempt(client, "curator", "right-horse", ip="198.51.100.7").status_code == 302


@override_settings(LOGIN_THROTTLE_FAILURES_PER_USER=3, LOGIN_THROTTLE_FAILURES_PER_IP=5)
def test_trying_many_usernames_from_one_address_is_throttled(client, curator):
    for n in range(5):
        assert attempt(client, f"user{n}", "wrong").status_code == 200
    assert attempt(client, "curator", "right-horse").status_code == 429


@override_settings(LOGIN_THROTTLE_FAILURES_PER_USER=3)
def test_successful_login_clears_the_count(client, curator):
    for _ in range(2):
        attempt(client, "curator", "wrong")
    assert attempt(client, "curator", "right-horse").status_code == 302
    client.logout()
    for _ in range(2):
        assert attempt(client, "curator", "wrong").status_code == 200
    assert attempt(client, "curator", "right-horse").status_code == 302


@override_settings(LOGIN_THROTTLE_FAILURES_PER_USER=2, LOGIN_THROTTLE_WINDOW=1)
def test_the_pause_ends_after_the_window(client, curator, monkeypatch):
    import time

    for _ in range(2):
        attempt(client, "curator", "wrong")
    assert attempt(client, "curator", "wrong").status_code == 429
    real = time.time
    cache.clear()  # the cache would expire the counters after the window; do it now
    monkeypatch.setattr(time, "time", lambda: real() + 2)
    assert attempt(client, "curator", "right-horse").status_code == 302


@override_settings(LOGIN_THROTTLE_FAILURES_PER_USER=2, BEHIND_PROXY=True)
def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, curator):
    def via_proxy(forwarded: str):
        return client.post(
            LOGIN,
            {"username": "curator", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    # A forged first hop does not give the attacker a fresh address.
    via_proxy("1.1.1.1, 203.0.113.9")
    via_proxy("2.2.2.2, 203.0.113.9")
    assert via_proxy("3.3.3.3, 203.0.113.9").status_code == 429
    assert via_proxy("203.0.113.10").status_code == 200


def test_other_admin_pages_and_gets_are_not_counted(client, curator):
    for _ in range(30):
        assert client.get(LOGIN).status_code == 200
    assert attempt(client, "curator", "right-horse").status_code == 302


# Hostile text is escaped everywhere -----------------------------------------------------------


def test_resolution_page_shows_hostile_text_as_text(client, hostile):
    html = client.get(hostile.get_absolute_url()).content.decode()
    assert_inert(html)
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in html
    assert "&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&quot;fn&quot;)" in html  # the footnote
    assert "&lt;script&gt;alert(&quot;sponsor&quot;)" in html


def test_lists_home_and_sponsor_pages_escape_hostile_text(client, hostile):
    sponsor = next(s for s in hostile.sponsors.all() if "<script>" in s.name)
    for url in ("/", "/resolutions/", sponsor.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_inert(html)
    assert "&lt;script&gt;alert(&quot;sponsor&quot;)" in html


# Words both engines index (PostgreSQL's parser drops whatever is inside tag-like markup).
@pytest.mark.parametrize("q", ["alert", "bold", "onerror", "image"])
def test_search_snippets_escape_hostile_text(client, hostile, q):
    response = client.get("/search/", {"q": q})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 paragraph" in html or "paragraphs" in html
    assert_inert(html)
    assert "&lt;" in html  # the markup is there, as text


def test_grouped_search_escapes_hostile_titles(client, hostile):
    html = client.get("/search/", {"q": "alert", "group": "resolution"}).content.decode()
    assert_inert(html)
    assert "&lt;script&gt;alert(&quot;title&quot;)" in html


def test_json_keeps_text_as_data_and_snippets_escaped(client, hostile):
    detail = client.get(f"/api/resolutions/{hostile.slug}/")
    assert detail["Content-Type"] == "application/json"
    assert detail["X-Content-Type-Options"] == "nosniff"
    data = detail.json()
    assert data["title"] == HOSTILE_TITLE  # exactly as written: escaping is the reader's job

    found = client.get("/api/search/", {"q": "alert"}).json()
    assert found["count"] >= 1
    for result in found["results"]:
        assert "<script>" not in result["snippet"] and "&lt;" in result["snippet"]
        assert result["resolution"]["title"] == HOSTILE_TITLE


def test_csv_export_neutralises_formula_cells(client, hostile):
    response = client.get("/api/search/", {"q": "cells OR alert", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, body = rows[0], rows[1:]
    assert body, "the hostile paragraphs should be exported"
    title = header.index("title")
    for row in body:
        assert row[title] == "'" + HOSTILE_TITLE  # starts with "=", so it is quoted
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    texts = [row[header.index("text")] for row in body]
    assert any("<script>alert" in text for text in texts)  # CSV is data: kept verbatim


def admin_registered() -> bool:
    return admin.site.is_registered(Resolution)


def test_admin_changelist_and_change_form_escape_hostile_text(admin_client, hostile):
    if not admin_registered():
        pytest.skip("Resolution is not registered in the admin yet (curation work)")
    changelist = admin_client.get(reverse("admin:resolutions_resolution_changelist"))
    assert changelist.status_code == 200
    assert_inert(changelist.content.decode())
    assert "&lt;script&gt;alert(&quot;title&quot;)" in changelist.content.decode()

    change = admin_client.get(
        reverse("admin:resolutions_resolution_change", args=[hostile.pk])
    ).content.decode()
    assert_inert(change.replace("&lt;", "").split("<textarea", 1)[0])
    # In the form the title is a field value: escaped inside the textarea or input.
    assert "&lt;script&gt;alert(&quot;title&quot;)" in change
    assert '<script>alert("title")' not in change


# Health check, request logs, search time limit ------------------------------------------------


def test_healthz_reports_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_a_dead_database(client, db, monkeypatch):
    from django.db import connections

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connections["default"], "cursor", broken)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_healthz_is_exempt_from_the_https_redirect(client, db):
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert client.get("/healthz").status_code == 200
        assert client.get("/").status_code == 301


def test_each_request_logs_one_json_line_without_query_string(client, seeded, caplog):
    with caplog.at_level(logging.INFO, logger="archive.requests"):
        response = client.get("/search/", {"q": "secret personal words"})
    [record] = [r for r in caplog.records if r.name == "archive.requests"]
    line = json.loads(JsonFormatter().format(record))
    assert line["method"] == "GET"
    assert line["path"] == "/search/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["request_id"] == response["X-Request-ID"]
    assert "personal" not in json.dumps(line)


def test_request_id_from_a_proxy_is_kept_and_junk_is_replaced(client, db):
    kept = client.get("/healthz", headers={"X-Request-ID": "abc123-from-proxy"})
    assert kept["X-Request-ID"] == "abc123-from-proxy"
    replaced = client.get("/healthz", headers={"X-Request-ID": "<script>\n"})
    assert replaced["X-Request-ID"] != "<script>\n" and len(replaced["X-Request-ID"]) == 32


def test_errors_are_logged_as_json_with_the_request_id(caplog):
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: /x", (),
            sys.exc_info(), extra={"request_id": "r-123456"},
        )  # fmt: skip
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "ERROR" and line["request_id"] == "r-123456"
    assert "ValueError: boom" in line["exception"]


@pytest.fixture
def slow_queries(db):
    """Make every SELECT the next requests run slow (about 50-100 ms), without relying on the
    size of the test data: a pure-SQL busy statement runs before each one, on the same
    connection, so the time limit (which is the connection's) interrupts it."""
    from django.db import connection

    if connection.vendor == "sqlite":
        busy = (
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) "
            "SELECT count(*) FROM c"
        )
    else:
        busy = "SELECT count(*) FROM pg_sleep(0.05)"

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            # Through the same executor, so an interruption is Django's OperationalError.
            execute(busy, None, False, context)
        return execute(sql, params, many, context)

    connection.execute_wrappers.append(wrapper)
    yield
    connection.execute_wrappers.remove(wrapper)


SLOW_QUERY = "terrorism OR assistance"


def test_a_search_over_the_time_limit_gets_a_friendly_page(client, seeded, slow_queries):
    """The search service's guard rail (RESOLUTIONS_SEARCH_TIME_LIMIT), seen from outside."""
    unlimited = client.get("/search/", {"q": SLOW_QUERY}).content.decode()
    assert "too broad" not in unlimited and "could not be completed" not in unlimited
    with override_settings(RESOLUTIONS_SEARCH_TIME_LIMIT=0.005):
        response = client.get("/search/", {"q": SLOW_QUERY})
    assert response.status_code == 200
    assert "This search was too broad to finish in time" in response.content.decode()
    # The connection is fine afterwards: the next page is served normally.
    assert client.get("/resolutions/").status_code == 200
