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
import os
import re
import stat
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from budgetdesk.io.applog import log_exception

MAX_FILE_BYTES = {".xlsx": 64 << 20, ".xlsm": 64 << 20, ".xls": 64 << 20, ".txt": 8 << 20, ".json": 64 << 20,
                  ".bdesk": 256 << 20, ".pdf": 64 << 20}
MAX_ROWS = 20_000  # no disclosure table has this many rows
MAX_COLUMNS = 256  # the widest official table has about 20 columns
MAX_CELLS = 150_000  # cells read from one file: ten times a whole disclosure package (about 15,000)
MAX_TEXT_CELLS = 100_000  # ten times the largest disclosure text (Hebei: about 9,200)
MAX_TITLES_PER_TABLE = 10  # a text naming each table more often than this is not a disclosure
MAX_SECONDS = 60.0  # parse time of one file; the seeds take well under a second
MAX_CONSOLIDATED = 100_000  # units summed into one 部门汇总 document
# 科目 rows of one document, all tables together: the whole 功能分类 catalogue has about 700 codes, a real package a
# few hundred rows. Checking is linear in them (5,000 rows: about 3 s on a loaded machine); 70,000 took 10-28 s.
MAX_CODE_ROWS = 5_000
# The 情况说明 as read from .txt/.docx. The checker is linear in the text (issue 29: about 3-4 µs a character), so
# these bound the time, not a blow-up: 1,000,000 characters check in about 4 s. The longest real one (河北, 160
# paragraphs) has about 30,000 characters.
MAX_NARRATIVE_BLOCKS = 5_000  # headings and paragraphs read; 河北: 160
MAX_PARAGRAPH_CHARS = 50_000  # one paragraph; real ones have well under 1,000 characters
MAX_NARRATIVE_CHARS = 1_000_000  # the whole text
WATCHDOG_GRACE = 5.0  # the watchdog stops a read this long after the limit, when ticks did not


class ReadError(ValueError):
    """A file that cannot be read within the limits or is damaged; the message is the whole explanation."""


def narrative_too_large(narrative) -> str | None:
    """Why a 情况说明 is past the read limits (blocks, one paragraph, the whole text), or None."""
    blocks = narrative.blocks
    if len(blocks) > MAX_NARRATIVE_BLOCKS:
        return f"情况说明有 {len(blocks):,} 段，超过上限 {MAX_NARRATIVE_BLOCKS:,} 段"
    for i, block in enumerate(blocks):
        if len(block.text) > MAX_PARAGRAPH_CHARS:
            return f"情况说明第 {i + 1} 段有 {len(block.text):,} 字，超过上限 {MAX_PARAGRAPH_CHARS:,} 字"
    total = sum(len(block.text) for block in blocks)
    if total > MAX_NARRATIVE_CHARS:
        return f"情况说明共 {total:,} 字，超过上限 {MAX_NARRATIVE_CHARS:,} 字（最长的真实情况说明约 3 万字）"
    return None


def document_cells(doc) -> int:
    """What a document holds, counted as the .bdesk reader counts it: cells, last year's and 预算 cells, rows."""
    return (sum(len(t.cells) + len(t.rows) for t in doc.tables.values())
            + sum(len(c) for c in doc.prior.values()) + sum(len(c) for c in doc.budget.values()))


def code_rows(doc) -> int:
    return sum(1 for t in doc.tables.values() for r in t.rows if r.is_code_row)


def code_rows_refused(doc, additions: dict[str, list[str]]) -> str | None:
    """Why adding these 科目 (table → codes, each with its missing 类/款) would pass ``MAX_CODE_ROWS``, or None.

    The window asks before an edit, so a document it holds can always be saved and opened again."""
    new = {(table, c) for table, codes in additions.items() for code in codes if not doc.table(table).has_row(code)
           for c in doc.code_rows_to_add(table, code)}
    count = code_rows(doc)
    if count + len(new) > MAX_CODE_ROWS:
        return (f"文档已有 {count:,} 个科目行，再加 {len(new):,} 个将超过上限 {MAX_CODE_ROWS:,}（完整的功能分类科目目录"
                "约 700 个），超过上限的文件保存后将无法再打开，未添加")
    return None


