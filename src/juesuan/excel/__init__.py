"""Excel in and out: the 公开表 workbook as input (``importer``), blank templates (``template``), the filled
workbook of a dataset (``export``) and findings written onto a workbook (``annotate``)."""

from __future__ import annotations

__all__ = ["annotate", "export_workbook", "load_any", "load_workbook_dataset", "write_template"]


def __getattr__(name: str):  # lazy: importing juesuan.excel must not load openpyxl or the derivation
    if name in ("load_any", "load_workbook_dataset"):
        from juesuan.excel import importer

        return getattr(importer, name)
    if name == "export_workbook":
        from juesuan.excel.export import export_workbook

        return export_workbook
    if name == "write_template":
        from juesuan.excel.template import write_template

        return write_template
    if name == "annotate":
        from juesuan.excel.annotate import annotate

        return annotate
    raise AttributeError(name)
