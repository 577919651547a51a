"""GUI benchmarks (offscreen): one-cell edit to repainted rows on a 310-row table; cold start with the sample;
the wide 绩效目标表 of the Yongchuan seed (44 project bands) built and painted, and one edit in it.

Run with ``benchmarks/run``. Times are medians, in milliseconds.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("BUDGETDESK_USER_DIR", tempfile.mkdtemp(prefix="bd-bench-"))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.core_bench import synthetic_document  # noqa: E402
from budgetdesk.ui.app import ensure_app  # noqa: E402
from budgetdesk.ui.main_window import MainWindow  # noqa: E402

COLD_START = """
import time, sys
t0 = float(sys.argv[1])
from budgetdesk.ui.app import ensure_app, open_initial
from budgetdesk.ui.main_window import MainWindow
from PySide6.QtCore import QSettings
app = ensure_app()
w = MainWindow(QSettings(sys.argv[2], QSettings.Format.IniFormat))
open_initial(w, None)
w.show()
app.processEvents()
print(f"{(time.time() - t0) * 1000:.1f}")
"""


def edit_to_repaint(live_totals: bool = False) -> tuple[float, int]:
    """With ``live_totals`` the edit also recomputes the 款, 类 and 合计 above it (实时合计)."""
    app = ensure_app()
    window = MainWindow(QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat))
    doc = synthetic_document()
    doc.set_live_totals(live_totals)
    window.set_document(doc, None)
    window.resize(1400, 900)
    window.show()
    window.select_table("expenditure")
    page = window.current_page()
    app.processEvents()
    index = page.model.index_of("2050303", "basic")
    page.view.scrollTo(index)
    app.processEvents()
    times = []
    for n in range(200):
        value = str(Decimal(10_000 + n) / 100)
        start = time.perf_counter()
        page.model.setData(index, value)
        app.processEvents()  # delta applied, dataChanged for touched rows, viewport repainted
        times.append((time.perf_counter() - start) * 1000)
    rows = len(page.model.table.rows)
    window.undo.setClean()
    window.close()
    window.deleteLater()
    app.processEvents()
    return statistics.median(times), rows


def performance_wide() -> tuple[float, float, int, int]:
    """The 绩效 page showing Yongchuan's wide table: (build + paint, one cell edit → checks + repaint) in ms."""
    from tests.conftest import SEED_FILES

    app = ensure_app()
    window = MainWindow(QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat))
    window.resize(1400, 900)
    window.show()
    window.open_path(SEED_FILES["yongchuan"][0])
    window.select_table("performance")
    page = window.performance_page
    projects = page.doc.performance.of_kind(page.doc.performance.targets[-1].kind)
    app.processEvents()
    builds = []
    for _ in range(15):
        page.select_key("overall")
        page.wide_model.show_kind(None)
        app.processEvents()
        start = time.perf_counter()
        page.select_key(projects[3].key)
        app.processEvents()
        builds.append((time.perf_counter() - start) * 1000)
    model = page.wide_model
    edits = []
    for n in range(40):
        index = model.index_of(projects[3].key, "total")
        start = time.perf_counter()
        model.setData(index, str(Decimal(20_000 + n) / 100))
        app.processEvents()
        edits.append((time.perf_counter() - start) * 1000)
    indicators = sum(len(t.indicators) for t in projects)
    window.undo.setClean()
    window.close()
    window.deleteLater()
    app.processEvents()
    return statistics.median(builds), statistics.median(edits), len(projects), indicators


def cold_start() -> float:
    results = []
    for _ in range(5):
        settings = os.path.join(tempfile.mkdtemp(), "s.ini")
        out = subprocess.run([sys.executable, "-c", COLD_START, repr(time.time()), settings],
                             capture_output=True, text=True, check=True)
        results.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(results)


def main() -> None:
    edit, rows = edit_to_repaint()
    live, _ = edit_to_repaint(live_totals=True)
    start = cold_start()
    wide, wide_edit, projects, indicators = performance_wide()
    print()
    print("| GUI benchmark (offscreen) | median |")
    print("|---|---|")
    print(f"| edit one cell in a {rows}-row 支出总表 → findings updated, rows repainted (target ≤ 16 ms) | {edit:.1f} ms |")
    print(f"| the same edit with 实时合计 on (the 项's 合计, its 款, 类 and 合计 recomputed, one undo step) | {live:.1f} ms |")
    print(f"| cold start to a shown window with the sample open (target ≤ 1.5 s) | {start:.0f} ms |")
    print(f"| 绩效: Yongchuan's wide 预算项目绩效目标表 ({projects} projects, {indicators} indicators) built and painted "
          f"| {wide:.1f} ms |")
    print(f"| 绩效: one cell of that table edited → findings updated, band repainted | {wide_edit:.1f} ms |")
    app = QApplication.instance()
    app.processEvents()
    app.shutdown()  # deterministic teardown of Qt objects before the interpreter finalises


if __name__ == "__main__":
    main()
