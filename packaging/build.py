"""Build budgetdesk for the current OS and prove the build works.

    python packaging/build.py                 # PyInstaller one-folder build + smoke test (+ installer on Windows)
    python packaging/build.py --no-installer  # Windows: skip Inno Setup
    python packaging/build.py --smoke-only    # test an existing dist/budgetdesk

Steps: run ``packaging/budgetdesk.spec`` with PyInstaller; smoke-test the frozen folder (the window opens
offscreen with the bundled sample and checks it; ``check`` and ``convert`` to xlsx/pdf/bdesk from another
directory; nothing is written into the folder; every Qt library the bundle links is in it); report the size; on
Windows zip the folder (portable) and compile ``packaging/budgetdesk.iss`` with Inno Setup's ISCC, passing the
version from pyproject.toml. Exit status 0 only if every step passed.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "budgetdesk.spec"
ISS = ROOT / "packaging" / "budgetdesk.iss"
WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""


class SmokeFailure(Exception):
    pass


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path) -> Path:
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    print("构建：", " ".join(cmd), flush=True)
    started = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT)
    bundle = dist / "budgetdesk"
    print(f"构建完成：{bundle}，用时 {time.perf_counter() - started:.1f} 秒，"
          f"大小 {folder_size(bundle) / 2**20:.0f} MB", flush=True)
    return bundle


# -- smoke test --------------------------------------------------------------------------------------------
def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def _run(bundle: Path, exe: str, args: list[str], env: dict, cwd: Path, expect: int = 0, stderr: bool = False) -> str:
    """Run one of the bundle's executables; its output (with ``stderr``: both streams)."""
    cmd = [str(bundle / f"{exe}{EXE}"), *args]
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, timeout=180)
    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != expect:
        raise SmokeFailure(f"{' '.join(cmd)} 退出码 {proc.returncode}（应为 {expect}）\n{out}\n{err}")
    print(f"  ✓ {exe} {' '.join(args)}", flush=True)
    return out + err if stderr else out


