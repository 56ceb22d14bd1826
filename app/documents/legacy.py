"""Old Office files (Word 97-2003 .doc, Excel 97-2003 .xls) turned into .docx / .xlsx by LibreOffice.

Many published and archived 绩效目标表 are .doc files. Where LibreOffice is installed (``soffice``; the
machines' notes say how), an old file is converted once, at the boundary (an upload, the CLI), and read
as the new format from then on. Each conversion runs headless in a temporary folder of its own with a
profile of its own (two at once do not share one), no macro is run (LibreOffice's default security,
unchanged by a fresh profile), and it is stopped after ``TIMEOUT`` seconds. Without LibreOffice, or when
the file is not what its name says, the officer is told in Chinese to save it in the new format.
"""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from app.documents.text_import import TextImportError

TIMEOUT = 60  # seconds; a 绩效目标表 converts in one or two
# What each old kind becomes, LibreOffice's filter for it, and what the officer can do without it.
KINDS = {
    "doc": ("docx", "docx:MS Word 2007 XML", "Word", "请在 Word（或 WPS）中另存为 .docx 后再导入"),
    "xls": ("xlsx", "xlsx:Calc MS Excel 2007 XML", "Excel", "请在 Excel（或 WPS）中另存为 .xlsx 后再导入"),
}
# The first bytes of an OLE2 compound file: every .doc and .xls (a renamed .docx or text is refused).
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def soffice() -> str | None:
    """LibreOffice's command, if installed (``JIXIAO_SOFFICE`` names another)."""
    named = os.environ.get("JIXIAO_SOFFICE")
    if named:
        return named if shutil.which(named) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def is_legacy(filename: str) -> bool:
    return filename.rsplit(".", 1)[-1].lower() in KINDS if "." in filename else False


def modernize(data: bytes, filename: str) -> tuple[bytes, str]:
    """The .docx (.xlsx) bytes and name of an old .doc (.xls) file; TextImportError says why not."""
    old = filename.rsplit(".", 1)[-1].lower()
    new, convert_to, program, advice = KINDS[old]
    if not data.startswith(OLE2):
        raise TextImportError(f"文件“{filename}”不是有效的旧版 {program} 文件（.{old}）：{advice}")
    command = soffice()
    if command is None:
        raise TextImportError(f"本系统未安装 LibreOffice，不能读取旧版 .{old} 文件“{filename}”：{advice}")
    with tempfile.TemporaryDirectory(prefix="jixiao-convert-") as folder:
        work = Path(folder)
        source = work / f"source.{old}"
        source.write_bytes(data)
        # Its own process group: soffice is a launcher whose office process outlives a kill of the launcher alone.
        process = subprocess.Popen(
            [command, "--headless", "--norestore", "--nolockcheck",
             f"-env:UserInstallation={(work / 'profile').as_uri()}",
             "--convert-to", convert_to, "--outdir", str(work / "out"), str(source)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            cwd=folder, env={**os.environ, "HOME": folder}, start_new_session=True,
        )
        try:
            process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise TextImportError(f"旧版 .{old} 文件“{filename}”转换超时：{advice}") from None
        converted = work / "out" / f"source.{new}"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise TextImportError(f"旧版 .{old} 文件“{filename}”无法转换（文件损坏，或本机的 LibreOffice 不含 {program} 组件）：{advice}")
        return converted.read_bytes(), f"{filename.rsplit('.', 1)[0]}.{new}"
