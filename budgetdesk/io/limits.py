"""Resource limits and the one error boundary every reader runs inside.

A damaged or hostile file must give one Chinese line naming the file, sheet and cell — never a
traceback, never a hang. Readers of workbooks parse lazily (the .xlsx reader and xlrd read a sheet while it
is iterated), so the boundary wraps the whole read, iteration included, not just the ``open`` call.
Limits are checked before the work where a file states its size (bytes, claimed dimensions, cell
counts) and while reading where it does not (cells read, parse time).
"""

from __future__ import annotations

import _thread
import contextvars
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from budgetdesk.io.applog import log_exception

MAX_FILE_BYTES = {".xlsx": 64 << 20, ".xlsm": 64 << 20, ".xls": 64 << 20, ".txt": 8 << 20, ".json": 64 << 20,
                  ".bdesk": 256 << 20, ".pdf": 256 << 20}
MAX_ROWS = 20_000  # no disclosure table has this many rows
MAX_COLUMNS = 256  # the widest official table has about 20 columns
MAX_CELLS = 150_000  # cells read from one file: ten times a whole disclosure package (about 15,000)
MAX_TEXT_CELLS = 100_000  # ten times the largest disclosure text (Hebei: about 9,200)
MAX_TITLES_PER_TABLE = 10  # a text naming each table more often than this is not a disclosure
MAX_SECONDS = 60.0  # parse time of one file; the seeds take well under a second
WATCHDOG_GRACE = 5.0  # the watchdog stops a read this long after the limit, when ticks did not


class ReadError(ValueError):
    """A file that cannot be read within the limits or is damaged; the message is the whole explanation."""


@dataclass
class ReadBudget:
    """The work done on one file so far, and where: the boundary names the sheet and cell in its message."""

    name: str
    seconds: float = field(default_factory=lambda: MAX_SECONDS)
    max_cells: int = field(default_factory=lambda: MAX_CELLS)
    started: float = field(default_factory=time.monotonic)
    cells: int = 0
    sheet: str = ""
    cell: str = ""

    def at(self, sheet: str = "", cell: str = "") -> None:
        self.sheet, self.cell = sheet, cell

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.cell:
            parts.append(f"{self.cell}处" if self.sheet else f"{self.cell}")
        return "".join(parts)

    def tick(self, cells: int = 1) -> None:
        """Count ``cells`` more cells read; past the cell or time limit the read stops with a message."""
        self.cells += cells
        if self.cells > self.max_cells:
            raise ReadError(f"{self.name}：{self.where()}单元格超过 {self.max_cells:,} 个，不像公开表，已停止读取")
        if time.monotonic() - self.started > self.seconds:
            raise ReadError(f"{self.name}：{self.where()}读取超过 {self.seconds:.0f} 秒，已停止（文件过大或已损坏）")


_current: contextvars.ContextVar[ReadBudget | None] = contextvars.ContextVar("read_budget", default=None)
_watchdog = {"enabled": False}


def enable_watchdog(enabled: bool = True) -> None:
    """Also stop a read stuck inside a library (no ticks) after the time limit — for the command line only.

    It interrupts the main thread, which a GUI must not have done to it; the GUI relies on the ticks.
    """
    _watchdog["enabled"] = enabled


def current_budget() -> ReadBudget:
    """The budget of the read under way (a fresh one outside any boundary, so readers work standalone too)."""
    budget = _current.get()
    return budget if budget is not None else ReadBudget("")


def check_size(path: Path) -> None:
    """Refuse a file larger than any real file of its type, before reading a byte of it."""
    limit = MAX_FILE_BYTES.get(path.suffix.lower())
    size = path.stat().st_size
    if limit is not None and size > limit:
        raise ReadError(f"{path.name}：文件大小 {size / (1 << 20):.1f} MB 超过此类文件的上限 {limit >> 20} MB，未读取")


class _Alarm:
    """Interrupts the main thread once ``seconds`` pass, unless disarmed first (watchdog mode)."""

    def __init__(self, seconds: float):
        self.lock = threading.Lock()
        self.armed = True
        self.fired = False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        with self.lock:
            if self.armed:
                self.fired = True
                _thread.interrupt_main()

    def disarm(self) -> None:
        with self.lock:
            self.armed = False
        self.timer.cancel()


