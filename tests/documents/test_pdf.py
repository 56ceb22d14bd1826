"""The department document of the demo data converts to PDF with LibreOffice, and its pages render."""

import os
import shutil
import subprocess

import pytest

from app.services.demo import load_demo
from app.services.exports import export_document

pytestmark = pytest.mark.slow


def tool(name: str) -> str:
    """Find a command; skip without it, unless CI is set (then its absence is a failure)."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI (apt-get install -y libreoffice-writer poppler-utils)")
        pytest.skip(f"{name} is not installed (apt-get install -y libreoffice-writer poppler-utils)")
    return path


def test_department_document_converts_to_pdf(app, tmp_path):
    soffice, pdftoppm = tool("soffice"), tool("pdftoppm")
    load_demo()
    source = tmp_path / "department.docx"
    source.write_bytes(export_document(2024, "304001", department=True))
    # A profile of its own, so a running LibreOffice of the user does not swallow the conversion.
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    result = subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    pdf = tmp_path / "department.pdf"
    assert result.returncode == 0 and pdf.exists() and pdf.stat().st_size > 0, result.stderr or result.stdout
    # The page of table 1: the first page whose text holds a table title (pdftotext separates pages by \f).
    text = subprocess.run([tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
    pages = text.split("\f")
    table_page = next(n for n, page in enumerate(pages, start=1) if "绩效目标表" in page)
    assert "第一部分" in pages[0] and table_page > 1
    for page, stem in ((1, "page1"), (table_page, "table1")):
        subprocess.run(
            [pdftoppm, "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(tmp_path / stem)],
            check=True, timeout=60,
        )
    assert (tmp_path / "page1.png").stat().st_size > 0
    assert (tmp_path / "table1.png").stat().st_size > 0
