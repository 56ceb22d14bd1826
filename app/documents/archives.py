"""A guard for uploaded Office files: .docx and .xlsx are zip archives, and a zip can be a bomb.

Checked before python-docx or openpyxl opens the file: how many entries, how much they
claim to expand to, and how much each is compressed. Python's ``zipfile`` never returns
more than an entry's declared size, so checking the declared sizes bounds what any
reader of the archive will inflate.

XML external entities: python-docx parses parts with its own lxml parser
(``resolve_entities=False``, no network), and openpyxl uses defusedxml when installed
(a dependency, so always) which refuses DTDs and entities: a DOCTYPE in a part cannot read
files or reach the network. ``check_zip`` also refuses a part that declares a DOCTYPE or an
entity anywhere in it (the whole part is scanned, not its first bytes), which no Office file needs.
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
            if entry.filename.endswith((".xml", ".rels", ".vml")) and entry.file_size:
                with archive.open(entry) as part:
                    if _declares_dtd(part):
                        raise DomainError(f"{label}中的部件“{entry.filename}”声明了 DOCTYPE/实体，拒绝打开")


CHUNK = 1024 * 1024
# In every encoding an XML parser accepts without a declaration's help (a part in UTF-16 hid its
# DOCTYPE from a scan for the UTF-8 bytes). ``bytes.upper`` leaves the zero bytes as they are.
_DTD = tuple(
    word.encode(encoding)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_TAIL = max(len(word) for word in _DTD)


def _declares_dtd(part) -> bool:
    """Whether a part declares a DOCTYPE or an entity anywhere (read in chunks, each overlapping the last)."""
    tail = b""
    while chunk := part.read(CHUNK):
        window = (tail + chunk).upper()
        if any(word in window for word in _DTD):
            return True
        tail = window[-_TAIL:]
    return False


def count_rows(data: bytes, extension: str) -> int:
    """How many table rows a file holds, counted without parsing it (for the upload budget)."""
    if extension == "docx":
        return _count_in_parts(data, lambda name: name.startswith("word/") and name.endswith(".xml"), b"<w:tr")
    if extension == "xlsx":
        return _count_in_parts(data, lambda name: name.startswith("xl/worksheets/") and name.endswith(".xml"), b"<row")
    return data.count(b"\n") + 1


def _count_in_parts(data: bytes, wanted, marker: bytes) -> int:
    count = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for entry in archive.infolist():
            if not wanted(entry.filename):
                continue
            tail = b""
            with archive.open(entry) as part:
                while chunk := part.read(CHUNK):
                    window = tail + chunk
                    count += window.count(marker) - tail.count(marker)
                    tail = window[-(len(marker) - 1):]
    return count
