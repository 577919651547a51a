"""Starting the desktop app: fonts, recovery of unsaved work after a crash, the first document."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QSettings, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from budgetdesk import __version__
from budgetdesk.core.findings import Severity
from budgetdesk.io.files import OpenError, open_document
from budgetdesk.resources import icon_path, sample_path
from budgetdesk.ui.flows.crash import CrashHandler, log, setup_logging
from budgetdesk.ui.main_window import MainWindow
from budgetdesk.ui.flows.recovery import offer_recovery  # noqa: F401 - the start-up step, importable from here

CJK_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "PingFang SC", "Noto Sans CJK SC",
                "WenQuanYi Micro Hei", "Source Han Sans SC"]


def ensure_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or sys.argv[:1])
    app.setOrganizationName("budgetdesk")
    app.setApplicationName("budgetdesk")
    app.setApplicationVersion(__version__)
    if icon_path().is_file():
        app.setWindowIcon(QIcon(str(icon_path())))
    _install_qt_translation(app)
    available = set(QFontDatabase.families())
    families = [f for f in CJK_FAMILIES if f in available]
    if families:
        font = QFont(app.font())
        font.setFamilies(families + [app.font().family()])
        app.setFont(font)
    return app


def _install_qt_translation(app: QApplication) -> None:
    """Qt's own dialogs (file chooser, print dialog, Yes/No buttons) in Chinese."""
    if app.property("budgetdesk_qt_zh") is not None:
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    loaded = translator.load("qtbase_zh_CN", folder)
    if loaded:
        app.installTranslator(translator)
    app.setProperty("budgetdesk_qt_zh", loaded)  # tried once; main() logs a miss once the log is open


def open_initial(window: MainWindow, path: str | None) -> None:
    if path:
        if window.open_path(path):
            return
    doc, _ = open_document(sample_path())
    window.set_document(doc, None)
    window.statusBar().showMessage("已打开自带样例：重庆市永川区人力资源和社会保障局 2024 年部门预算", 10000)


def main(argv: list[str] | None = None, *, self_test: bool = False) -> int:
    """The desktop app. ``self_test`` opens the window, checks the document and exits: the packaged
    build's smoke test and a quick "does it start here?" for support."""
    argv = list(sys.argv[1:] if argv is None else argv)
    app = ensure_app([sys.argv[0]])
    log_path = setup_logging()
    if not app.property("budgetdesk_qt_zh"):
        log.info("没有找到 Qt 中文翻译（%s），Qt 自带对话框将显示英文",
                 QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    window: MainWindow | None = None
    CrashHandler(lambda: window, log_path).install()
    window = MainWindow(QSettings())
    if self_test or not offer_recovery(window):
        try:
            open_initial(window, argv[0] if argv else None)
        except OpenError as exc:
            log.warning("无法打开 %s", exc)
            if self_test:
                print(f"自检失败：{exc}", file=sys.stderr)
                return 1
            QMessageBox.critical(window, "无法打开", str(exc))
    window.show()
    if self_test:
        QTimer.singleShot(0, lambda: app.exit(_report_self_test(window, log_path)))
    code = app.exec()
    log.info("退出，代码 %s", code)
    return code


def _self_test_printing(window: MainWindow) -> int:
    """Print the package the way 打印 does (publication PDF → PDFium → QPrinter), onto a PDF printer."""
    from PySide6.QtPrintSupport import QPrinter

    from budgetdesk.ui.flows.printing import print_pdf

    source = window.package_pdf()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(source.with_name("自检打印.pdf")))
    pages = print_pdf(printer, source)
    if pages < 1:
        raise OSError("打印管线没有输出任何一页")
    return pages


def _report_self_test(window: MainWindow, log_path) -> int:
    if window.doc is None or window.checker is None or not window.isVisible():
        log.error("自检失败：窗口未能打开文档")
        print("自检失败：窗口未能打开文档", file=sys.stderr)
        return 1
    findings = window.checker.findings()
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    try:
        printed = _self_test_printing(window)
    except Exception:
        log.exception("自检失败：打印管线出错")
        print("自检失败：打印管线出错，见日志", file=sys.stderr)
        return 1
    opened = window.path.name if window.path else "自带样例"
    verdict = (f"自检通过：budgetdesk {__version__}；{opened}；{window.doc.meta.unit_name} {window.doc.meta.year} 年，"
               f"{len(window.pages)} 张表，{errors} 个错误；打印管线输出 {printed} 页；日志 {log_path}")
    log.info(verdict)  # the windowed Windows executable has no console: the log is where the smoke test looks
    print(verdict)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
