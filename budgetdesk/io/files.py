"""Opening and saving documents by file type, for the CLI and the GUI alike."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from budgetdesk.core.document import Document
from budgetdesk.core.findings import Finding
from budgetdesk.core.template import TemplateError
from budgetdesk.io import interchange, project
from budgetdesk.io.disclosure_text import DisclosureReadError, best_template, read_disclosure
from budgetdesk.io.placement import ImportReport
from budgetdesk.resources import load_template, template_ids

READABLE = (".bdesk", ".json", ".txt", ".xlsx", ".xlsm", ".xls")
WRITABLE = (".bdesk", ".json", ".xlsx", ".pdf")


class OpenError(Exception):
    """Any input that cannot be read; the message is one Chinese line naming the file."""


def open_document(path: Path | str, template: str | None = None, mappings=None) -> tuple[Document, ImportReport | None]:
    """``mappings``: template set id → labels taught once (``io.mappings``), applied to workbooks and text disclosures."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if not path.exists():
            raise OpenError(f"{path}：文件不存在")
        if suffix == ".bdesk":
            return project.load_project(path, load_template), None
        if suffix == ".json":
            return interchange.loads(path.read_text(encoding="utf-8"), load_template), None
        if suffix in (".xlsx", ".xlsm", ".xls"):
            from budgetdesk.io.workbook_import import best_workbook_template, read_workbook

            if template:
                return read_workbook(path, load_template(template), mappings=mappings)
            return best_workbook_template(path, [load_template(t) for t in template_ids()], mappings)
        if suffix == ".txt":
            if template:
                return read_disclosure(path, load_template(template), mappings)
            return best_template(path, [load_template(t) for t in template_ids()], mappings)
    except (project.ProjectError, interchange.InterchangeError, DisclosureReadError, TemplateError, ValueError) as exc:
        raise OpenError(str(exc) if str(path.name) in str(exc) else f"{path.name}：{exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise OpenError(f"{path.name}：无法读取（{exc}）") from exc
    raise OpenError(f"{path.name}：不支持的文件类型“{suffix}”，可读取 {'、'.join(READABLE)}")


def save_document(doc: Document, path: Path | str, options: dict | None = None) -> Path:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".bdesk":
        return project.save_project(doc, path)
    if suffix == ".xlsx":
        from budgetdesk.io.xlsx_export import export_xlsx

        return export_xlsx(doc, path)
    if suffix == ".pdf":
        from budgetdesk.io.pdf_export import export_pdf

        return export_pdf(doc, path, **(options or {}))
    if suffix == ".json":
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(interchange.dumps(doc), encoding="utf-8")
        tmp.replace(path)
        return path
    raise OpenError(f"{path.name}：不支持保存为“{suffix}”，可保存为 {'、'.join(WRITABLE)}")


def with_sources(findings: list[Finding], report: ImportReport | None) -> list[Finding]:
    """Name the source cell (sheet/line) of each finding when the document was imported."""
    if report is None:
        return findings
    out = []
    for f in findings:
        loc = report.locations.get((f.table, f.row or "", f.column or "")) if f.row and f.column else None
        out.append(_suspect_sources(f.with_source(loc) if loc else f, report))
    return out


def _suspect_sources(f: Finding, report: ImportReport) -> Finding:
    """Suspect cells named by their sheet!A1 too; the hint in the message points at the first one."""
    if not f.suspects:
        return f
    suspects = tuple(replace(s, source=report.locations.get((s.table, s.row or "", s.column or ""))) for s in f.suspects)
    first = suspects[0].source
    return replace(f, suspects=suspects, message=f"{f.message}（{first}）" if first else f.message)
