"""The ranking workbook of many centres is scored by a background job, with the same lines as the page's."""

import io

from openpyxl import load_workbook

from app.centres.hubei import demo
from app.services import jobs
from tests.conftest import login
from tests.factories import make_user
from tests.job_support import finish, job_of


def test_many_centres_are_ranked_by_a_job(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    demo.load()
    user = make_user("reader", ["auditor"])
    client = login(app.test_client(), user)
    direct = client.get("/centres/ranking.xlsx?year=2024")
    assert direct.status_code == 200  # a few centres: sent at once
    app.config["JIXIAO_JOB_RANKING_CENTRES"] = 1
    job_id = job_of(client.get("/centres/ranking.xlsx?year=2024"))
    finish(job_id)
    job = jobs.get(job_id, user)
    assert (job.kind, job.status, job.result_name) == ("centre_ranking", "done", "2024年度外贸综合服务中心绩效考核排名.xlsx")
    response = client.get(f"/jobs/{job_id}/download")
    body = response.get_data()
    response.close()
    rows = lambda data: [[c.value for c in row] for row in load_workbook(io.BytesIO(data)).active.iter_rows()]  # noqa: E731
    assert rows(body) == rows(direct.data)
    assert job.summary["centres"] >= 2
    other = login(app.test_client(), make_user("officer", ["officer"]))
    assert other.get(f"/jobs/{job_id}").status_code == 404
