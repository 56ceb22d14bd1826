"""One way to send a generated document: ``send_document(data, filename)``.

The MIME type follows the file name's extension, the name is sent as given (Chinese included:
Werkzeug writes ``filename*=UTF-8''…`` beside an ASCII fallback), and the browser is told to save
it, not to show it, so a document is never rendered as a page of ours.
"""

import re
from io import BytesIO
from pathlib import PurePath

from flask import Response, send_file

MIME_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
    ".zip": "application/zip",
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


def mime_type(filename: str) -> str:
    """The MIME type for a file name by its extension (``application/octet-stream`` when unknown)."""
    return MIME_TYPES.get(PurePath(filename).suffix.lower(), "application/octet-stream")


# Control characters (a newline made werkzeug refuse the header: a 500) and path separators never reach the
# Content-Disposition header; a name typed by a user (a project, a company, an upload) may hold them.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]+")


def safe_filename(filename: str) -> str:
    """``filename`` as a download may be named: no control characters or path separators, never empty."""
    name = _UNSAFE.sub(" ", filename or "").strip(" .")
    return name or "download"


def send_document(data: bytes | str, filename: str, kind: str | None = None) -> Response:
    """Send ``data`` as a download named ``filename``; its type by ``kind`` (an extension such as "pdf",
    for a stored upload whose given name may say otherwise) or else by the name."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    mimetype = mime_type(f"file.{kind}") if kind else mime_type(filename)
    return send_file(BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=safe_filename(filename))