@contextmanager
def read_boundary(path: Path | str, passthrough: tuple[type[BaseException], ...] = ()):
    """Run one file's read: our own errors pass, anything else becomes a ReadError naming file, sheet and cell.

    The unexpected exception's traceback goes to the log, not to the console.
    """
    path = Path(path)
    budget = ReadBudget(path.name)
    token = _current.set(budget)
    alarm = None
    if _watchdog["enabled"] and threading.current_thread() is threading.main_thread():
        alarm = _Alarm(budget.seconds + WATCHDOG_GRACE)
        alarm.timer.start()
    try:
        check_size(path) if path.is_file() else None
        yield budget
    except (ReadError, *passthrough):
        raise
    except KeyboardInterrupt:
        if alarm is None or not alarm.fired:
            raise
        raise ReadError(f"{path.name}：{budget.where()}读取超过 {budget.seconds:.0f} 秒，已停止（文件过大或已损坏）") from None
    except RecursionError as exc:
        log_exception(f"读取 {path} 时嵌套过深", exc)
        raise ReadError(f"{path.name}：{budget.where()}嵌套层次过深，文件已损坏或不是本程序能读的格式") from None
    except MemoryError:
        raise ReadError(f"{path.name}：{budget.where()}读取所需内存过多，文件过大或已损坏") from None
    except Exception as exc:  # any library's error on a damaged file: one line here, the traceback in the log
        log_exception(f"读取 {path}（{budget.where() or '开头'}）时出错", exc)
        detail = str(exc).splitlines()[0][:120] if str(exc) else ""
        raise ReadError(f"{path.name}：{budget.where()}读取出错，文件已损坏或格式不符"
                        f"（{type(exc).__name__}{'：' + detail if detail else ''}）") from None
    finally:
        _current.reset(token)
        if alarm is not None:
            alarm.disarm()
            if alarm.fired:
                try:  # the interrupt may still be pending: take it here, not in the caller
                    time.sleep(0.05)
                except KeyboardInterrupt:
                    pass


def member_with_dtd(archive) -> str | None:
    """The first XML part of an Office package (``zipfile.ZipFile``) that declares a DTD, or None.

    Excel and Word never write one. openpyxl and python-docx parse with lxml when it is installed (python-docx
    brings it), which skips entity declarations instead of refusing them as defusedxml does; refusing any DTD
    before parsing keeps entity tricks out whichever parser runs. The prolog is read as the parser will
    (UTF-16 too) and past any comments and processing instructions before the root, however long.
    """
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels")):
            with archive.open(info) as member:
                if _declares_dtd(member):
                    return info.filename
    return None


MAX_PROLOG = 1 << 20  # comments and processing instructions before the root: Office writes one short line


def _declares_dtd(member) -> bool:
    raw = member.read(4096)
    if b"<!DOCTYPE" in raw.upper():
        return True
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16-le" if raw[0] == 0xFF else "utf-16-be"
    elif raw[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        encoding = "utf-16-le" if raw[0] == 0x3C else "utf-16-be"
    else:
        encoding = "latin-1"  # every encoding Office uses spells the markup in ASCII
    text, at = raw.decode(encoding, "ignore"), 0
    while True:
        while at < len(text) and text[at] in " \t\r\n\ufeff":
            at += 1
        if len(text) - at < 9:
            more = member.read(65536)
            if more:
                text += more.decode(encoding, "ignore")
                continue
            return False
        if text.startswith("<!DOCTYPE", at) or text[at:at + 9].upper() == "<!DOCTYPE":
            return True
        close = "?>" if text.startswith("<?", at) else "-->" if text.startswith("<!--", at) else None
        if close is None:
            return False  # the root element: no DTD can follow
        end = text.find(close, at)
        while end < 0:
            if len(text) > MAX_PROLOG:
                return True  # a prolog no Office program writes: refused like a DTD
            more = member.read(65536)
            if not more:
                return False
            text += more.decode(encoding, "ignore")
            end = text.find(close, at)
        at = end + len(close)
