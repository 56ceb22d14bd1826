"""send_document: the one way the pages send a generated file."""

from urllib.parse import quote

import pytest

from app.views.sending import mime_type, send_document


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("表.XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("audit.csv", "text/csv; charset=utf-8"),
        ("全部.zip", "application/zip"),
        ("x.bin", "application/octet-stream"),
        ("no-extension", "application/octet-stream"),
    ],
)
def test_mime_type_follows_the_extension(name, expected):
    assert mime_type(name) == expected


def test_a_document_is_a_download_under_its_chinese_name(app):
    with app.test_request_context():
        response = send_document(b"PK\x03\x04", "2024年度项目支出绩效自评表.docx")
        response.direct_passthrough = False
        assert response.get_data() == b"PK\x03\x04"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('2024年度项目支出绩效自评表.docx')}" in disposition
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_text_is_sent_as_utf8(app):
    with app.test_request_context():
        response = send_document("单位,金额\n", "a.csv")
        response.direct_passthrough = False
        assert response.get_data() == "单位,金额\n".encode()


def test_a_stored_upload_is_typed_by_its_stored_kind_not_its_given_name(app):
    with app.test_request_context():
        response = send_document(b"%PDF-1.4", "营业执照.jpg", "pdf")
    assert response.mimetype == "application/pdf"
    assert mime_type("照片.PNG") == "image/png"
