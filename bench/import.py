"""Benchmark reading a department document: 1,000 projects × 20 indicators, product vs a bare python-docx walk.

    .venv/bin/python bench/import.py [--projects 1000] [--indicators 20] [--repeat 3]

The document is the product's own department export (bench/export.py's data), written once to
a temporary file. Each measurement runs in a subprocess of its own, so its peak memory
(maxrss) is its own:
- floor:   python-docx opens the file and reads the text of every cell of every table;
- read:    the product's reader (``parse_document``): every table read by meaning into projects;
- dry-run: ``import_document(..., dry_run=True)`` on an empty in-memory SQLite database: read,
           check and store every project, then roll back (what the preview does).
Goal: read ≤ 1.5 × floor, peak < 1 GB. Wall and CPU seconds are both reported.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build(path: Path, projects: int, indicators: int) -> None:
    from app.documents import docx_export
    from app.documents.contexts import document_context
    from bench.export import department

    data, departments = department(projects, indicators)
    path.write_bytes(docx_export.render_docx(document_context(data, departments), "full"))


def measure(kind: str, path: Path) -> dict:
    """Run one measurement in this process (called in a fresh subprocess)."""
    import resource

    data = path.read_bytes()
    result = {"kind": kind}
    start, cpu = time.perf_counter(), time.process_time()
    if kind == "floor":
        from io import BytesIO

        from docx import Document

        cells = 0
        for table in Document(BytesIO(data)).tables:
            for row in table.rows:
                for cell in row.cells:
                    cells += len(cell.text) >= 0
        result["cells"] = cells
    elif kind == "read":
        from app.documents.docx_import import parse_document

        document = parse_document(data, path.name)
        result["projects"] = len(document.projects)
        result["indicators"] = sum(len(p["indicators"]) for p in document.projects)
    else:
        from app import create_app
        from app.extensions import db
        from app.services.imports import import_document

        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
        with app.app_context():
            db.create_all()
            start, cpu = time.perf_counter(), time.process_time()
            summary = import_document(data, path.name, dry_run=True)
            result["projects"] = len(summary.created)
            result["problems"] = len(summary.problems)
    result["seconds"] = time.perf_counter() - start
    result["cpu_seconds"] = time.process_time() - cpu
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run(kind: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--file", str(path)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child")
    parser.add_argument("--file")
    args = parser.parse_args()
    if args.child == "build":
        build(Path(args.file), args.projects, args.indicators)
        return
    if args.child:
        print(json.dumps(measure(args.child, Path(args.file))))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "department.docx"
        # Built in a child too: a child's maxrss starts at its parent's size (fork before exec).
        subprocess.run(
            [sys.executable, __file__, "--child", "build", "--file", str(path),
             "--projects", str(args.projects), "--indicators", str(args.indicators)],
            check=True, cwd=ROOT,
        )
        size = path.stat().st_size
        print(f"department document: {args.projects} projects × {args.indicators} indicators, {size / 1e6:.1f} MB, best of {args.repeat}")
        best: dict = {}
        for _ in range(args.repeat):
            for kind in ("floor", "read", "dry-run"):
                r = run(kind, path)
                if kind not in best or r["cpu_seconds"] < best[kind]["cpu_seconds"]:
                    best[kind] = r
    floor = best["floor"]
    print(f"{'':8} {'wall s':>8} {'cpu s':>8} {'× floor (cpu)':>14} {'peak MB':>8}")
    for kind, r in best.items():
        ratio = r["cpu_seconds"] / floor["cpu_seconds"]
        print(f"{kind:8} {r['seconds']:8.2f} {r['cpu_seconds']:8.2f} {ratio:14.2f} {r['maxrss_mb']:8.0f}")
    print(json.dumps(best, ensure_ascii=False))


if __name__ == "__main__":
    main()
