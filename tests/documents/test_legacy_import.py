"""Old Word files (.doc) are read through LibreOffice: converted once, then read as the .docx they become.

The .doc files are made here by LibreOffice itself from target tables (the builder's and the product's own
Word export of the demo), as an office that still saves in Word 97-2003 would send them. Without LibreOffice
these tests skip (in CI its absence is a failure: .ci/run installs it), and the import says in Chinese to
save the file as .docx.
"""

import io
import os
import subprocess
import time

import pytest

from app.documents import legacy
from app.documents.docx_import import parse_document
from app.documents.text_import import TextImportError
from tests.conftest import login
from tests.documents.docx_builder import Table, build
from tests.factories import make_unit, make_user


def _soffice() -> str:
    path = legacy.soffice()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is required in CI (apt-get install -y libreoffice-writer)")
        pytest.skip("LibreOffice is not installed (apt-get install -y libreoffice-writer)")
    return path


def to_doc(docx: bytes, tmp_path) -> bytes:
    """The .doc LibreOffice saves a .docx as (Word 97-2003)."""
    source = tmp_path / "table.docx"
    source.write_bytes(docx)
    subprocess.run(
        [_soffice(), "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(source)],
        check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)},
    )
    return (tmp_path / "doc" / "table.doc").read_bytes()


def test_a_doc_reads_as_the_docx_it_was_saved_from(tmp_path):
    docx = build(Table(), Table(number=2, name="2024年第二个项目", code="N2"))
    doc = to_doc(docx, tmp_path)
    assert doc.startswith(legacy.OLE2)
    read = parse_document(doc, "旧表.doc")
    assert [p["name"] for p in read.projects] == [p["name"] for p in parse_document(docx, "t.docx").projects]
    assert read.projects == parse_document(docx, "t.docx").projects
    assert read.problems == []


def test_a_doc_of_the_products_own_export_reads_every_project(app, tmp_path):
    from app.services.demo import load_demo
    from app.services.exports import export_document

    load_demo()
    docx = export_document(2024)
    doc = to_doc(docx if isinstance(docx, bytes) else docx[0], tmp_path)
    original, converted = parse_document(docx if isinstance(docx, bytes) else docx[0], "a.docx"), parse_document(doc, "a.doc")
    assert len(converted.projects) == len(original.projects) > 1
    assert converted.projects == original.projects


def test_without_libreoffice_the_officer_is_told_to_save_as_docx(monkeypatch):
    monkeypatch.setenv("JIXIAO_SOFFICE", "no-such-soffice-here")
    with pytest.raises(TextImportError, match=r"未安装 LibreOffice.*另存为 \.docx"):
        parse_document(legacy.OLE2 + b"\0" * 512, "旧表.doc")


@pytest.mark.parametrize(("name", "message"), [
    ("表.doc", "不是有效的旧版 Word 文件（.doc）：请在 Word（或 WPS）中另存为 .docx"),
    ("表.xls", "不是有效的旧版 Excel 文件（.xls）：请在 Excel（或 WPS）中另存为 .xlsx"),
])
def test_a_file_that_is_no_old_office_file_is_refused_before_any_conversion(name, message, monkeypatch):
    monkeypatch.setattr(legacy, "soffice", lambda: pytest.fail("no conversion for a file that is not OLE2"))
    with pytest.raises(TextImportError, match=message):
        parse_document(b"PK\x03\x04 a renamed docx, or text", name)


def test_a_broken_doc_is_refused_with_the_import_s_own_message(app):
    from app.domain.errors import DomainError
    from app.services.imports import import_document

    _soffice()
    with pytest.raises(DomainError, match="文件“坏表.doc”中没有找到绩效目标表|无法转换"):
        import_document(legacy.OLE2 + b"\xff" * 2048, "坏表.doc")


def test_a_doc_uploaded_in_the_browser_previews_and_imports(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    doc = to_doc(build(Table()), tmp_path)
    officer = login(app.test_client(), make_user("zhang", ["officer"], [make_unit("304001", "白沟镇")]))
    page = officer.post("/imports/", data={"file": (io.BytesIO(doc), "白沟.doc"), "year": "", "unit": "", "existing": "skip"},
                        content_type="multipart/form-data")
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html
    assert "预览导入：白沟.docx" in html and 'class="status-created"' in html
    stored = list((tmp_path / "instance" / "uploads").iterdir())
    assert [p.suffix for p in stored] == [".docx"]  # kept converted: the confirmation reads the .docx
    token = stored[0].name
    done = officer.post("/imports/confirm", data={"token": token, "filename": "白沟.docx", "year": "", "unit": "",
                                                  "existing": "skip"})
    assert done.status_code == 200, done.get_data(as_text=True)
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Project

    assert [p.code for p in db.session.scalars(select(Project))] == [Table().code]


def test_a_conversion_past_its_time_is_stopped_with_every_process_it_started(tmp_path, monkeypatch):
    """A stand-in for soffice that starts a child and hangs: both are gone when the import gives up."""
    marker = tmp_path / "child.pid"
    fake = tmp_path / "slow-soffice"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {marker}\nwait\n")
    fake.chmod(0o755)
    monkeypatch.setenv("JIXIAO_SOFFICE", str(fake))
    monkeypatch.setattr(legacy, "TIMEOUT", 1)
    with pytest.raises(TextImportError, match="转换超时"):
        parse_document(legacy.OLE2 + b"\0" * 512, "慢.doc")
    child = int(marker.read_text())
    with pytest.raises(ProcessLookupError):
        for _ in range(50):  # reaped by init a moment after the kill
            os.kill(child, 0)
            time.sleep(0.1)
