"""Schemathesis runs every operation of /api/v1/openapi.json against the app (WSGI, in process)
with a write token: no answer may be a 5xx, and every answer must match the document.

Bounded (a few examples per operation) so the whole file stays well under two minutes.
"""

import pytest

schemathesis = pytest.importorskip("schemathesis")  # the dev extra

from hypothesis import HealthCheck, Phase, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.services import tokens  # noqa: E402
from tests.factories import make_project, make_unit, make_user  # noqa: E402

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def bearer(app):
    """A token of an officer of unit 304001 who also administers units: most operations can succeed."""
    unit = make_unit()
    make_unit("573301", "中国国际贸易促进委员会天津市分会")
    for n in range(3):
        project = make_project(unit, code=f"ST-{n}", name=f"样例项目{n}")
    from app.domain.payments import read_payment
    from app.services.payments import add_payment

    add_payment(project, read_payment(2024, "2024-02-01", "1.00", "记02-001"))
    user = make_user("schemathesis", ["officer", "admin"], [unit])
    return tokens.create(user, "schemathesis", "write", 30).text


# The document as the code declares it (no app needed to write it); each test calls its own app.
from app.api import declare_operations  # noqa: E402
from app.api.spec import document  # noqa: E402

declare_operations()
schema = schemathesis.openapi.from_dict(document())


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_to_the_document(app, case, bearer):
    case.call_and_validate(app=app, headers={"Authorization": f"Bearer {bearer}"}, checks=CHECKS)


def test_the_document_describes_every_route_of_the_api(app):
    """What schemathesis runs is the whole API: every /api/v1 route (but the document and its page) is in it."""
    import re

    paths = document()["paths"]
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api_v1.") and rule.rule not in ("/api/v1/openapi.json", "/api/v1/docs")
    }
    assert routes and routes <= set(paths), sorted(routes - set(paths))
    assert sum(len(operations) for operations in paths.values()) >= 20
