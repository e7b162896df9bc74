"""Check a file before openpyxl opens it: is it an .xlsx at all, is it encrypted, is it too large once
unpacked (a zip bomb)? Each problem is an ``InputError`` with a plain Chinese message.

An encrypted (password-protected) workbook and an old binary .xls are both OLE compound files, not zip
archives; an encrypted one holds an ``EncryptedPackage`` stream. The uncompressed sizes are read from the
zip's central directory, so nothing is inflated before the limits are checked; the same limits
(``zip_problem``) guard .docx files for the auditor and the web app's audit inbox.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from juesuan.errors import InputError, InputProblem

MAX_FILE_BYTES = 50 * 1024 * 1024  # the file as stored
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all entries inflated
MAX_ENTRY_BYTES = 100 * 1024 * 1024  # one entry inflated
MAX_RATIO = 200  # inflated / stored, for entries over 1 MB inflated
MAX_ENTRIES = 5_000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


def fail(file: str, text: str, code: str = "not_a_file", key: str = "") -> InputError:
    return InputError([InputProblem(file, text, None, None, key, code)])


def read_checked(path: Path) -> bytes:
    """The bytes of the workbook at ``path``, after every check; raises ``InputError``."""
    file = str(path)
    if not path.exists():
        raise fail(file, f"文件不存在：{path}", "file_not_found")
    if not path.is_file():
        raise fail(file, f"不是文件：{path}")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise fail(file, f"工作簿过大（{size / 1048576:.1f} MB，上限 {MAX_FILE_BYTES // 1048576} MB）")
    data = path.read_bytes()
    check_bytes(file, data)
    return data


def zip_problem(infos: list[zipfile.ZipInfo], what: str) -> str | None:
    """Why a zip package (a workbook, a .docx) must not be inflated — a zip bomb — judged from its
    directory alone, or None; ``what`` names the package in the message."""
    if len(infos) > MAX_ENTRIES:
        return f"{what}结构异常：包含 {len(infos)} 个部件，疑似压缩炸弹"
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_ENTRY_BYTES:
            return f"{what}部件 {info.filename} 解压后过大（{info.file_size / 1048576:.0f} MB），疑似压缩炸弹"
        if info.file_size > 1048576 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            return f"{what}部件 {info.filename} 压缩比异常（{ratio}:1），疑似压缩炸弹"
    if total > MAX_UNPACKED_BYTES:
        return f"{what}解压后过大（{total / 1048576:.0f} MB），疑似压缩炸弹"
    return None


def check_bytes(file: str, data: bytes) -> None:
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise fail(
                file, "工作簿已加密（设置了打开密码），无法读取：请在 Excel 或 WPS 中取消密码后另存为 .xlsx"
            )
        raise fail(file, "这是旧版 Excel 工作簿（.xls），请在 Excel 或 WPS 中另存为 .xlsx 后再导入")
    if not data.startswith(b"PK"):
        raise fail(file, "不是 Excel 工作簿（.xlsx）：文件不是 xlsx 格式")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise fail(file, f"不是有效的 .xlsx 工作簿（压缩包损坏：{exc}）") from None
    problem = zip_problem(infos, "工作簿")
    if problem:
        raise fail(file, problem)
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        if "EncryptionInfo" in names or any(n.endswith("EncryptedPackage") for n in names):
            raise fail(file, "工作簿已加密（设置了打开密码），无法读取")
        raise fail(file, "不是 Excel 工作簿（.xlsx）：缺少 xl/workbook.xml（可能是 Word 或其他 Office 文件）")


_SHEET = re.compile(rb'<sheet [^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(rb'<Relationship [^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_REL2 = re.compile(rb'<Relationship [^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
_FORMULA_NO_VALUE = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"[^>]*>\s*<f[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>'
)


def formulas_without_values(data: bytes) -> dict[str, set[str]]:
    """Sheet title → cells holding a formula with no cached value (never calculated, e.g. written by a
    program): their value is unknown, so an amount there must be reported, not read as blank."""
    import html

    out: dict[str, set[str]] = {}
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile):
        return out
    targets = {m.group(1): m.group(2) for m in _REL.finditer(rels)}
    targets |= {m.group(2): m.group(1) for m in _REL2.finditer(rels)}
    for match in _SHEET.finditer(book):
        title = html.unescape(match.group(1).decode("utf-8"))
        target = targets.get(match.group(2))
        if target is None:
            continue
        name = target.decode("utf-8").lstrip("/")
        if not name.startswith("xl/"):
            name = "xl/" + name
        try:
            xml = archive.read(name)
        except KeyError:
            continue
        if b"<f" not in xml:
            continue
        cells = {m.group(1).decode("ascii") for m in _FORMULA_NO_VALUE.finditer(xml)}
        if cells:
            out[title] = cells
    return out
