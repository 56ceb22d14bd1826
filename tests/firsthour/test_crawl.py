"""Every same-site link a demo account can follow from its home page answers 200: no 403, 404 or 500.

What a newcomer does first (README: ``./scripts/serve``, sign in with a printed demo account, click
around). The links come from the pages themselves, so a new page or a renamed route is walked the
day it is linked; a few addresses per route shape (``/projects/N/edit``) keep the walk short.
"""

import html
import re
from collections import Counter, deque
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import User
from tests.conftest import login

HREF = re.compile(r'href="([^"#]*)')
GET_FORM = re.compile(r"(?is)<form\b(?![^>]*method=\"post\")[^>]*>")
ACTION = re.compile(r'action="([^"]*)"')
PER_SHAPE = 2  # addresses walked per route shape, the ids replaced by N
NOT_WALKED = ("/logout", "/static/")  # signing out ends the walk; static files are checked once each


@pytest.fixture
def demo_app(app, runner, monkeypatch):
    monkeypatch.setattr("app.cli.data.upgrade", lambda: None)  # the test database is made by create_all
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return app


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def local(base: str, href: str) -> str | None:
    """The same-site path and query ``href`` points to from ``base``, or None."""
    parts = urlsplit(urljoin("http://localhost" + base, html.unescape(href)))
    if parts.netloc != "localhost" or parts.scheme not in ("http", "https"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def walk(client) -> tuple[set[str], list[tuple[int, str, str]]]:
    """Follow links and GET forms breadth first from ``/``; return what was walked and what failed."""
    queue, seen, failed, shapes = deque([("/", "")]), set(), [], Counter()
    while queue:
        path, came_from = queue.popleft()
        if path in seen or path.startswith("/logout"):
            continue
        seen.add(path)
        if path.startswith("/static/"):
            response = client.get(path)
            response.close()  # a file sent from disk
            if response.status_code != 200:
                failed.append((response.status_code, path, came_from))
            continue
        if shapes[shape(path)] >= PER_SHAPE:
            continue
        shapes[shape(path)] += 1
        response = client.get(path)
        response.close()
        if response.status_code in (301, 302, 303):
            target = local(path, response.headers["Location"])
            if target is None or target.startswith("/login"):
                failed.append((response.status_code, path, came_from))
            else:
                queue.append((target, path))
            continue
        if response.status_code != 200:
            failed.append((response.status_code, path, came_from))
            continue
        if response.mimetype != "text/html":
            continue
        page = response.get_data(as_text=True)
        hrefs = HREF.findall(page)
        for form in GET_FORM.findall(page):
            action = ACTION.search(form)
            hrefs.append(action.group(1).split("?")[0] if action else path.split("?")[0])
        for href in hrefs:
            if href.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = local(path, href)
            if target is not None and target not in seen and not target.startswith(NOT_WALKED[0]):
                queue.append((target, path))
    return seen, failed


@pytest.mark.parametrize("name", ["officer", "reviewer", "auditor", "admin"])
def test_every_link_from_a_demo_accounts_home_answers(demo_app, name):
    user = db.session.scalar(select(User).where(User.name == name))
    client = login(demo_app.test_client(), user)
    walked, failed = walk(client)
    assert failed == [], f"{name}: {failed}"
    assert len(walked) > (10 if name == "admin" else 50)  # the walk went somewhere
