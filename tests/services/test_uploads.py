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
