"""The centre pages cite documents by their names, never by the seeds' numbers (issue 12, point 9)."""

import re

import pytest

from app.centres.hubei import demo, services
from app.centres.rules.common import cite
from tests.conftest import login
from tests.factories import make_user

NUMBERED = re.compile(r"(?<![\d.])00[012] ?(第|（)")
ASSESSMENT = "《湖北省外贸综合服务中心绩效考核办法（试行）》"
RECOGNITION = "《湖北省对外贸易综合服务中心认定管理办法》"


def test_a_clause_is_cited_by_its_documents_name():
    assert cite("000 第九条（一）1") == f"{ASSESSMENT}第九条（一）1"
    assert cite("001 第十二条（三）(2)：考核评估位列“较差”档次") == f"{RECOGNITION}第十二条（三）(2)：考核评估位列“较差”档次"
    assert cite("2000 第一名") == "2000 第一名"  # a figure is not a seed number


@pytest.fixture
def reader(app):
    demo.load()
    return login(app.test_client(), make_user("auditor-c", ["auditor"]))


def test_no_centre_page_shows_a_seed_number(reader):
    centre = services.find_centre("HB-YC01")
    pages = {
        "index": "/centres/",
        "score": f"/centres/{centre.id}/2024",
        "ranking": "/centres/ranking?year=2024",
        "records": f"/centres/{centre.id}/2024/records",
    }
    for name, url in pages.items():
        response = reader.get(url)
        assert response.status_code == 200, name
        page = response.get_data(as_text=True)
        assert not NUMBERED.search(page), f"{name}: {NUMBERED.search(page).group(0)!r}"
    score = reader.get(pages["score"]).get_data(as_text=True)
    assert f"{ASSESSMENT}第九条" in score and f"{ASSESSMENT}第十一条" in score and f"{RECOGNITION}第十二条" in score
