"""Centre ranking at province scale (issue 14 point 4): the ranking from PostgreSQL against ``jixiao centre score``.

    .venv/bin/python bench/centres.py [--centres 200] [--records 5000] [--past 2]
                                      [--database postgresql+psycopg://postgres@127.0.0.1:5432/bench_centres]

Not a test: it drops and recreates the database it is given (default ``bench_centres``, the
benchmark's alone) and drops it again at the end (``--keep`` leaves it). It generates ``centres``
centres with a year's evidence (trainings, 35 claimed companies, a few shared between centres)
and ``records`` service records each for 2024 (COPY, as a platform export would be loaded), and
the same centres' evidence for ``past`` years before (those are scored once, then kept). Then,
each in a fresh process (so the memory figure is that run's alone):

- ``ranking, first``: ``services.ranking(2024)`` on an empty score store: scores 2024 and the
  past years, keeps them;
- ``ranking, again``: the same with the past years kept (what a user opening the page sees);
- ``centre score``: ``jixiao centre score FILE --json`` on the same year written as its JSON
  input (``assessment_document``), the command's whole run (start-up included).

It prints seconds and the process's peak memory for each, and the ratio ranking/score.
Goal (issue 14): the ranking within 1.5× of ``jixiao centre score``, ≤ 10 s at 200 × 5,000.
"""

import argparse
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEAR = 2024


def reset_database(url: str, drop_only: bool = False) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = parsed.database
    if not name or name in ("postgres", "test"):
        raise SystemExit(f"refusing to drop database {name!r}: give the benchmark a database of its own")
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def make_app(url: str):
    from app import create_app

    return create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})


def _seed(args) -> float:
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from app.centres.models import Centre, CentreClaim, CentreTraining, CentreYear
    from app.centres.rules.hubei_model import SERVICE_ITEMS
    from app.extensions import db

    started = time.perf_counter()
    upgrade()
    rng = random.Random(14)
    now = datetime.datetime(2025, 1, 1)
    centres = [
        {"id": c + 1, "code": f"HB{c + 1:04d}", "name": f"第{c + 1}外贸综合服务中心", "level": "national" if c % 4 == 0 else "provincial",
         "park": f"第{c + 1}开发区", "company": f"承办企业{c + 1}", "contract_start": YEAR - args.past, "contract_end": YEAR + 1,
         "note": "", "created_at": now}
        for c in range(args.centres)
    ]
    db.session.execute(insert(Centre), centres)
    years, trainings, claims = [], [], []
    evidence_id = 0
    for year in range(YEAR - args.past, YEAR + 1):
        for centre in centres:
            evidence_id += 1
            years.append({"id": evidence_id, "centre_id": centre["id"], "year": year, "fixed_office": True,
                          "staff": 3 + rng.randrange(5), "staff_experienced": 2, "customs_declarants": 1, "linguists": 1,
                          "floor_area": 120, "meetings": rng.randrange(4), "complaints": int(rng.random() < 0.1),
                          "harmful_acts": 0, "praises": rng.randrange(3), "note": "", "version": 1})
            for t in range(2):
                trainings.append({"evidence_id": evidence_id, "position": t, "day": datetime.date(year, 4 + 6 * t, 10),
                                  "companies": 20 + rng.randrange(20), "title": f"培训{t + 1}"})
            position = 0
            for category, count in (("registered", 10), ("first_trade", 10), ("growth10", 10), ("doubled", 5)):
                for n in range(count):
                    shared = n == 0 and centre["id"] % 10 == 0  # one company in ten claimed by two centres
                    owner = centre["id"] - 1 if shared else centre["id"]
                    claims.append({"evidence_id": evidence_id, "category": category, "position": position,
                                   "code": f"91{owner:04d}{category[:2]}{n:04d}"})
                    position += 1
    db.session.execute(insert(CentreYear), years)
    db.session.execute(insert(CentreTraining), trainings)
    db.session.execute(insert(CentreClaim), claims)
    db.session.commit()
    items = SERVICE_ITEMS
    start = datetime.date(YEAR, 1, 1)
    connection = db.session.connection().connection.dbapi_connection
    with connection.cursor() as cursor, cursor.copy(
        "COPY centre_service_record (centre_id, position, client, item, matter, requested, evaluated, rating, created_at) FROM STDIN"
    ) as copy:
        for centre in centres:
            for n in range(args.records):
                requested = start + datetime.timedelta(days=rng.randrange(330))
                rated = rng.random()
                evaluated = requested + datetime.timedelta(days=rng.randrange(40)) if rated < 0.8 else None
                rating = ("satisfied" if rated < 0.75 else "dissatisfied") if evaluated else None
                copy.write_row((centre["id"], n, f"客户企业{rng.randrange(3000)}", items[n % len(items)],
                                f"事项{n}", requested, evaluated, rating, now))
    connection.commit()
    db.session.commit()
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    return time.perf_counter() - started


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: ru_maxrss would carry the parent's over the fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_rank(url: str) -> None:
    """Run the ranking once in this process; print its seconds and peak memory as JSON."""
    app = make_app(url)
    with app.app_context():
        from app.centres.hubei import services

        started = time.perf_counter()
        result = services.ranking(YEAR)
        seconds = time.perf_counter() - started
        top = result.rows[0]
        print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb(), "rows": len(result.rows),
                          "top": [top.centre.code, top.sheet["total"], top.score.grade.value],
                          "history": [[y, g.value] for y, g in top.standing.history]}))


