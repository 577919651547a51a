"""Work around reference-count bugs in PySide6 6.12 that abort the interpreter after a while of normal use.

* ``SignalInstance.emit()`` returns ``True`` without a reference: every signal emitted from Python takes
  one reference from the ``True`` singleton.
* A Python override called from C++ that returns ``None`` (``QAbstractItemModel.data`` for every role a
  cell does not use — most of them) takes one reference from ``None``.

After enough edits and repaints the count reaches zero and CPython aborts with "bool_dealloc" or
"none_dealloc": the whole app dies, and the work since the last autosave with it. On CPython ≥ 3.12 these
singletons are immortal and nothing happens. Elsewhere, when a probe shows a leak, the singleton gets a
reserve of references no session can use up. Remove this module when PySide fixes both.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QAbstractTableModel, QObject, QSortFilterProxyModel, Signal

RESERVE = 1 << 40  # a trillion leaked references: far beyond any session


class _Probe(QObject):
    fired = Signal()


class _NoneModel(QAbstractTableModel):
    def rowCount(self, parent=None):
        return 1

    def columnCount(self, parent=None):
        return 1

    def data(self, index, role=0):
        return None


def emit_leaks_true() -> bool:
    """True if emitting a signal from Python drops a reference to ``True``."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.fired.emit()
    return sys.getrefcount(True) < before


def none_return_leaks() -> bool:
    """True if a Python ``data()`` returning None to C++ drops a reference to ``None``."""
    model = _NoneModel()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    index = proxy.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(64):
        proxy.data(index)
    return sys.getrefcount(None) < before - 32


_protected: set[str] = set()


def protect_bool_singletons() -> set[str]:
    """Give each leaking singleton its reserve once; returns the names protected ("True", "None")."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return _protected
    for name, obj, leaks in (("True", True, emit_leaks_true), ("None", None, none_return_leaks)):
        if name not in _protected and leaks():
            ctypes.c_ssize_t.from_address(id(obj)).value += RESERVE  # ob_refcnt: first field of PyObject
            _protected.add(name)
    return _protected