def too_many_code_rows(doc, name: str) -> str | None:
    count = code_rows(doc)
    if count > MAX_CODE_ROWS:
        return (f"{name}：共有 {count:,} 个科目行，超过上限 {MAX_CODE_ROWS:,}（完整的功能分类科目目录约 700 个），"
                "不像公开表")
    return None


def unwritable(doc, path: Path | str) -> str | None:
    """Why writing ``doc`` to ``path`` would make a file this program refuses to read back, or None.

    Every read limit holds on writing too (issue 29: a 200,000-row document was written as a 68 MB .json the reader
    refused; a merge claiming 100,001 units was written, then refused): refused before a byte is written."""
    from budgetdesk.core.performance.model import MAX_TARGETS  # the 绩效 limit lives with the 绩效 model

    path = Path(path)
    name, suffix = path.name, path.suffix.lower()
    later = "写出后本程序将无法再打开它，未写出"
    count = document_cells(doc)
    if count > MAX_CELLS:
        return f"{name}：文档含 {count:,} 个单元格（含行和上年数），超过读取上限 {MAX_CELLS:,}，{later}"
    rows = too_many_code_rows(doc, name)
    if rows:
        return f"{rows}，{later}"
    if doc.consolidated_from > MAX_CONSOLIDATED:
        return f"{name}：汇总单位数 {doc.consolidated_from:,} 超过上限 {MAX_CONSOLIDATED:,}，{later}"
    targets = len(doc.performance)
    if targets > MAX_TARGETS:
        return f"{name}：绩效目标表有 {targets:,} 个项目，超过上限 {MAX_TARGETS:,}，{later}"
    if suffix in (".xlsx", ".xlsm"):
        for t in doc.tables.values():
            if len(t.rows) > MAX_ROWS:
                return f"{name}：《{t.template.title}》有 {len(t.rows):,} 行，超过工作表读取上限 {MAX_ROWS:,} 行，{later}"
    too_large = narrative_too_large(doc.narrative)  # every format carries the 情况说明
    if too_large:
        return f"{name}：{too_large}，{later}"
    return None


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


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "管道"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def read_regular_file(path: Path | str, limit: int, what: str = "文件") -> bytes:
    """The bytes of ``path`` when it is a regular file of at most ``limit`` bytes, else a ReadError naming it.

    Opened without blocking and checked on the open handle: a pipe would block ``open`` itself forever, and
    /dev/zero or /dev/urandom never end. At most ``limit`` + 1 bytes are read whatever the file claims."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise ReadError(f"{path.name}：无法打开{what}（{exc.strerror or exc}）") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ReadError(f"{path.name}：是{_kind_of(mode)}，不是普通文件，{what}只能从普通文件读取")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise ReadError(f"{path.name}：{what}超过上限 {limit / (1 << 20):g} MB，未读取")
        return b"".join(chunks)
    except OSError as exc:
        raise ReadError(f"{path.name}：无法读取{what}（{exc.strerror or exc}）") from None
    finally:
        os.close(fd)


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """How deeply the arrays and objects of a JSON text nest (brackets inside strings do not count); linear,
    so that a hostile file is refused before the parser recurses into it."""
    depth = deepest = 0
    for m in _JSON_BRACKET.finditer(_JSON_STRING.sub('""', text)):
        depth += 1 if m.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _interrupt_main_thread() -> None:
    """A KeyboardInterrupt in the main thread. ``interrupt_main`` goes through Python's SIGINT handler, which a
    process started with SIGINT ignored (a job a script runs in the background: ``budgetdesk batch … &``) does
    not have — there the exception is set on the main thread directly."""
    import signal

    if callable(signal.getsignal(signal.SIGINT)):
        _thread.interrupt_main()
        return
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(threading.main_thread().ident),
                                               ctypes.py_object(KeyboardInterrupt))


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
                _interrupt_main_thread()

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
