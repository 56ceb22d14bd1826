"""Benchmark a big target-table upload through the pages, as background jobs: preview, then import.

    .venv/bin/python bench/jobs.py FILE.docx [--database URL]

FILE is a department document (bench/import.py builds one: ``--projects 5000``). The app runs with
the embedded default (a SQLite file in a temporary folder, jobs in the app's threads) unless
``--database`` names a PostgreSQL database (emptied and built first); with ``JIXIAO_REDIS_URL`` set,
start ``jixiao worker`` against the same database yourself. An officer uploads FILE on /imports/,
the script polls /jobs/<id>.json as the page does and prints each poll's n of N, then confirms and
does the same for the import. Reported: seconds of each job, polls, the slowest poll, and the
projects stored.
"""

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def follow(client, location: str) -> tuple[str, float, int, float]:
    """Poll a job until it ends; return (its id, seconds, polls, slowest poll in seconds)."""
    job_id = re.search(r"/jobs/([0-9a-f-]{36})$", location).group(1)
    start, polls, slowest = time.perf_counter(), 0, 0.0
    while True:
        asked = time.perf_counter()
        response = client.get(f"/jobs/{job_id}.json")
        slowest = max(slowest, time.perf_counter() - asked)
        polls += 1
        if response.status_code != 200:  # the page's script waits and asks again
            print(f"  {time.perf_counter() - start:7.1f} s  poll answered {response.status_code}", file=sys.stderr)
            time.sleep(1)
            continue
        status = response.get_json()
        print(f"  {time.perf_counter() - start:7.1f} s  {status['status']:8} {status['done']:>6}/{status['total']:<6} {status['message']}",
              file=sys.stderr)
        if status["finished"]:
            if status["error"]:
                raise SystemExit(f"job failed: {status['error']}")
            return job_id, time.perf_counter() - start, polls, slowest
        time.sleep(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--database")
    args = parser.parse_args()
    from sqlalchemy import func, select, text

    from app import create_app
    from app.extensions import db
    from app.models import Project
    from app.services import sessions
    from tests.factories import make_unit, make_user

    data = Path(args.file).read_bytes()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{folder}/bench.sqlite"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                          "JIXIAO_PASSWORD_HASH": "scrypt:1024:8:1", "JIXIAO_REQUEST_LOG": False})
        app.instance_path = folder
        with app.app_context():
            if args.database:
                with db.engine.begin() as conn:
                    conn.execute(text("DROP SCHEMA public CASCADE"))
                    conn.execute(text("CREATE SCHEMA public"))
            db.create_all()
            unit = make_unit()
            user = make_user("bench-officer", ["officer"], [unit])
            client = app.test_client()
            token = sessions.start(user.id, "127.0.0.1", "bench")
            with client.session_transaction() as session:
                session.update({"_user_id": user.get_id(), "_fresh": True, "sid": token})
            form = {"file": (__import__("io").BytesIO(data), Path(args.file).name), "year": "2024", "unit": unit.code,
                    "existing": "skip"}
            start = time.perf_counter()
            response = client.post("/imports/", data=form, content_type="multipart/form-data")
            upload = time.perf_counter() - start
            assert response.status_code == 302, response.get_data(as_text=True)[:300]
            print(f"upload answered in {upload:.2f} s (the job runs on)", file=sys.stderr)
            job_id, preview, polls, slowest = follow(client, response.headers["Location"])
            page = client.get(f"/jobs/{job_id}")
            token = re.search(r'name="token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
            response = client.post("/imports/confirm", data={"token": token, "filename": Path(args.file).name,
                                                             "year": "2024", "unit": unit.code, "existing": "skip"})
            _, imported, polls2, slowest2 = follow(client, response.headers["Location"])
            stored = db.session.scalar(select(func.count()).select_from(Project))
            print(f"{Path(args.file).name}: {len(data) / 1e6:.1f} MB on {url.split(':')[0]}")
            print(f"preview job: {preview:6.1f} s, {polls} polls, slowest poll {slowest * 1000:.0f} ms")
            print(f"import job:  {imported:6.1f} s, {polls2} polls, slowest poll {slowest2 * 1000:.0f} ms, {stored} projects stored")


if __name__ == "__main__":
    main()
