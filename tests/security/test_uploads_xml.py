"""A part of an uploaded .docx/.xlsx that declares a DOCTYPE is refused whatever its encoding.

XML parsers read UTF-16 (and UTF-32) by the byte-order mark alone; a scan for the UTF-8 bytes of
``<!DOCTYPE`` let such a part through to the readers (defusedxml and python-docx's parser then stood alone).
"""

import io
import random
import zipfile

import pytest

from app.documents.archives import CHUNK, check_zip
from app.domain.errors import DomainError

BOMB = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w>&b;</w>'


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
@pytest.mark.parametrize("doctype", [BOMB, BOMB.lower().replace("&a;", "&A;"), '<!ENTITY e SYSTEM "file:///etc/passwd">'])
def test_a_doctype_in_any_encoding_is_refused(encoding, doctype):
    part = f'<?xml version="1.0" encoding="{encoding.split("-sig")[0].upper()}"?>{doctype}<w/>'.encode(encoding)
    with pytest.raises(DomainError, match="DOCTYPE"):
        check_zip(zipped({"word/document.xml": part}))


def test_a_utf16_doctype_split_across_two_chunks_is_refused():
    rng = random.Random(2)
    filler = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(CHUNK // 2 - 6))
    part = ("<w>" + filler + "<!DOCTYPE w><w/>").encode("utf-16-le")
    assert part.find("<!DOCTYPE".encode("utf-16-le")) < CHUNK < part.find("<!DOCTYPE".encode("utf-16-le")) + 18
    with pytest.raises(DomainError, match="DOCTYPE"):
        check_zip(zipped({"xl/worksheets/sheet1.xml": part}))


def test_plain_parts_in_utf16_still_pass():
    check_zip(zipped({"word/document.xml": '<?xml version="1.0" encoding="UTF-16"?><w><t>正文</t></w>'.encode("utf-16")}))


def test_a_utf16_bomb_uploaded_as_payments_is_refused_on_the_page(app):
    from tests.conftest import login
    from tests.factories import make_project, make_unit, make_user

    unit = make_unit()
    project = make_project(unit)
    client = login(app.test_client(), make_user("officer_a", ["officer"], [unit]))
    part = ('<?xml version="1.0" encoding="UTF-16"?>' + BOMB).encode("utf-16")
    data = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": part})
    response = client.post("/payments/import", data={"year": project.year, "unit": unit.code, "file": (io.BytesIO(data), "pay.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code < 500
    assert "DOCTYPE" in response.get_data(as_text=True)


@pytest.mark.parametrize("path,extra", [("/payments/import", {}), ("/payments/import/confirm", {"token": "0" * 32 + ".csv", "filename": "p.csv"})])
def test_a_payments_import_into_a_unit_code_nobody_has_says_so(app, path, extra):
    from tests.conftest import login
    from tests.factories import make_unit, make_user

    unit = make_unit()
    client = login(app.test_client(), make_user("officer_a", ["officer"], [unit]))
    data = {"year": 2024, "unit": "999999", **extra}
    if not extra:
        data["file"] = (io.BytesIO(b"day,amount\n"), "p.csv")
    response = client.post(path, data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "单位编码 999999 不存在" in response.get_data(as_text=True)
