"""The issue's "done when": docs/push_payments.py pushes a day's payments through the API with a
token, over real HTTP (a server in a thread), and reads back the unit's progress."""

import importlib.util
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app.services import demo, tokens
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "app" / "fixtures" / "demo_payments_304001_2024.csv"


def _script():
    spec = importlib.util.spec_from_file_location("push_payments", ROOT / "docs" / "push_payments.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def server(app):
    """The test app served over HTTP on a free port, for as long as the test runs."""
    httpd = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(5)


def test_a_days_payments_are_pushed_and_the_progress_read_back(app, server, monkeypatch, capsys):
    script = _script()
    demo.load_demo()  # the demo's target tables, which the demo payments name (not its payments)
    from app.services import units

    unit = units.find_unit("304001")
    user = make_user("treasury", ["officer"], [unit])
    token = tokens.create(user, "国库夜间推送", "write", 30).text

    day = "2024-01-19"
    rows = script.read_csv(str(FIXTURE), day)
    assert len(rows) >= 2 and {r["day"] for r in rows} == {day}
    stored = script.push(server, token, "304001", 2024, rows)
    assert stored["payments"] == len(rows)
    state = script.progress(server, token, "304001", 2024)
    spent = {item["code"]: item["spent"] for item in state["items"]}
    by_code: dict = {}
    for row in rows:
        by_code[row["code"]] = by_code.get(row["code"], 0) + float(row["amount"])
    for code, amount in by_code.items():
        assert float(spent[code]) == pytest.approx(amount)

    # the same day again: refused as a whole (the vouchers are known), nothing stored twice
    with pytest.raises(script.ApiError) as refused:
        script.push(server, token, "304001", 2024, rows)
    assert refused.value.status == 422 and "payments[0]" in str(refused.value)
    assert script.progress(server, token, "304001", 2024)["totals"] == state["totals"]

    # the command line, as the treasury runs it
    monkeypatch.setenv("JIXIAO_TEST_PUSH_TOKEN", token)
    code = script.main([str(FIXTURE), "--url", server, "--unit", "304001", "--year", "2024",
                        "--day", "2024-01-10", "--token-env", "JIXIAO_TEST_PUSH_TOKEN"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "已登记 1 笔支出" in printed.out and "执行率" in printed.out
