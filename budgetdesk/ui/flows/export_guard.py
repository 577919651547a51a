"""Before a publication leaves the app (Excel, PDF, print): say how many errors remain and let the officer decide.

Exporting a draft is legitimate (to send it for review), so the officer can always go on; the question
only makes sure nobody publishes tables with known errors without noticing.
"""

from __future__ import annotations

from budgetdesk.core.findings import Severity

SHOWN = 5


def errors_remaining(window) -> list:
    if window.checker is None:
        return []
    return [f for f in window.checker.findings() if f.severity is Severity.ERROR]


def question(errors: list, action: str) -> str:
    lines = "\n".join(f"· {f.message}" for f in errors[:SHOWN])
    more = f"\n…… 另有 {len(errors) - SHOWN} 个，见问题清单" if len(errors) > SHOWN else ""
    return (f"当前文档还有 {len(errors)} 个错误：\n{lines}{more}\n\n"
            f"仍要{action}吗？（导出的表会带着这些错误；也可以先改正，F8 跳到下一个问题）")


def confirm_despite_errors(window, action: str) -> bool:
    """True when there are no errors or the officer chooses to go on with ``action`` (导出 Excel …)."""
    errors = errors_remaining(window)
    if not errors:
        return True
    go_on = window.confirm(f"{action}：还有 {len(errors)} 个错误", question(errors, action))
    if not go_on:
        window.statusBar().showMessage(f"已取消{action}：还有 {len(errors)} 个错误", 8000)
    return go_on