def _clean_env(home: Path) -> dict:
    """An environment like a user's: no Python paths, no project overrides, user folders in ``home``."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "BUDGETDESK_", "VIRTUAL_ENV", "QT_"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["LANG"] = env.get("LANG") or "C.UTF-8"
    # the program's own user folder (log, recovery, caches), named like a Chinese Windows user's profile: Qt's
    # AppDataLocation on Windows is the known folder, not %APPDATA%, so without this the log would land in the
    # real profile
    env["BUDGETDESK_USER_DIR"] = str(home / "张三" / "AppData" / "budgetdesk")
    if WINDOWS:
        env["APPDATA"] = str(home / "AppData" / "Roaming")
        env["LOCALAPPDATA"] = str(home / "AppData" / "Local")
    else:
        env["HOME"] = str(home)
        env["XDG_DATA_HOME"] = str(home / "data")
        env["XDG_CONFIG_HOME"] = str(home / "config")
    return env


QT_PREFIXES = ("qt6", "pyside6", "shiboken6")


def pe_imports(path: Path) -> list[str]:
    """The DLL names a Windows PE file (.exe/.dll/.pyd) imports, delay-loaded ones included."""
    import pefile  # PyInstaller's own dependency on Windows

    pe = pefile.PE(str(path), fast_load=True)
    try:
        pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"],
                                               pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT"]])
        entries = getattr(pe, "DIRECTORY_ENTRY_IMPORT", []) + getattr(pe, "DIRECTORY_ENTRY_DELAY_IMPORT", [])
        return [e.dll.decode("ascii", "replace") for e in entries]
    finally:
        pe.close()


def missing_qt_libraries(bundle: Path, windows: bool = WINDOWS) -> list[str]:
    """Qt libraries that a file in the bundle links but the bundle lacks (Windows: PE imports; Linux: ldd)."""
    if windows:
        files = [p for p in bundle.rglob("*") if p.suffix.lower() in (".dll", ".pyd", ".exe") and p.is_file()]
        present = {p.name.lower() for p in files}
        missing = set()
        for lib in files:
            for name in pe_imports(lib):
                if name.lower().startswith(QT_PREFIXES) and name.lower() not in present:
                    missing.add(f"{lib.relative_to(bundle)} → {name}")
        return sorted(missing)
    if sys.platform == "darwin":
        return []
    present = {p.name for p in bundle.rglob("*.so*")}
    missing = set()
    for lib in bundle.rglob("*.so*"):
        if lib.is_symlink():
            continue
        proc = subprocess.run(["ldd", str(lib)], capture_output=True, text=True)  # ldd: in every glibc system
        for line in proc.stdout.splitlines():
            name = line.strip().split(" ", 1)[0]
            if name.startswith(("libQt6", "libpyside6", "libshiboken6")) and name not in present:
                missing.add(f"{lib.relative_to(bundle)} → {name}")
    return sorted(missing)


def smoke(bundle: Path) -> None:
    """Run the frozen app the way a user would; raise SmokeFailure on the first thing that is wrong."""
    print(f"冒烟测试：{bundle}", flush=True)
    before = _snapshot(bundle)
    sample = next((bundle / "_internal" / "resources" / "samples").glob("*.json"), None)
    if sample is None:
        raise SmokeFailure("冻结包中没有自带样例 resources/samples/*.json")
    with tempfile.TemporaryDirectory(prefix="budgetdesk-smoke-") as tmp:
        tmp = Path(tmp)
        home, cwd = tmp / "home", tmp / "工作 文件夹"  # a Chinese folder name with a space, as users have
        home.mkdir()
        cwd.mkdir()
        env = _clean_env(home)
        out = _run(bundle, "budgetdesk-cli", ["--version"], env, cwd)
        if version() not in out:
            raise SmokeFailure(f"版本不符：{out.strip()}，pyproject.toml 为 {version()}")
        out = _run(bundle, "budgetdesk-cli", ["check"], env, cwd)
        if "通过（错误 0" not in out:
            raise SmokeFailure(f"自带样例检查结果不对：\n{out[-500:]}")
        for suffix in (".xlsx", ".pdf", ".bdesk"):
            target = cwd / f"sample{suffix}"
            _run(bundle, "budgetdesk-cli", ["convert", str(sample), target.name], env, cwd)
            data = target.read_bytes() if target.exists() else b""
            magic = {".xlsx": b"PK", ".pdf": b"%PDF", ".bdesk": b"SQLite format 3"}[suffix]
            if not data.startswith(magic) or len(data) < 4096:
                raise SmokeFailure(f"{target.name} 不是有效的 {suffix} 文件（{len(data)} 字节）")
        # a .bdesk opened, saved (a new file, then over that file, as Ctrl+S does), closed and reopened holds
        # exactly what it held: both read back to the same JSON
        for _ in range(2):
            _run(bundle, "budgetdesk-cli", ["convert", "sample.bdesk", "再次保存.bdesk"], env, cwd)
        _run(bundle, "budgetdesk-cli", ["convert", "sample.bdesk", "第一次.json"], env, cwd)
        _run(bundle, "budgetdesk-cli", ["convert", "再次保存.bdesk", "第二次.json"], env, cwd)
        if (cwd / "第一次.json").read_bytes() != (cwd / "第二次.json").read_bytes():
            raise SmokeFailure("保存后重新打开的 .bdesk 与原文件内容不同（第一次.json ≠ 第二次.json）")
        print("  ✓ .bdesk 保存、关闭、重新打开后内容完全相同", flush=True)
        _run(bundle, "budgetdesk-cli", ["narrative", "sample.bdesk", "-o", "情况说明.docx"], env, cwd)
        with zipfile.ZipFile(cwd / "情况说明.docx") as docx:
            if "word/document.xml" not in docx.namelist():
                raise SmokeFailure("情况说明.docx 缺少 word/document.xml")
        fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([^\s/>\]]+)", (cwd / "sample.pdf").read_bytes()))
        windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or ""
        has_simsun = bool(windir) and any((Path(windir) / "Fonts" / n).is_file() for n in ("simsun.ttc", "simsun.ttf"))
        if not fonts or (not has_simsun and not all(f.startswith(b"WenQuanYi") for f in fonts)):
            raise SmokeFailure(f"PDF 嵌入的字体不对：{sorted(fonts)}（本机{'有' if has_simsun else '没有'}宋体）")
        print(f"  ✓ PDF 嵌入字体 {b', '.join(sorted(fonts)).decode()}（本机{'有' if has_simsun else '没有'}宋体）", flush=True)
        with zipfile.ZipFile(cwd / "sample.xlsx") as book:
            if "xl/workbook.xml" not in book.namelist():
                raise SmokeFailure("sample.xlsx 缺少 xl/workbook.xml")
        out = _run(bundle, "budgetdesk-cli", ["check", "sample.xlsx"], env, cwd)  # exported book reads back
        if "通过（错误 0" not in out:
            raise SmokeFailure(f"导出的 Excel 读回后检查不通过：\n{out[-500:]}")
        _run(bundle, "budgetdesk-cli", ["check", "missing.bdesk"], env, cwd, expect=2)
        # 批量自检: spawned workers re-enter the frozen executable (as on Windows); a damaged file gets its row
        folder = cwd / "units"
        folder.mkdir()
        for name in ("sample.xlsx", "sample.bdesk"):
            (folder / name).write_bytes((cwd / name).read_bytes())
        (folder / "damaged.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
        out = _run(bundle, "budgetdesk-cli", ["batch", str(folder), "--jobs", "2", "--report", "summary.xlsx"], env,
                   cwd, expect=2, stderr=True)
        if not (cwd / "summary.xlsx").is_file() or "共 3 个文件：通过 2，有错误 0，无法检查 1" not in out:
            raise SmokeFailure(f"冻结包中的批量自检结果不对或没有写出报告：\n{out[-800:]}")
        with zipfile.ZipFile(cwd / "summary.xlsx") as report:
            sheets = [n for n in report.namelist() if n.startswith("xl/worksheets/sheet")]
        if len(sheets) < 3:
            raise SmokeFailure(f"批量自检报告应有 3 个工作表，只有 {len(sheets)} 个")
        print("  ✓ 批量自检（spawn 工作进程重新进入冻结程序）写出报告，损坏的文件单列一行", flush=True)
        _run(bundle, "budgetdesk", ["--self-test"], env, cwd)  # windowed on Windows: no console, read the log
        logs = [p for p in home.rglob("budgetdesk.log")]
        if not logs:
            raise SmokeFailure(f"用户数据目录 {home} 下没有写出日志 budgetdesk.log")
        log_text = logs[0].read_text(encoding="utf-8")
        if "已打包" not in log_text or "自检通过" not in log_text:
            raise SmokeFailure(f"窗口自检没有在日志中报告通过：\n{log_text[-1500:]}")
        if "没有找到 Qt 中文翻译" in log_text:
            raise SmokeFailure("冻结包中缺少 Qt 中文翻译 qtbase_zh_CN.qm")
        print(f"  ✓ 窗口自检通过，日志写在用户目录：{logs[0].relative_to(home)}", flush=True)
        # what Explorer does for a double-clicked .bdesk: the path is the window's only argument
        _run(bundle, "budgetdesk", [str(cwd / "sample.bdesk"), "--self-test"], env, cwd)
        if "自检通过：budgetdesk " + version() + "；sample.bdesk" not in logs[0].read_text(encoding="utf-8"):
            raise SmokeFailure("双击 .bdesk 的方式（文件路径作为参数）没有打开该文件")
    after = _snapshot(bundle)
    if after != before:
        changed = sorted(set(after.items()) ^ set(before.items()))
        raise SmokeFailure(f"程序运行时改动了安装目录：{changed[:10]}")
    print("  ✓ 安装目录未被写入", flush=True)
    missing = missing_qt_libraries(bundle)
    if missing:
        raise SmokeFailure("冻结包缺少 Qt 库：\n" + "\n".join(missing))
    print("  ✓ 包内文件链接的 Qt 库都在包中", flush=True)


# -- Windows: portable zip and installer -------------------------------------------------------------------
def find_iscc() -> Path | None:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles"),
                 os.path.join(os.environ.get("LOCALAPPDATA", ""), "Programs")):
        if base and (Path(base) / "Inno Setup 6" / "ISCC.exe").is_file():
            return Path(base) / "Inno Setup 6" / "ISCC.exe"
    return None


def portable_zip(bundle: Path, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    base = out_dir / f"budgetdesk-{version()}-win64-portable"
    return Path(shutil.make_archive(str(base), "zip", bundle.parent, bundle.name))


def installer(bundle: Path, out_dir: Path) -> Path:
    iscc = find_iscc()
    if iscc is None:
        raise SystemExit("找不到 Inno Setup 编译器 ISCC.exe：请安装 Inno Setup 6.3 或更新版本"
                         "（winget install JRSoftware.InnoSetup），或用 --no-installer 跳过。")
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [str(iscc), f"/DAppVersion={version()}", f"/DBundleDir={bundle}", f"/O{out_dir}", str(ISS)]
    print("安装程序：", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ISS.parent)
    return out_dir / f"budgetdesk-{version()}-setup.exe"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dist", type=Path, default=ROOT / "dist", help="输出目录（默认 dist/）")
    p.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller 工作目录（默认 build/）")
    p.add_argument("--smoke-only", action="store_true", help="不构建，只测试已有的 dist/budgetdesk")
    p.add_argument("--no-smoke", action="store_true", help="构建后不做冒烟测试")
    p.add_argument("--no-installer", action="store_true", help="Windows：不生成安装程序和便携版 zip")
    args = p.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # a pipe on Windows gets the ANSI code page (cp1252 cannot say 构建)
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    print(f"budgetdesk {version()}；{platform.system()} {platform.machine()}；Python {platform.python_version()}")
    bundle = args.dist / "budgetdesk" if args.smoke_only else build(args.dist, args.work)
    if not args.no_smoke:
        try:
            smoke(bundle)
        except SmokeFailure as exc:
            print(f"冒烟测试失败：{exc}", file=sys.stderr)
            return 1
    if WINDOWS and not args.no_installer:
        print(f"便携版：{portable_zip(bundle, args.dist / 'installer')}")
        print(f"安装程序：{installer(bundle, args.dist / 'installer')}")
    print(f"完成：{bundle}（{folder_size(bundle) / 2**20:.0f} MB）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
