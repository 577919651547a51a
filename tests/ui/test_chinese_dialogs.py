"""Qt's own file dialog in Chinese: labels, file types and dates, on a machine whose locale is C/English."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

SCRIPT = r"""
import json, sys
from PySide6.QtWidgets import QFileDialog, QLabel, QTreeView
from budgetdesk.ui.app import ensure_app
app = ensure_app()
d = QFileDialog(None, "导出 Excel", sys.argv[1], "所有文件 (*)")
d.setOption(QFileDialog.Option.DontUseNativeDialog)
d.setViewMode(QFileDialog.ViewMode.Detail)
d.show()
view = d.findChild(QTreeView, "treeView")
model = view.model()
deadline = __import__("time").monotonic() + 10
while model.rowCount(view.rootIndex()) < 2 and __import__("time").monotonic() < deadline:
    app.processEvents()
rows = [[model.index(r, c, view.rootIndex()).data() for c in range(4)] for r in range(model.rowCount(view.rootIndex()))]
labels = [w.text() for w in d.findChildren(QLabel) if w.isVisible() and w.text()]
print(json.dumps({"labels": labels, "rows": rows}, ensure_ascii=False))
"""


def test_file_dialog_labels_types_and_dates_are_chinese(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "单位.bdesk").write_bytes(b"\x00\xff\x00\xfe")  # no MIME type: Qt names it itself
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    # the child prints the Chinese labels: UTF-8 on every platform (Windows' console code page is cp1252/936)
    env.update(LANG="C.UTF-8", QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    # Qt 6.9 (the Windows build's) labels these two "Look in:" and "Files of type:", which Qt's own catalogue
    # translates; later Qt (6.12 here) spells them with an accelerator, which only MissingQtTexts translates
    for chinese in ("查找范围", "文件类型"):
        assert any(re.fullmatch(chinese + r"(\(&[LT]\))?：", t) for t in seen["labels"]), seen["labels"]
    assert not [t for t in seen["labels"] if re.search(r"[A-Za-z]{3,}", t.replace("&", ""))]
    kinds = {row[0]: row[2] for row in seen["rows"]}
    if sys.platform != "win32":  # on Windows the type names come from the shell, in Windows' own language (and
        # budgetdesk's dialogs are the native ones there); Wine's prefix here is English, a user's Windows Chinese
        assert kinds["folder"] == "文件夹" and "File" not in kinds["单位.bdesk"], kinds
    if sys.platform != "win32":  # dates too: Windows formats them in its own locale (Wine's: 12/6/2026)
        assert all(re.match(r"20\d\d/\d{1,2}/\d{1,2} ", row[3]) for row in seen["rows"])  # 2026/12/6, not 6 12 2026
