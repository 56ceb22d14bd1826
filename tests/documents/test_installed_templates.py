"""An installed jixiao (not editable) finds docx_templates/: setup.cfg ships it, the code looks it up.

The package is built with setuptools' ``build_py`` (the files a wheel holds) from a
copy of the sources, outside the checkout, then imported from there in a fresh
interpreter whose working directory is not the repository.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("app", "forms", "docx_templates", "setup.cfg", "pyproject.toml", "README.md")

CHECK = """
import json, sys
from pathlib import Path
import app
from docxtpl import DocxTemplate
from app.documents import docx_export, monitoring_doc, selfeval_doc
from app.documents.contexts import document_context
from app.domain.readmodel import StoredProject
from app.documents.template_files import TEMPLATE_DIR

project = {
    "unit": {"code": "1", "name": "单位"}, "code": "P1", "name": "项目", "budget_total": "1", "budget_fiscal": "1",
    "budget_other": "0", "purpose": "", "goals": ["目标"], "checkpoints": [{"month": 12, "amount": "1"}],
    "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "n", "description": "", "target_text": "1个", "basis": ""}],
}
sizes = {layout: len(docx_export.render_docx(document_context([StoredProject.from_interchange(project)], []), layout)) for layout in ("full", "basic")}
for template in (selfeval_doc.TEMPLATE, monitoring_doc.TEMPLATE):
    DocxTemplate(template).get_undeclared_template_variables()
print(json.dumps({"app": app.__file__, "templates": str(TEMPLATE_DIR), "sizes": sizes}))
"""


def test_an_installed_package_finds_and_renders_its_templates(tmp_path):
    source, lib = tmp_path / "src", tmp_path / "lib"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, source / name)
    build = subprocess.run(
        [sys.executable, "-c", "from setuptools import setup; setup()", "-q", "build_py", "--build-lib", str(lib)],
        cwd=source, capture_output=True, text=True, timeout=120,
    )
    assert build.returncode == 0, build.stderr

    shipped = {p.name for p in (lib / "docx_templates").glob("*.docx")}
    assert shipped == {p.name for p in (ROOT / "docx_templates").glob("*.docx")}
    assert {"target_full.docx", "target_basic.docx", "selfeval.docx", "monitoring.docx"} <= shipped

    run = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(lib), "HOME": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert Path(found["app"]).is_relative_to(lib), "the installed copy was not the one imported"
    assert Path(found["templates"]) == lib / "docx_templates"
    assert all(size > 10_000 for size in found["sizes"].values())


def test_a_checkout_reads_the_templates_in_place():
    from app.documents.template_files import TEMPLATE_DIR

    assert TEMPLATE_DIR == ROOT / "docx_templates"
