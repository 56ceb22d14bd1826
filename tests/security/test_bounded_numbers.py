"""Numbers in URLs that no id, page or year can be: a 404 or a 400 that says why, never a 500.

An id past PostgreSQL's ``integer`` reached the database and failed there (SQLite: OverflowError,
PostgreSQL: NumericValueOutOfRange); a year like 99999 failed in ``datetime``. The bounds are
``app/views/security.py``'s: ``<int:…>`` in the path and ``request.args.get(..., type=int)``.
"""

import pytest

from app.views.security import MAX_INT
from tests.conftest import login, make_app
from tests.factories import make_project, make_unit, make_user

HUGE = (MAX_INT + 1, 2**63 + 5)


def _int_routes():
    app = make_app()
    return sorted(
        {(rule.rule, method) for rule in app.url_map.iter_rules() if "int:" in str(rule) or any(
            arg.endswith("_id") or arg == "year" for arg in rule.arguments
        ) for method in ("GET", "POST") if method in rule.methods and rule.endpoint != "static"
         and any(type(rule._converters[a]).__name__ == "IntegerConverter" for a in rule.arguments)}
    )


INT_ROUTES = [(rule, method) for rule, method in _int_routes() if not rule.startswith("/api/v1/")]  # the API: below


@pytest.fixture
def officer(app):
    unit = make_unit()
    make_project(unit)
    return login(app.test_client(), make_user("officer_a", ["officer"], [unit]))


def test_routes_with_numbers_are_found():
    assert len(INT_ROUTES) > 50  # projects, units, centres, regions, applications, tokens …


@pytest.mark.parametrize("huge", HUGE)
def test_an_id_past_any_table_is_no_page(app, officer, huge):
    failed = []
    for rule, method in INT_ROUTES:
        url = rule
        for part in rule.split("<")[1:]:
            url = url.replace("<" + part.split(">")[0] + ">", str(huge) if part.startswith("int:") else "x")
        response = officer.get(url) if method == "GET" else officer.post(url, data={})
        if response.status_code != 404:
            failed.append((method, url, response.status_code))
    assert failed == []


@pytest.mark.parametrize("path", [
    "/projects/?unit={}", "/projects/?page={}", "/projects/list.xlsx?year=2024&unit={}", "/selfeval/?year=2024&unit={}",
    "/progress/?year=2024&unit={}", "/audit/?page={}", "/exports/targets.docx?year=2024&unit={}",
    "/monitoring/unit.docx?year=2024&month=6&unit={}",
])
def test_a_number_past_any_id_or_page_is_a_clear_400(app, path):
    unit = make_unit()
    make_project(unit)
    client = login(app.test_client(), make_user("auditor", ["auditor"]))
    response = client.get(path.format(10**30))
    assert response.status_code == 400, (path, response.status_code)
    assert "超出范围" in response.get_data(as_text=True)


@pytest.mark.parametrize("year", ["99999", "-5", "0", "1989", "2201"])
@pytest.mark.parametrize("path", ["/progress/department?year={}", "/projects/?year={}", "/selfeval/?year={}",
                                  "/progress/?year={}", "/exports/targets.xlsx?year={}"])
def test_a_year_no_table_can_have_is_a_clear_400(app, path, year):
    make_project(make_unit())
    client = login(app.test_client(), make_user("auditor", ["auditor"]))
    response = client.get(path.format(year))
    assert response.status_code == 400, (path, year, response.status_code)
    assert "年度应为 1990 至 2200 之间的年份" in response.get_data(as_text=True)


def test_years_in_range_and_words_still_read_as_before(app):
    make_project(make_unit())
    client = login(app.test_client(), make_user("auditor", ["auditor"]))
    assert client.get("/projects/?year=2024").status_code == 200
    assert client.get("/projects/?year=abc").status_code == 200  # not a number: no filter, as always
    assert client.get("/projects/?page=2").status_code == 200


def test_the_api_answers_a_problem_document(app):
    from app.services import tokens

    unit = make_unit()
    user = make_user("officer_a", ["officer"], [unit])
    token = tokens.create(user, "测试", "read").text
    for path, methods in ((f"/api/v1/projects/{2**63 + 5}", ("GET", "PUT", "DELETE")), (f"/api/v1/projects/{2**31}/payments", ("GET", "POST"))):
        for method in methods:
            response = app.test_client().open(path, method=method, headers={"Authorization": f"Bearer {token}"}, json={})
            assert response.status_code == 404 and response.mimetype == "application/problem+json", (method, path)
    assert app.test_client().get(f"/api/v1/projects/{2**31}").status_code == 401  # the token first, as for any id
    response = app.test_client().get("/api/v1/projects?year=99999", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code in (400, 422) and response.mimetype == "application/problem+json"
