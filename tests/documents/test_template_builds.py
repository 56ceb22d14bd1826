"""Every checked-in Word template is exactly what its build script in docx_templates/ writes.

One test per script (``build*.py``), found by listing the folder, so a new template and its script
are checked without anyone remembering to add a test. Parts are compared canonicalised (C14N):
python-docx writes the same document with attributes in a stable order, but whitespace between
tags is not significant.
"""

import importlib.util
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from app.documents.template_files import TEMPLATE_DIR

SCRIPTS = sorted(p.name for p in TEMPLATE_DIR.glob("build*.py"))


def xml_parts(path: Path) -> dict[str, bytes]:
    """Every XML part of a package, canonicalised (C14N), by name."""
    with zipfile.ZipFile(path) as archive:
        return {
            name: etree.tostring(etree.fromstring(archive.read(name)), method="c14n")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        }


def load(script: str):
    spec = importlib.util.spec_from_file_location(f"docx_templates_{Path(script).stem}", TEMPLATE_DIR / script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_template_has_a_script():
    built_by_scripts = {"build.py", "build_centre_score.py", "build_monitoring.py", "build_selfeval.py"}
    assert built_by_scripts <= set(SCRIPTS)
    assert all((TEMPLATE_DIR / name).exists() for name in SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS)
def test_checked_in_template_matches_its_build_script(script, tmp_path):
    written = load(script).main(tmp_path)
    written = [Path(written)] if isinstance(written, (str, Path)) else [Path(p) for p in written]
    assert written, f"{script} wrote nothing"
    for path in written:
        assert path.parent == tmp_path, f"{script} wrote outside the folder it was given"
        stored = TEMPLATE_DIR / path.name
        assert stored.exists(), f"{path.name} is not checked in: run python docx_templates/{script}"
        fresh, kept = xml_parts(path), xml_parts(stored)
        assert fresh.keys() == kept.keys(), f"{path.name}: parts differ: run python docx_templates/{script}"
        for name in fresh:
            assert fresh[name] == kept[name], f"{path.name}:{name} differs: run python docx_templates/{script}"
