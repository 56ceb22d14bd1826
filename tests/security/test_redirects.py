"""Redirects lead only to this site: sign-in's next=, and the page a too-large upload came from."""

from urllib.parse import urlsplit

import pytest

from tests.conftest import login
from tests.factories import PASSWORD, make_unit, make_user


@pytest.mark.parametrize("referrer", ["https://evil.example/phish", "//evil.example/x", "http://evil.example"])
def test_a_too_large_centre_upload_never_returns_to_another_site(app, referrer):
    from app.centres.hubei.services import CentreDraft, create_centre

    unit = make_unit()
    centre = create_centre(CentreDraft("C1", "样例中心", unit_id=unit.id))
    app.config["MAX_CONTENT_LENGTH"] = 1024
    url = f"/centres/{centre.id}/2024/records/preview"
    for client in (app.test_client(), login(app.test_client(), make_user("officer_a", ["officer"], [unit]))):
        response = client.post(url, data={"file": "x" * 4096}, headers={"Referer": referrer})
        location = response.headers.get("Location", "")
        assert "evil.example" not in location, location


def test_a_too_large_upload_returns_to_the_page_of_ours_it_came_from(app):
    from app.centres.hubei.services import CentreDraft, create_centre

    unit = make_unit()
    centre = create_centre(CentreDraft("C1", "样例中心", unit_id=unit.id))
    app.config["MAX_CONTENT_LENGTH"] = 1024
    client = login(app.test_client(), make_user("officer_a", ["officer"], [unit]))
    came_from = f"http://localhost/centres/{centre.id}/2024/records?tab=1"
    response = client.post(f"/centres/{centre.id}/2024/records/preview", data={"file": "x" * 4096}, headers={"Referer": came_from})
    assert response.status_code == 303 and response.headers["Location"] == f"/centres/{centre.id}/2024/records?tab=1"


@pytest.mark.parametrize("target", [
    "//evil.example/", "/\\evil.example", "/\t/evil.example", "https://evil.example/", "javascript:alert(1)",
    "\\\\evil.example", " //evil.example", "/%5Cevil.example", "http:/evil.example",
])
def test_sign_in_next_never_leads_off_site(app, target):
    make_user("officer_a", ["officer"])
    response = app.test_client().post("/login", query_string={"next": target}, data={"name": "officer_a", "password": PASSWORD})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//") and "\\" not in location, location
    assert urlsplit(location).netloc == "", location
