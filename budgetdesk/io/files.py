"""Opening and saving documents by file type, for the CLI and the GUI alike."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from budgetdesk.core.document import Document
from budgetdesk.core.findings import Finding
from budgetdesk.core.template import TemplateError
from budgetdesk.io.store import interchange
from budgetdesk.io.store.errors import ProjectError
from budgetdesk.core.performance.model import TooManyTargets
from budgetdesk.io.limits import (MAX_FILE_BYTES, ReadError, narrative_too_large, read_boundary, too_many_code_rows,
                                  unwritable)
from budgetdesk.io.read.import_report import ImportReport
from budgetdesk.io.store.tempfiles import failure_reason, sweep, write_text_atomically
from budgetdesk.resources import load_template, template_ids, template_titles

READABLE = (".bdesk", ".json", ".txt", ".xlsx", ".xlsm", ".xls", ".pdf")
WRITABLE = (".bdesk", ".json", ".xlsx", ".pdf", ".docx")


class OpenError(Exception):
    """Any input that cannot be read; the message is one Chinese line naming the file."""


class SaveError(Exception):
    """A file that cannot be written (folder missing or read-only, disk full); the old file is untouched."""


def open_document(path: Path | str, template: str | None = None, mappings=None) -> tuple[Document, ImportReport | None]:
    """``mappings``: template set id → labels taught once (``io.mappings``), applied to workbooks and text disclosures."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise OpenError(f"{path}：文件不存在")
    if suffix in READABLE and not path.is_file():
        raise OpenError(f"{path}：不是文件")
    if path.is_file() and path.stat().st_size == 0:  # not a broken workbook, not some other template: empty
        raise OpenError(f"{path.name}：文件是空的（0 字节），没有可读取的内容。请确认选对了文件，或重新保存、下载一份")
    ours = (ProjectError, interchange.InterchangeError, TemplateError, ReadError, TooManyTargets)
    try:
        with read_boundary(path, passthrough=(*ours, OpenError, OSError)):  # one boundary per file, lazy reads too
            doc, report = _open(path, suffix, template, mappings)
        problem = too_many_code_rows(doc, path.name)  # before any check runs over them
        too_large = narrative_too_large(doc.narrative)
        if problem or too_large:
            raise OpenError(problem or f"{path.name}：{too_large}，不像情况说明，未读取")
        if report is not None:  # no silent pass: what was not read is an error finding
            from budgetdesk.io.read.import_report import completeness, mark_unread, mark_whole_reading

            report.findings = completeness(report, doc.template_set, whole_package=suffix in (".pdf", ".txt"))
            mark_unread(doc, report)  # relations resting on what was not read are 未核对, not errors
            mark_whole_reading(doc, report)
        return doc, report
    except OpenError:
        raise
    except ours as exc:
        raise OpenError(_naming(path, exc)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise OpenError(f"{path.name}：无法读取（{exc}）") from exc


def _naming(path: Path, exc: Exception) -> str:
    return str(exc) if str(path.name) in str(exc) else f"{path.name}：{exc}"


def _open(path: Path, suffix: str, template: str | None, mappings=None) -> tuple[Document, ImportReport | None]:
    if suffix == ".bdesk":
        from budgetdesk.io.store import project  # SQLite only for project files

        return project.load_project(path, load_template), None
    if suffix == ".json":
        return interchange.loads(path.read_text(encoding="utf-8"), load_template), None
    if suffix in (".xlsx", ".xlsm", ".xls"):
        from budgetdesk.io.read.workbook_import import best_workbook_template, read_workbook

        if template:
            return read_workbook(path, load_template(template), mappings=mappings)
        return best_workbook_template(path, template_ids(), load_template, mappings, titles=template_titles)
    if suffix == ".txt":  # the text reader (and its 绩效/情况说明 parts) is imported only for text files
        from budgetdesk.io.read.disclosure_text import DisclosureReadError, best_template, read_disclosure

        try:
            if template:
                return read_disclosure(path, load_template(template), mappings)
            return best_template(path, [load_template(t) for t in template_ids()], mappings)
        except DisclosureReadError as exc:
            raise OpenError(_naming(path, exc)) from exc
    if suffix == ".pdf":  # our own PDF carries its document; a published package is read from its pages
        embedded = _embedded_document(path)
        if embedded is not None:
            return embedded, None
        from budgetdesk.io.read.pdf import best_pdf_template, read_pdf  # PDFium loads only for PDFs

        if template:
            return read_pdf(path, load_template(template), mappings)
        return best_pdf_template(path, [load_template(t) for t in template_ids()], mappings)
    raise OpenError(f"{path.name}：不支持的文件类型“{suffix}”，可读取 {'、'.join(READABLE)}")


def _embedded_document(path: Path) -> Document | None:
    """The document a budgetdesk PDF carries (``read/pdf_attachment``), read back exactly; None for other PDFs."""
    from budgetdesk.io.read.pdf_attachment import AttachmentError, embedded_json

    try:
        text = embedded_json(path)
    except AttachmentError as exc:
        raise OpenError(str(exc)) from exc
    return None if text is None else interchange.loads(text, load_template)


def save_document(doc: Document, path: Path | str, options: dict | None = None,
                  notices: list[str] | None = None) -> Path:
    """Save by file type; what the text sanitiser had to change is added to ``notices``.

    Every writer goes through a temporary file beside the target that is removed on failure.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in WRITABLE:
        raise OpenError(f"{path.name}：不支持保存为“{suffix}”，可保存为 {'、'.join(WRITABLE)}")
    problem = unwritable(doc, path)  # every read limit holds on writing too: never a file we cannot open again
    if problem:
        raise SaveError(problem)
    if suffix != ".bdesk":  # (a project save sweeps its folder itself)
        sweep(path.parent)  # temporaries killed saves left where this one goes
    try:
        if suffix == ".bdesk":
            from budgetdesk.io.store import project

            return project.save_project(doc, path, notices=notices)
        if suffix == ".xlsx":
            from budgetdesk.io.write.xlsx_export import WorkbookTooLarge, export_xlsx

            try:
                return export_xlsx(doc, path, notices=notices)
            except WorkbookTooLarge as exc:  # a sheet or the file past the workbook reader's limits
                raise SaveError(str(exc)) from exc
        if suffix == ".pdf":
            from budgetdesk.io.write.pdf_export import export_pdf

            return export_pdf(doc, path, notices=notices, **(options or {}))
        if suffix == ".docx":  # the 情况说明, to finish in Word/WPS
            from budgetdesk.io.write.docx import write_docx

            if not doc.narrative:
                raise OpenError(f"{path.name}：文档还没有情况说明，无法导出为 Word")
            title = f"{doc.meta.unit_name}{doc.meta.year or ''}年部门预算情况说明"
            from budgetdesk.io.write.chart_draw import document_charts

            return write_docx(doc.narrative, path, title=title, charts=document_charts(doc), notices=notices)
        from budgetdesk.io.sanitize import Sanitizer

        sanitizer = Sanitizer()  # the writers' one sanitiser, as for .bdesk: a lone surrogate becomes U+FFFD
        text = interchange.dumps(doc, sanitizer)
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES[".json"]:
            raise SaveError(f"{path.name}：写成 JSON 有 {size / (1 << 20):.1f} MB，超过读取 .json 的上限 "
                            f"{MAX_FILE_BYTES['.json'] >> 20} MB，写出后将无法再打开，未写出；请另存为 .bdesk")
        written = write_text_atomically(path, text, errors="backslashreplace")
        if notices is not None:
            notices.extend(sanitizer.notices)
        return written
    except ProjectError as exc:
        raise SaveError(str(exc)) from exc

    except OSError as exc:
        raise SaveError(f"无法写出“{path}”：{failure_reason(exc)}。请腾出空间或换一个可写的位置；原文件未被改动。") from exc


def with_sources(findings: list[Finding], report: ImportReport | None) -> list[Finding]:
    """Name the source cell (sheet/line) of each finding when the document was imported."""
    if report is None:
        return findings
    named = {f.table for f in report.findings if f.table}  # IMPORT-EMPTY/MISSING already say the table was not read
    findings = list(report.findings) + [f for f in findings if not (f.rule == "IMPORT-INCOMPLETE" and f.table in named)]
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


def refused_whole(exc: BaseException) -> bool:
    """Whether ``open_document`` refused the file at a read limit or as damaged (its ``OpenError``): then no part of
    it is checked — its text alone would read as 通过 over tables that were never read. A PDF's own refusals
    (tables no template knows, a text without tables) leave its text to be checked."""
    import sys

    cause, pdf = exc.__cause__, sys.modules.get("budgetdesk.io.read.pdf_layout")
    return isinstance(cause, ReadError) and not (pdf is not None and isinstance(cause, pdf.PdfError))


def tables_not_read(exc: BaseException) -> list[Finding]:
    """The error finding for a PDF whose printed tables no template set recognises (``OpenError`` from
    ``open_document``), so that checking its text alone never says 通过; empty for any other reason."""
    import sys

    from budgetdesk.core.findings import Severity

    cause, pdf = exc.__cause__, sys.modules.get("budgetdesk.io.read.pdf")  # not read as a PDF: not loaded either
    if pdf is None or not isinstance(cause, pdf.PdfTablesNotRecognised):
        return []
    return [Finding("IMPORT-UNREAD", Severity.ERROR, "", None, None,
                    f"{cause}：其中的表没有读入，也没有核对，只检查了情况说明的文字", source=None)]
