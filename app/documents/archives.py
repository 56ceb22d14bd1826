"""A guard for uploaded Office files: .docx and .xlsx are zip archives, and a zip can be a bomb.

Checked before python-docx or openpyxl opens the file: how many entries, how much they
claim to expand to, and how much each is compressed. Python's ``zipfile`` never returns
more than an entry's declared size, so checking the declared sizes bounds what any
reader of the archive will inflate.

XML external entities: python-docx parses parts with its own lxml parser
(``resolve_entities=False``, no network), and openpyxl uses defusedxml when installed
or an lxml/ElementTree parser that does not fetch external entities: a DOCTYPE in a
part cannot read files or reach the network. ``check_zip`` also refuses a part that
declares a DOCTYPE at all, which no Office file needs.
"""

import io
import zipfile

from app.domain.errors import DomainError

MAX_ENTRIES = 2000
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # 200 MB in all
MAX_RATIO = 200  # deflate reaches ~1000:1 only on pathological input; Word files stay far below
RATIO_FLOOR = 1024 * 1024  # small parts may compress very well (repeated XML): only check big ones


def check_zip(
    data: bytes,
    *,
    max_entries: int = MAX_ENTRIES,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: int = MAX_RATIO,
    label: str = "上传的文件",
) -> None:
    """Raise DomainError if ``data`` is not a zip archive or could expand beyond the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DomainError(f"{label}不是有效的 Office 文件（.docx/.xlsx），或文件已损坏") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > max_entries:
            raise DomainError(f"{label}包含 {len(entries)} 个部件，超过上限 {max_entries}，拒绝打开")
        total = 0
        for entry in entries:
            if entry.flag_bits & 0x1:
                raise DomainError(f"{label}已加密，不能导入")
            total += entry.file_size
            if total > max_uncompressed:
                raise DomainError(
                    f"{label}解压后超过 {max_uncompressed // (1024 * 1024)} MB，疑似压缩炸弹，拒绝打开"
                )
            if entry.file_size > RATIO_FLOOR and entry.file_size > max_ratio * max(entry.compress_size, 1):
                raise DomainError(f"{label}中的部件“{entry.filename}”压缩比异常，疑似压缩炸弹，拒绝打开")
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels")) and entry.file_size:
                with archive.open(entry) as part:
                    head = part.read(2048)
                if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                    raise DomainError(f"{label}中的部件“{entry.filename}”声明了 DOCTYPE/实体，拒绝打开")
