"""The department document of the demo data converts to PDF with LibreOffice, and its pages render.

The PNGs of page 1 and of table 1's page are kept in the test's tmp dir (pytest
prints it with ``-v --basetemp``): put them beside seed 004 to compare by eye.
"""

import os
import re
import shutil
import struct
import subprocess
import zlib

import pytest

from app.services.demo import load_demo
from app.services.exports import export_document

pytestmark = pytest.mark.slow
DPI = 100


def tool(name: str) -> str:
    """Find a command; skip without it, unless CI is set (then its absence is a failure)."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI (apt-get install -y libreoffice-writer poppler-utils)")
        pytest.skip(f"{name} is not installed (apt-get install -y libreoffice-writer poppler-utils)")
    return path


def png_gray(path) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit gray or RGB PNG (what pdftoppm writes) into rows of gray values."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    position, idat = 8, b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color in (0, 2) and not interlace, f"{path.name}: unexpected PNG format"
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    step = 1 if color == 0 else 3  # bytes per pixel
    stride = width * step
    rows, previous = [], bytes(stride)
    for y in range(height):
        line = raw[y * (stride + 1) : (y + 1) * (stride + 1)]
        kind, row = line[0], bytearray(line[1:])
        for x in range(stride):  # undo the scanline filter (PNG spec, section 9)
            left = row[x - step] if x >= step else 0
            up, corner = previous[x], previous[x - step] if x >= step else 0
            if kind == 1:
                row[x] = (row[x] + left) & 0xFF
            elif kind == 2:
                row[x] = (row[x] + up) & 0xFF
            elif kind == 3:
                row[x] = (row[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                row[x] = (row[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(row[::step]))  # gray pages: one channel tells the value
        previous = row
    return width, height, rows


def check_page(path) -> int:
    """An A4 portrait page with some ink and mostly paper; return the number of long horizontal rules."""
    width, height, rows = png_gray(path)
    assert abs(height / width - 297 / 210) < 0.02, f"{path.name}: {width}×{height} is not A4 portrait"
    ink = sum(1 for row in rows for value in row if value < 128) / (width * height)
    assert 0.002 < ink < 0.3, f"{path.name}: {ink:.2%} of the page is ink"
    rule = re.compile(rb"[\x00-\xbf]{%d,}" % (width // 2))  # a dark run across half the page: a table border
    return sum(1 for row in rows if rule.search(row))


def test_department_document_converts_to_pdf(app, tmp_path):
    soffice, pdftoppm, pdftotext = tool("soffice"), tool("pdftoppm"), tool("pdftotext")
    load_demo()
    source = tmp_path / "department.docx"
    source.write_bytes(export_document(2024, "304001", department=True))
    # A profile of its own, so a running LibreOffice of the user does not swallow the conversion.
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    result = subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    pdf = tmp_path / "department.pdf"
    assert result.returncode == 0 and pdf.exists() and pdf.stat().st_size > 0, result.stderr or result.stdout

    # pdftotext separates pages by \f. Part 1 is on page 1; every table starts a page.
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
    pages = text.split("\f")
    assert "第一部分" in pages[0] and "部门整体绩效目标" in pages[0]
    starts = {}
    for number, page in enumerate(pages, start=1):
        # A table's head block holds 项目编码 once: two on a page would be two tables sharing it.
        assert page.count("项目编码") <= 1, f"page {number} holds two tables"
        # Table 1 follows the 第二部分 heading on its page (seed 004); the others start their page.
        first = re.match(r"\s*(?:第二部分\s+预算项目绩效目标\s+)?(\d+)\. ?\S", page)  # "1. 2024年…" (issue 12)
        if first and "项目编码" in page:
            starts[int(first.group(1))] = number
    assert list(starts) == list(range(1, 15)) and starts[1] > 1
    assert pages[starts[1] - 1].strip().startswith("第二部分")
    assert "单位：万元" in pages[starts[1] - 1] and "一级指标" in pages[starts[1] - 1]

    for page, stem in ((1, "page1"), (starts[1], "table1")):
        subprocess.run(
            [pdftoppm, "-png", "-gray", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile",
             str(pdf), str(tmp_path / stem)],
            check=True, timeout=60,
        )
    assert check_page(tmp_path / "page1.png") == 0  # prose only
    assert check_page(tmp_path / "table1.png") >= 8  # the bordered rows of table 1
