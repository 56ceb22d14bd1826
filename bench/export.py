"""Benchmark the department document: 1,000 projects × 20 indicators, product vs bare docxtpl.

    .venv/bin/python bench/export.py [--projects 1000] [--indicators 20] [--repeat 3]

Each measurement runs in a subprocess of its own, so its peak memory (maxrss) is its own:
- floor:   DocxTemplate(same template).render(same context, autoescape=True) + save, context prebuilt;
- product: the export code path from interchange dicts: document_context() + render_docx()
           (render, level-merge pass, save to bytes);
- breakdown: the same steps timed one by one (context build, merge pass).
Goal: product ≤ 1.3 × floor, peak < 1 GB. Wall and CPU seconds are both reported: on a
shared, loaded machine the wall clock measures the neighbours too, the CPU time does not.
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEVELS = [
    ("产出指标", "数量指标"), ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "质量指标"),
    ("产出指标", "时效指标"), ("产出指标", "成本指标"), ("效益指标", "经济效益指标"), ("效益指标", "社会效益指标"),
    ("效益指标", "社会效益指标"), ("效益指标", "可持续影响指标"), ("满意度指标", "服务对象满意度指标"),
]


def department(projects: int, indicators: int) -> tuple[list[dict], list[dict]]:
    """Interchange dicts of one unit: ``projects`` projects of ``indicators`` indicators each."""
    unit = {"code": "304001", "name": "保定白沟新城国际贸易服务中心（本级）"}
    result = []
    for n in range(projects):
        rows = []
        for i in range(indicators):
            level1, level2 = LEVELS[min(i * len(LEVELS) // indicators, len(LEVELS) - 1)]
            rows.append(
                {
                    "level1": level1, "level2": level2, "name": f"三级指标{i}：设备验收合格率",
                    "description": "采购设备验收合格率，依据合同约定的验收标准 & 程序 <逐项>", "target_text": "≥95%",
                    "basis": "依据实际工作开展情况",
                }
            )
        result.append(
            {
                "unit": unit, "year": 2024, "code": f"13060524P{n:012d}", "name": f"2024年国贸中心事务资金{n}",
                "budget_total": "40.00", "budget_fiscal": "40.00", "budget_other": "0.00",
                "purpose": "预算资金40万元，均来自于财政资金，用于满足日常办公需求，保障工作正常运转。",
                "goals": ["满足日常办公需求，保障工作正常运转。", "第二项目标\n分两行"],
                "checkpoints": [{"month": m, "amount": a} for m, a in ((3, "1.30"), (6, "17.60"), (10, "23.90"), (12, "40.00"))],
                "indicators": rows,
            }
        )
    goals = {
        "unit": unit, "year": 2024, "overall": "总体绩效目标。" * 40,
        "items": [{"title": f"分项目标{i}", "goal": "绩效目标内容。" * 10, "indicator": "绩效指标内容。" * 5} for i in range(4)],
        "measures": [f"保障措施{i}。" * 8 for i in range(10)],
    }
    return result, [goals]


def measure(kind: str, projects: int, indicators: int) -> dict:
    """Run one measurement in this process (called in a fresh subprocess)."""
    import resource
    from io import BytesIO

    sys.path.insert(0, str(ROOT))
    from docxtpl import DocxTemplate

    from app.documents import docx_export
    from app.documents.contexts import document_context

    data, departments = department(projects, indicators)
    result = {"kind": kind}
    if kind == "floor":
        context = document_context(data, departments)
        start, cpu = time.perf_counter(), time.process_time()
        template = DocxTemplate(docx_export.template_path("full"))
        template.render(context, autoescape=True)
        buffer = BytesIO()
        template.save(buffer)
        result["seconds"] = time.perf_counter() - start
        result["cpu_seconds"] = time.process_time() - cpu
        result["bytes"] = len(buffer.getvalue())
    elif kind == "product":
        # The product's public code path, from interchange dicts to the bytes of the .docx.
        start, cpu = time.perf_counter(), time.process_time()
        content = docx_export.render_docx(document_context(data, departments), "full")
        result["seconds"] = time.perf_counter() - start
        result["cpu_seconds"] = time.process_time() - cpu
        result["bytes"] = len(content)
    else:
        # The same calls render_docx() makes, timed piece by piece (information only).
        start, cpu = time.perf_counter(), time.process_time()
        context = document_context(data, departments)
        built = time.perf_counter()
        template = DocxTemplate(docx_export.template_path("full"))
        template.render(context, autoescape=True)
        rendered = time.perf_counter()
        docx_export.merge_levels(template.docx.element.body, context["projects"])
        merged = time.perf_counter()
        buffer = BytesIO()
        template.save(buffer)
        result["seconds"] = time.perf_counter() - start
        result["cpu_seconds"] = time.process_time() - cpu
        result["context_seconds"] = built - start
        result["merge_seconds"] = merged - rendered
        result["bytes"] = len(buffer.getvalue())
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run(kind: str, projects: int, indicators: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--projects", str(projects), "--indicators", str(indicators)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.projects, args.indicators)))
        return
    print(f"department document: {args.projects} projects × {args.indicators} indicators, best of {args.repeat}")
    best, best_cpu = {}, {}
    for _ in range(args.repeat):
        for kind in ("floor", "product", "breakdown"):
            r = run(kind, args.projects, args.indicators)
            if kind not in best or r["seconds"] < best[kind]["seconds"]:
                best[kind] = r
            best_cpu[kind] = min(best_cpu.get(kind, r["cpu_seconds"]), r["cpu_seconds"])
    floor, floor_cpu = best["floor"]["seconds"], best_cpu["floor"]
    for kind, r in best.items():
        extra = ""
        if kind == "breakdown":
            extra = f"  (context {r['context_seconds']:.2f} s, merge pass {r['merge_seconds']:.2f} s)"
        print(
            f"{kind:>9}: {r['seconds']:6.2f} s  {r['seconds'] / floor:4.2f}× floor  "
            f"cpu {best_cpu[kind]:6.2f} s  {best_cpu[kind] / floor_cpu:4.2f}×  "
            f"peak {r['maxrss_mb']:6.0f} MB  {r['bytes'] / 1e6:5.1f} MB docx{extra}"
        )
    ratio, ratio_cpu = best["product"]["seconds"] / floor, best_cpu["product"] / floor_cpu
    peak = max(r["maxrss_mb"] for r in best.values())
    met = ratio <= 1.3 and ratio_cpu <= 1.3 and peak < 1024
    print(
        f"goal ≤ 1.3× floor and < 1024 MB: {'met' if met else 'NOT met'} "
        f"(wall {ratio:.2f}×, cpu {ratio_cpu:.2f}×, {peak:.0f} MB)"
    )


if __name__ == "__main__":
    main()