def child_score(path: str) -> None:
    """Run ``jixiao centre score PATH --json`` in this process; print its seconds and peak memory on stderr."""
    from app.cli import main

    started = time.perf_counter()
    sys.argv = ["jixiao", "centre", "score", path, "--json"]
    try:
        main()
    finally:
        print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}), file=sys.stderr)


def run_child(*argv: str, env: dict) -> tuple[dict, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, *argv], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr[-3000:]}")
    return {"wall": wall, **json.loads((done.stdout if argv[0] == "--rank" else done.stderr).strip().splitlines()[-1])}, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=200)
    parser.add_argument("--records", type=int, default=5000, help="service records per centre in 2024")
    parser.add_argument("--past", type=int, default=2, help="years before 2024 with evidence (scored once, then kept)")
    parser.add_argument("--database", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_centres")
    parser.add_argument("--keep", action="store_true", help="leave the database for a look afterwards")
    parser.add_argument("--rank", help=argparse.SUPPRESS)
    parser.add_argument("--score", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rank:
        return child_rank(args.rank)
    if args.score:
        return child_score(args.score)

    reset_database(args.database)
    env = dict(os.environ, DATABASE_URL=args.database, PYTHONPATH=str(ROOT))
    try:
        app = make_app(args.database)
        with app.app_context():
            seconds = _seed(args)
            print(f"# {args.centres} centres × {args.records:,} records = {args.centres * args.records:,} service records "
                  f"in {YEAR}, evidence for {args.past} years before; generated in {seconds:.1f} s", flush=True)
            from app.centres.hubei import services

            document, _ = services.assessment_document(YEAR)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "centres.json"
            path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            del document
            size = path.stat().st_size / 1e6
            first, _ = run_child("--rank", args.database, env=env)
            again, _ = run_child("--rank", args.database, env=env)
            score, output = run_child("--score", str(path), env=env)
        engine = json.loads(output)["centres"]
        best = min(engine, key=lambda c: (-c["total"], c["id"]))
        print(f"ranking top: {first['top']} (history {first['history']}); centre score's best: "
              f"{[best['id'], best['total'], best['grade']]}")
        print(f"{'run':<28}{'seconds':>10}{'wall s':>10}{'peak MB':>10}")
        for name, run in (("ranking, first (scores all)", first), ("ranking, past years kept", again),
                          (f"centre score ({size:.0f} MB JSON)", score)):
            print(f"{name:<28}{run['seconds']:>10.2f}{run['wall']:>10.2f}{run['peak_mb']:>10.0f}")
        print(f"ranking (past years kept) / centre score: {again['wall'] / score['wall']:.2f}× wall, "
              f"{again['seconds'] / score['seconds']:.2f}× in-process (goal ≤ 1.5×, ≤ 10 s)")
    finally:
        if not args.keep:
            reset_database(args.database, drop_only=True)


if __name__ == "__main__":
    main()
