"""The one upload service: a kept file under a token, the same limits for every upload, preview then confirm."""

import io
import zipfile

import pytest

from app.domain.errors import DomainError
from app.services.uploads import Limits, Uploads, check


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_file_of_another_kind_or_too_big_is_refused_before_anything_reads_it():
    with pytest.raises(DomainError, match="请选择 .csv 或 .xlsx 文件"):
        check(b"x", "a.docx", ("csv", "xlsx"))
    with pytest.raises(DomainError, match="过大（不能超过 1 KB）"):
        check(b"x" * 2048, "a.csv", ("csv",), Limits(max_bytes=1024))
    assert check(b"a,b\n", "A.CSV", ("csv",)) == "csv"


def test_office_files_are_checked_as_archives():
    bomb = zipped({"word/document.xml": b"<a/>" + b" " * (3 * 1024 * 1024)})
    with pytest.raises(DomainError, match="解压后超过 1 MB"):
        check(bomb, "a.docx", ("docx",), Limits(max_uncompressed=1024 * 1024))
    with pytest.raises(DomainError, match="不是有效的 Office 文件"):
        check(b"not a zip", "a.xlsx", ("xlsx",))
    doctype = zipped({"xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><w/>'})
    with pytest.raises(DomainError, match="DOCTYPE"):
        check(doctype, "a.xlsx", ("xlsx",))


def test_preview_keeps_the_file_and_confirm_runs_it_once(tmp_path):
    store = Uploads(tmp_path, ("csv",))
    seen = []
    token, result = store.preview(b"a,b\n", "list.csv", lambda data: seen.append(("dry", data)) or "previewed")
    assert result == "previewed" and (tmp_path / token).read_bytes() == b"a,b\n"
    assert store.reread(token, lambda data: "again") == "again" and (tmp_path / token).exists()
    assert store.confirm(token, lambda data: seen.append(("run", data)) or "saved") == "saved"
    assert seen == [("dry", b"a,b\n"), ("run", b"a,b\n")] and not (tmp_path / token).exists()
    with pytest.raises(DomainError, match="已过期或已导入"):
        store.confirm(token, lambda data: "twice")


def test_a_refused_preview_keeps_nothing_and_a_failed_confirm_deletes_the_file(tmp_path):
    store = Uploads(tmp_path, ("csv",))

    def refuse(data):
        raise DomainError("第 2 行：金额无效")

    with pytest.raises(DomainError, match="第 2 行"):
        store.preview(b"a,b\n", "list.csv", refuse)
    assert not tmp_path.exists() or not any(tmp_path.iterdir())
    token, _ = store.preview(b"a,b\n", "list.csv", lambda data: None)
    with pytest.raises(DomainError):
        store.confirm(token, refuse)
    assert not (tmp_path / token).exists()


@pytest.mark.parametrize("token", ["../secret_key", "a" * 32 + ".exe", "", "A" * 32 + ".csv"])
def test_tokens_are_strict(tmp_path, token):
    with pytest.raises(DomainError, match="上传凭据无效"):
        Uploads(tmp_path, ("csv",)).confirm(token, lambda data: None)


def test_a_doctype_anywhere_in_a_part_is_refused_not_only_in_its_first_bytes():
    late = b'<?xml version="1.0"?>' + b"<!-- " + b"x" * 5000 + b" -->" + b'<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]><w>&e;</w>'
    with pytest.raises(DomainError, match="DOCTYPE"):
        check(zipped({"word/document.xml": late}), "a.docx", ("docx",))
    import random

    rng = random.Random(1)
    filler = bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz ") for _ in range(1024 * 1024 - 5))
    across = b"<w>" + filler + b"<!DOCTYPE w><w/>"  # the word split across two chunks (text that does not compress away)
    with pytest.raises(DomainError, match="DOCTYPE"):
        check(zipped({"word/document.xml": across}), "a.docx", ("docx",))


def test_openpyxl_reads_workbooks_through_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML  # entities and DTDs are refused by the parser itself too


def test_a_page_upload_has_a_row_budget_named_in_its_message():
    from docx import Document

    document = Document()
    document.add_table(rows=40, cols=2)
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(DomainError, match="共有约 40 行，超过网页上传的上限 30 行"):
        check(out.getvalue(), "big.docx", ("docx",), Limits(max_rows=30))
    assert check(out.getvalue(), "big.docx", ("docx",), Limits(max_rows=40)) == "docx"
    with pytest.raises(DomainError, match="超过网页上传的上限 2 行"):
        check(b"a\nb\nc\n", "list.csv", ("csv",), Limits(max_rows=2))


def test_the_import_page_refuses_a_document_over_the_row_budget(client, app, tmp_path, monkeypatch):
    from tests.documents.docx_builder import Table, build

    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    app.config["JIXIAO_UPLOAD_MAX_ROWS"] = 10
    app.config["JIXIAO_JOB_MAX_ROWS"] = 10  # over the page's budget the import runs as a job (tests/views/test_jobs.py), within its own
    page = client.post("/imports/", data={"file": (io.BytesIO(build(Table())), "t.docx"), "year": "", "unit": "",
                                          "existing": "skip"}, content_type="multipart/form-data")
    assert page.status_code == 422 and "超过网页上传的上限 10 行" in page.get_data(as_text=True)
