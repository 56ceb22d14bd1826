"""The production server for real: gunicorn with app/gunicorn_conf.py answers /healthz, sends the request id,
writes one JSON line per request on standard error and, behind one trusted proxy, logs the client's address."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PG_URL

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")

pytestmark = pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed (pip install -e '.[prod]')")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read().decode()


@pytest.fixture
def served(tmp_path):
    port = _free_port()
    env = {
        **os.environ, "DATABASE_URL": PG_URL or f"sqlite:///{tmp_path / 'served.sqlite'}", "SECRET_KEY": "served-test",
        "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1", "JIXIAO_PROXY_HOPS": "1",
        "JIXIAO_REDIS_URL": "",
    }
    log = (tmp_path / "gunicorn.log").open("w+")
    server = subprocess.Popen(
        [str(GUNICORN), "-c", "python:app.gunicorn_conf", "app:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                if _get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
            time.sleep(0.2)
        yield port, tmp_path / "gunicorn.log"
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def test_gunicorn_serves_health_ids_and_json_lines(served):
    port, log = served
    status, headers, body = _get(port, "/healthz")
    assert status == 200 and json.loads(body) == {"status": "ok", "database": "ok", "queue": "thread"}
    status, headers, body = _get(
        port, "/no-such-page", {"X-Request-ID": "from-nginx-1", "X-Forwarded-For": "203.0.113.9"}
    )
    assert status == 404 and headers["X-Request-ID"] == "from-nginx-1" and "编号：<code>from-nginx-1</code>" in body
    deadline = time.monotonic() + 10
    while True:
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
        found = [line for line in lines if line["request_id"] == "from-nginx-1"]
        if found or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert found, log.read_text()
    (line,) = found
    assert line["path"] == "/no-such-page" and line["status"] == 404 and line["remote_addr"] == "203.0.113.9"
    assert line["method"] == "GET" and line["user_id"] is None and line["duration_ms"] >= 0
    assert all(entry["path"] == "/healthz" for entry in lines if entry is not line)


def test_a_worker_freezes_its_start_up_heap_out_of_the_collector():
    import gc

    from app import gunicorn_conf

    before = gc.get_freeze_count()
    try:
        gunicorn_conf.post_worker_init(None)
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
