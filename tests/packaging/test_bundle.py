"""The Windows packaging: spec, installer script and icon agree with each other and with pyproject.toml, and
the frozen one-folder build really runs (slow: builds it with PyInstaller, then smoke-tests it)."""

import importlib.util
import re
import struct
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import budgetdesk

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load_build_script():
    spec = importlib.util.spec_from_file_location("budgetdesk_build", PACKAGING / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_version_everywhere():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert budgetdesk.__version__ == version
    assert load_build_script().version() == version
    iss = (PACKAGING / "budgetdesk.iss").read_text(encoding="utf-8-sig")
    assert "AppVersion={#AppVersion}" in iss and not re.search(r"^AppVersion=\d", iss, re.M)


def test_installer_script_is_per_user_with_association_and_icon():
    raw = (PACKAGING / "budgetdesk.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: every Inno Setup 6 reads the Chinese text right
    iss = raw.decode("utf-8-sig")
    assert "PrivilegesRequired=lowest" in iss and "DefaultDirName={autopf}" in iss
    assert "ChangesAssociations=yes" in iss
    assert re.search(r'Software\\Classes\\\.bdesk\\OpenWithProgids', iss)
    assert '"""{app}\\{#AppExe}"" ""%1"""' in iss  # the file Explorer opens is passed to the window
    assert '#define AppExe "budgetdesk.exe"' in iss
    icon = re.search(r"^SetupIconFile=(.+)$", iss, re.M).group(1).strip()
    assert (PACKAGING / icon).is_file()
    assert "{autoprograms}" in iss  # Start-menu entry
    spec = (PACKAGING / "budgetdesk.spec").read_text(encoding="utf-8")
    assert 'executable("budgetdesk", console=False)' in spec  # the exe the installer registers
    assert 'name="budgetdesk"' in spec  # dist/budgetdesk, the folder the installer packs


def test_icon_holds_the_sizes_windows_asks_for():
    data = (PACKAGING / "budgetdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = {(struct.unpack_from("<B", data, 6 + 16 * i)[0] or 256) for i in range(count)}
    assert {16, 32, 48, 256} <= sizes
    assert (ROOT / "resources" / "icons" / "budgetdesk.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads ELF dependencies")
def test_smoke_check_notices_a_qt_library_missing_from_the_bundle(tmp_path):
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqoffscreen.so"
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / plugin.name).write_bytes(plugin.read_bytes())
    missing = load_build_script().missing_qt_libraries(tmp_path)
    assert any("libQt6Gui.so.6" in m for m in missing)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_frozen_bundle_builds_and_passes_the_smoke_test(tmp_path):
    """The build a maintainer runs: PyInstaller one-folder build from the spec, then the frozen app is started
    offscreen with the bundled sample, runs check, convert to xlsx/pdf/bdesk and a 批量自检, and exits 0."""
    proc = subprocess.run([sys.executable, str(PACKAGING / "build.py"), "--dist", str(tmp_path / "dist"),
                           "--work", str(tmp_path / "build"), "--no-installer"],
                          capture_output=True, cwd=tmp_path, timeout=880)
    out = proc.stdout.decode("utf-8", "replace")
    assert proc.returncode == 0, out[-3000:] + proc.stderr.decode("utf-8", "replace")[-3000:]
    for step in ("budgetdesk-cli check", "sample.pdf", "sample.xlsx", "budgetdesk --self-test",
                 "sample.bdesk --self-test", "安装目录未被写入", "Qt 库都在包中", "批量自检（spawn 工作进程重新进入冻结程序）"):
        assert step in out
    bundle = tmp_path / "dist" / "budgetdesk"
    internal = bundle / "_internal"
    assert (internal / "templates" / "cq-budget.json").is_file()
    assert (internal / "resources" / "fonts" / "wqy-microhei.LICENSE.txt").is_file()
    # nothing the app does not need: no test tools, no Tk, no network Qt, no image-format plugins
    names = {p.name for p in internal.rglob("*")}
    for unwanted in ("pytest", "_pytest", "hypothesis", "tkinter", "libQt6Network.so.6", "imageformats",
                     "libQt6Svg.so.6", "libqwayland.so"):
        assert unwanted not in names, unwanted
