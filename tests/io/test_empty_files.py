"""A 0-byte file says it is empty — not “不是 Excel 工作簿…已损坏”, not some unrelated template's name."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("name", ["单位.xlsx", "单位.xls", "公开件.txt", "项目.bdesk", "交换.json"])
def test_check_of_an_empty_file_says_it_is_empty(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    result = subprocess.run([sys.executable, "-m", "budgetdesk", "check", str(path)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2
    assert f"{name}：文件是空的（0 字节）" in result.stderr
    assert "损坏" not in result.stderr and "模板" not in result.stderr and "决算" not in result.stderr

