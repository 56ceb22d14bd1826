"""Every route of ``app.url_map``, as each role and anonymous, with hostile parameters: never a 500.

Ids past any table, another unit's objects, negative and huge numbers in the query string and the
form, years no table holds, sort keys that are SQL, a scheme-relative ``next``. A new route is probed
the day it is added. (Who may see what is ``tests/views/test_access_matrix.py``'s; this asks only
that the answer is a page or a refusal, never a crash.)
"""

import pytest
from flask import url_for

from tests.conftest import login
from tests.factories import make_project, make_unit, make_user

HUGE = 2**63 + 5
BIG = {"page": str(10**30), "year": "99999", "unit": str(HUGE), "month": "99999", "sort": "name;drop table project--",
       "dir": "desc", "as_of": "99999-01-01", "q": "%' or 1=1 --", "layout": "x", "project": str(HUGE),
       "per_page": str(10**12), "next": "//evil.example", "for_year": str(HUGE), "payment_id": "9" * 25,
       "contract_id": "9" * 25, "version": "9" * 12, "seen": "2147483648"}
NEGATIVE = {"page": "-3", "year": "-5", "unit": "-7", "month": "-1", "as_of": "0000-00-00", "project": "-1",
            "per_page": "-1", "for_year": "-1", "payment_id": "-1", "contract_id": "-1", "version": "-1", "seen": "-1"}
ROLES = (None, "officer_a", "reviewer_a", "auditor", "admin", "officer_b", "operator")


@pytest.fixture
def world(app):
    from app.centres.hubei.lifecycle import ApplicationDraft, create_application
    from app.centres.hubei.services import CentreDraft, create_centre
    from app.centres.regions.services import RegionDraft, create_region

    unit_a, unit_b = make_unit("304001", "甲单位"), make_unit("573301", "乙单位")
    users = {
        "officer_a": make_user("officer_a", ["officer"], [unit_a]),
        "reviewer_a": make_user("reviewer_a", ["reviewer"], [unit_a]),
        "auditor": make_user("auditor", ["auditor"]),
        "admin": make_user("admin", ["admin"]),
        "officer_b": make_user("officer_b", ["officer"], [unit_b]),
        "operator": make_user("operator", ["operator"]),
    }
    make_project(unit_b, code="B1", name="乙项目")
    foreign = {  # unit A's objects: another unit's for officer_b, the operator and the administrator
        "project_id": make_project(unit_a, code="A2", name="甲项目二").id,
        "unit_id": unit_a.id,
        "centre_id": create_centre(CentreDraft("C1", "中心甲", unit_id=unit_a.id)).id,
        "region_id": create_region(RegionDraft("地区甲", unit_id=unit_a.id)).id,
        "application_id": create_application(ApplicationDraft(
            "establish", unit_a.id, None, "A1", "申请中心1", "", "provincial", "承办企业", "91420100MA4K0000X1")).id,
    }
    return {"users": users, "foreign": foreign}


def _urls(app, world, huge: bool) -> list[tuple[str, str]]:
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        values = {}
        for arg in rule.arguments:
            if arg in world["foreign"]:
                values[arg] = 2**31 - 1 if huge else world["foreign"][arg]
            elif arg == "year":
                values[arg] = 2200 if huge else 2024
            elif arg in ("job_id", "key"):
                values[arg] = "../../instance/secret_key" if huge else "0" * 64  # a traversal probe
            else:  # user_id, token_id, payment_id, agreement_id
                values[arg] = 2**31 - 1 if huge else 1
        with app.test_request_context():
            url = url_for(rule.endpoint, **values)
        urls += [(method, url) for method in ("GET", "POST", "PUT", "DELETE") if method in rule.methods]
    return urls


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_no_route_crashes_on_hostile_parameters(app, world, role):
    crashed = []
    for huge, query in ((True, BIG), (False, NEGATIVE)):
        for method, url in _urls(app, world, huge):
            client = app.test_client() if role is None else login(app.test_client(), world["users"][role])
            if method == "GET":
                response = client.get(url, query_string=query)
            elif url.startswith("/api/v1/"):
                response = client.open(url, method=method, query_string=query, json=query)
            else:
                response = client.open(url, method=method, query_string=query, data=query)
            if response.status_code >= 500 and response.status_code != 503:
                crashed.append((method, url, "huge" if huge else "foreign", response.status_code))
    assert crashed == []
