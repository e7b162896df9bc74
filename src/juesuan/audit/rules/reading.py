"""Reading rules (A001–A006): the file could not be read, has no text layer, is encrypted or empty, is not
recognised as a 部门决算 report, or has a table whose rows could not be read."""

from __future__ import annotations

from collections.abc import Iterable

from juesuan.audit.document import Where
from juesuan.audit.rules.base import (
    Context,
    Hit,
    audit_rule,
)

# --- reading ------------------------------------------------------------------------------------------

_READ_TEXT = {
    "not_text": ("内容不是文本（可能是二进制文件或扩展名有误）", "应为UTF-8或GB18030编码的文本"),
    "bad_docx": ("不是有效的Word（docx）文件或文件已损坏", "应为可打开的docx文件"),
    "zip_bomb": ("Word（docx）文件解压后过大或压缩比异常，疑似压缩炸弹，未予读取", "应为正常的docx文件"),
    "bad_pdf": ("不是有效的PDF文件或文件已损坏", "应为可打开的PDF文件"),
    "unreadable": ("文件无法打开", "请检查路径和权限"),
    "no_pdf_reader": (
        "缺少所选的PDF读取组件或选择有误",
        "应安装pypdfium2或pymupdf，并以JUESUAN_PDF_READER选择pdfium或pymupdf",
    ),
}


def _file_subject(ctx: Context) -> str:
    return f"文件“{ctx.path}”"


@audit_rule("A001")
def unreadable(ctx: Context) -> Iterable[Hit]:
    if ctx.read_error and ctx.read_error[0] in _READ_TEXT:
        found, expected = _READ_TEXT[ctx.read_error[0]]
        detail = f"（{ctx.read_error[1]}）" if ctx.read_error[1] else ""
        yield Hit(_file_subject(ctx), found + detail, expected, "", [Where()])


@audit_rule("A002")
def no_text_layer(ctx: Context) -> Iterable[Hit]:
    if ctx.doc is not None and not ctx.doc.text_layer:
        yield Hit(_file_subject(ctx), f"{ctx.doc.pages}页", "需要带文字层的PDF才能审核", "", [Where(page=1)])


@audit_rule("A003")
def encrypted(ctx: Context) -> Iterable[Hit]:
    if ctx.read_error and ctx.read_error[0] == "encrypted":
        yield Hit(_file_subject(ctx), "无法读取内容", "请提供未加密的文件", "", [Where()])


@audit_rule("A004")
def empty(ctx: Context) -> Iterable[Hit]:
    if ctx.read_error and ctx.read_error[0] in ("empty", "no_text"):
        found = "为空文件" if ctx.read_error[0] == "empty" else "没有任何文字"
        yield Hit(_file_subject(ctx), found, "公开文本应有内容", "", [Where()])


@audit_rule("A005")
def not_recognised(ctx: Context) -> Iterable[Hit]:
    doc = ctx.doc
    if doc is None or not doc.text_layer:
        return
    parts = {p.part for p in doc.paragraphs if p.heading is not None and p.heading.level == 0}
    standard = any(t.kind for t in doc.tables)
    if doc.year is None or (not parts and not standard and not ctx.facts.amounts):
        found = "未找到决算年度" if doc.year is None else "未找到部门决算的标准结构和表格"
        yield Hit(
            _file_subject(ctx),
            found,
            "按部门决算公开文本审核时，部分检查可能无法执行",
            "",
            [Where()],
        )


@audit_rule("A007")
def partly_read(ctx: Context) -> Iterable[Hit]:
    damage = ctx.doc.damage if ctx.doc is not None else None
    if damage is not None:
        yield Hit(_file_subject(ctx), damage.read_zh(), f"读取程序报告：{damage.reason}", "", [Where(page=1)])


@audit_rule("A006")
def table_not_read(ctx: Context) -> Iterable[Hit]:
    for std in ctx.tables:
        if not std.readable:
            t = std.table
            # the last table of a text cut short (a page that stops inside it): it is cut, not unreadable
            cut = ctx.doc is not None and ctx.doc.incomplete and std is ctx.tables[-1]
            yield Hit(
                f"《{t.title or '表格'}》",
                "未能识别出行和数据",
                "该表的勾稽和表文核对未执行" + (ctx.doc.unread_note() if cut and ctx.doc else ""),
                t.title,
                [t.title_where or t.where],
                severity="info" if cut else None,
            )
