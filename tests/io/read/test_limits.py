"""Limits stop a read that would take too long — by the readers' own ticks, or by the command line's watchdog."""

from __future__ import annotations

import time

import pytest

from budgetdesk.io import limits
from budgetdesk.io.files import OpenError, open_document
from budgetdesk.io.limits import ReadError, read_boundary
from tests.conftest import SEED_FILES


def test_the_time_limit_stops_a_read_that_ticks(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SECONDS", 0.2)
    with pytest.raises(ReadError, match="x.txt：工作表“表1”读取超过 0 秒"):
        with read_boundary(tmp_path / "x.txt") as budget:
            budget.at("表1")
            while True:
                budget.tick(0)
                time.sleep(0.01)


@pytest.mark.parametrize("sigint", ["handled", "ignored"])
def test_the_watchdog_stops_a_read_stuck_inside_a_library(tmp_path, monkeypatch, sigint):
    """A library loop that never returns to our code (no ticks) is interrupted from outside — CLI only; also in
    a process started with SIGINT ignored (a script's background job), which has no Python handler to go through."""
    from budgetdesk.io.read import workbook_import

    def stuck(path):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(limits, "MAX_SECONDS", 0.2)
    monkeypatch.setattr(limits, "WATCHDOG_GRACE", 0.3)
    monkeypatch.setattr(workbook_import, "read_workbook_grids", stuck)
    book = tmp_path / "s.xlsx"
    book.write_bytes(b"PK")
    import signal
    previous = signal.signal(signal.SIGINT, signal.default_int_handler if sigint == "handled" else signal.SIG_IGN)
    limits.enable_watchdog()
    try:
        started = time.monotonic()
        with pytest.raises(OpenError, match="s.xlsx：读取超过"):
            open_document(book)
        assert time.monotonic() - started < 5
    finally:
        limits.enable_watchdog(False)
        signal.signal(signal.SIGINT, previous)


def test_files_larger_than_any_real_one_are_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setitem(limits.MAX_FILE_BYTES, ".txt", 1000)
    big = tmp_path / "big.txt"
    big.write_bytes(SEED_FILES["yongchuan"][0].read_bytes())
    with pytest.raises(OpenError, match="big.txt：文件大小 .* 超过此类文件的上限"):
        open_document(big)


def test_many_table_titles_stop_a_text_read(tmp_path):
    path = tmp_path / "titles.txt"
    path.write_text("\n".join(["支出总表"] * 5_000), encoding="utf-8")
    with pytest.raises(OpenError, match="个表标题，远多于模板中的表"):
        open_document(path)
