"""What officers meet on Windows when saving (issue 22): a workbook open in Excel/WPS, a path over 260 characters.

The Windows-only tests run with the Windows Python under Wine in ``scripts/windows-check`` (and on Windows); the
messages themselves are checked everywhere.
"""

from __future__ import annotations

import errno
import os

import pytest

from budgetdesk.io.store import tempfiles
from budgetdesk.io.files import OpenError, SaveError, open_document, save_document
from budgetdesk.io.store.tempfiles import failure_reason

LOCKED = "文件正被其他程序（如 Excel）打开，请关闭后重试"
windows_only = pytest.mark.skipif(os.name != "nt", reason="Windows file sharing: run under Wine by scripts/windows-check")


class HeldOpenLikeExcel:
    """Opens ``path`` as Excel and WPS open a workbook: read and write access, others may only read
    (no FILE_SHARE_WRITE, no FILE_SHARE_DELETE), held until closed."""

    def __init__(self, path):
        import ctypes
        from ctypes import wintypes

        self.kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        self.kernel32.CreateFileW.restype = wintypes.HANDLE
        self.kernel32.CreateFileW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, wintypes.LPVOID,
                                              wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE]
        self.kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
        # GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, OPEN_EXISTING
        self.handle = self.kernel32.CreateFileW(str(path), 0xC0000000, 1, None, 3, 0, None)
        assert self.handle not in (None, wintypes.HANDLE(-1).value), ctypes.get_last_error()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kernel32.CloseHandle(self.handle)


@windows_only
@pytest.mark.parametrize("suffix", [".bdesk", ".xlsx", ".json", ".pdf"])
def test_saving_onto_a_file_open_in_excel_says_so_and_keeps_the_old_file(sample_doc, tmp_path, suffix):
    target = save_document(sample_doc, tmp_path / f"公开表{suffix}")
    before = target.read_bytes()
    with HeldOpenLikeExcel(target):
        assert tempfiles.held_open_by_another_program(target)
        with pytest.raises(SaveError) as info:
            save_document(sample_doc, target)
    assert LOCKED in str(info.value) and "原文件未被改动" in str(info.value)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary left behind
    save_document(sample_doc, target)  # closed in Excel: the save goes through
    assert not tempfiles.held_open_by_another_program(target)


@windows_only
def test_a_read_only_file_is_not_taken_for_one_open_in_excel(sample_doc, tmp_path):
    target = save_document(sample_doc, tmp_path / "只读.json")
    os.chmod(target, 0o444)  # the read-only attribute
    try:
        assert not tempfiles.held_open_by_another_program(target)
    finally:
        os.chmod(target, 0o666)


@windows_only
def test_a_path_longer_than_260_characters_saves_or_says_the_path_is_too_long(sample_doc, tmp_path):
    """Windows 10/11 without long paths enabled refuse it; Wine 8 saves it, then cannot resolve it to read it back
    (ERROR_MORE_DATA): either way the officer reads that the path is too long, never a bare system message."""
    folder = tmp_path
    while len(str(folder)) < 270:
        folder = folder / ("很长的文件夹名称" * 3)
    try:
        folder.mkdir(parents=True)
    except OSError as exc:
        assert "路径太长" in failure_reason(exc)
        return
    target = folder / "部门预算公开表.bdesk"
    assert len(str(target)) > 260
    try:
        save_document(sample_doc, target)
    except SaveError as exc:
        assert "路径太长" in str(exc)
        return
    try:
        assert open_document(target)[0].meta.unit_name == sample_doc.meta.unit_name
    except OpenError as exc:
        assert "路径太长" in str(exc) and "较短的文件名" in str(exc)


def test_the_long_path_message_names_the_length_and_what_to_do():
    long = "C:\\Users\\张三\\Documents\\" + "很长的文件夹名称\\" * 30 + "公开表.xlsx"
    exc = FileNotFoundError(errno.ENOENT, "系统找不到指定的路径。", long)
    reason = failure_reason(exc)
    assert "路径太长" in reason and str(len(long)) in reason and "较短" in reason
    assert "路径太长" not in failure_reason(FileNotFoundError(errno.ENOENT, "not found", "C:\\short\\a.xlsx"))


def test_a_sharing_violation_is_named_as_a_file_open_in_another_program():
    exc = PermissionError(errno.EACCES, "另一个程序正在使用此文件，进程无法访问。")
    exc.winerror = 32
    assert LOCKED in failure_reason(exc)
