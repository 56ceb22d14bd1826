"""Uploads, one way for all of them: the file kept under a token, its limits, preview then confirm.

Every upload of the product (target tables, payments lists, a centre's service records, a
region's monthly figures) goes through here:

1. ``check`` refuses a file of the wrong kind, one over the size limit, and an Office file
   (.docx/.xlsx, a zip) whose archive is a bomb or declares a DOCTYPE — before any reader opens it;
2. ``preview`` checks the file, runs the caller's dry run on it and keeps it under a fresh
   token (a random name in the instance's upload folder), so nothing is sent twice;
3. ``confirm`` reads the kept file back by its token, runs the caller's real run, and deletes
   it whatever happens (a second confirm of the same token says the file is gone).

Abandoned previews are swept after a day. The limits come from the configuration
(``Limits.from_config``), so every upload has the same ones.
"""

import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from app.documents.archives import MAX_ENTRIES, MAX_UNCOMPRESSED, check_zip, count_rows
from app.domain.errors import DomainError

T = TypeVar("T")

TOKEN = re.compile(r"^[0-9a-f]{32}\.(?:docx|txt|csv|xlsx)$")
LIFETIME = 24 * 3600  # seconds an abandoned preview's file is kept
ZIPPED = ("docx", "xlsx")  # Office files: zip archives, checked before they are opened


@dataclass(frozen=True)
class Limits:
    """What one upload may cost: its size, and for an Office file its archive's entries and expansion."""

    max_bytes: int = 16 * 1024 * 1024
    max_entries: int = MAX_ENTRIES
    max_uncompressed: int = MAX_UNCOMPRESSED
    # Table rows a page upload may hold: reading and checking 6,000 rows (about 300 projects of
    # 20 indicators) stays within a few seconds of a worker (bench/import.py); more is refused
    # with the limit named, and goes through ``jixiao import`` on the server.
    max_rows: int | None = None

    @classmethod
    def from_config(cls, config: Mapping) -> "Limits":
        return cls(
            max_bytes=config.get("MAX_CONTENT_LENGTH") or cls.max_bytes,
            max_entries=config.get("JIXIAO_ZIP_MAX_ENTRIES", MAX_ENTRIES),
            max_uncompressed=config.get("JIXIAO_ZIP_MAX_UNCOMPRESSED", MAX_UNCOMPRESSED),
            max_rows=config.get("JIXIAO_UPLOAD_MAX_ROWS"),
        )


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in (filename or "") else ""


def check(data: bytes, filename: str, extensions: tuple[str, ...], limits: Limits = Limits(), *, label: str = "") -> str:
    """Refuse a file of another kind, too big, or an Office archive that is a bomb; return its extension."""
    extension = extension_of(filename)
    if extension not in extensions:
        raise DomainError("请选择 " + " 或 ".join(f".{e}" for e in extensions) + " 文件", "file")
    if len(data) > limits.max_bytes:
        raise DomainError(f"文件“{filename}”过大（不能超过 {_size(limits.max_bytes)}）", "file")
    if extension in ZIPPED:
        check_zip(data, max_entries=limits.max_entries, max_uncompressed=limits.max_uncompressed,
                  label=label or f"文件“{filename}”")
    if limits.max_rows:
        rows = count_rows(data, extension)
        if rows > limits.max_rows:
            raise DomainError(
                f"文件“{filename}”共有约 {rows} 行，超过网页上传的上限 {limits.max_rows} 行："
                "请分成几个文件上传，或请管理员在服务器上用 jixiao 命令导入", "file",
            )
    return extension


def _size(limit: int) -> str:
    return f"{limit // 1048576} MB" if limit >= 1048576 else f"{limit // 1024} KB"


def save_upload(folder: Path, data: bytes, filename: str, extensions: tuple[str, ...]) -> str:
    """Keep an uploaded file until it is confirmed; return its token (the stored name)."""
    extension = extension_of(filename)
    if extension not in extensions:
        raise DomainError("请选择 " + " 或 ".join(f".{e}" for e in extensions) + " 文件", "file")
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    token = f"{secrets.token_hex(16)}.{extension}"
    (folder / token).write_bytes(data)
    return token


def read_upload(folder: Path, token: str) -> bytes:
    """Return a kept upload's bytes; DomainError when the token is malformed or gone."""
    if not TOKEN.match(token or ""):
        raise DomainError("上传凭据无效，请重新上传文件", "token")
    try:
        return (folder / token).read_bytes()
    except FileNotFoundError:
        raise DomainError("上传的文件已过期或已导入，请重新上传", "token") from None


def discard_upload(folder: Path, token: str) -> None:
    """Delete a kept upload (a malformed token is ignored)."""
    if TOKEN.match(token or ""):
        (folder / token).unlink(missing_ok=True)


def _sweep(folder: Path) -> None:
    """Delete uploads abandoned at the preview."""
    limit = time.time() - LIFETIME
    for path in folder.iterdir():
        if TOKEN.match(path.name) and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Uploads:
    """The upload folder of one kind of upload, with its accepted extensions and limits."""

    folder: Path
    extensions: tuple[str, ...]
    limits: Limits = Limits()

    def preview(self, data: bytes, filename: str, dry_run: Callable[[bytes], T], *, label: str = "") -> tuple[str, T]:
        """Check the file, run ``dry_run`` on it (it raises DomainError to refuse), then keep it; return (token, result)."""
        check(data, filename, self.extensions, self.limits, label=label)
        result = dry_run(data)
        return save_upload(self.folder, data, filename, self.extensions), result

    def over_budget(self, data: bytes, filename: str, *, label: str = "") -> bool:
        """Check the file as ``preview`` does, but say whether it holds more rows than a page upload may.

        Such a file is not refused by a caller that runs it as a background job (``keep`` it).
        """
        check(data, filename, self.extensions, replace(self.limits, max_rows=None), label=label)
        budget = self.limits.max_rows
        return bool(budget) and count_rows(data, extension_of(filename)) > budget

    def keep(self, data: bytes, filename: str, max_rows: int | None, *, label: str = "") -> str:
        """Check the file with ``max_rows`` (a job's budget) instead of the page's, keep it; return its token."""
        check(data, filename, self.extensions, replace(self.limits, max_rows=max_rows), label=label)
        return save_upload(self.folder, data, filename, self.extensions)

    def reread(self, token: str, dry_run: Callable[[bytes], T]) -> T:
        """Run another dry run on a kept file (the officer changed a choice in the preview); keep it."""
        return dry_run(read_upload(self.folder, token))

    def confirm(self, token: str, run: Callable[[bytes], T]) -> T:
        """Run ``run`` on the kept file and delete it, whether the run succeeds or not."""
        try:
            return run(read_upload(self.folder, token))
        finally:
            discard_upload(self.folder, token)
