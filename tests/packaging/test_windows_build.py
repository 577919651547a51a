"""The Windows build ships what scripts/windows-check tests: the same pins everywhere, a complete Chinese installer,
and a bundle check that really reads Windows imports."""

import importlib.util
import os
import re
import shutil
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def requirement_pins(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of a hashed requirements file."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})+)", line)
        assert m, f"not an exact, hashed pin: {line}"
        pins[canonical(m.group(1))] = (m.group(2), re.findall(r"[0-9a-f]{64}", m.group(3)))
    return pins


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_windows_pins_are_the_same_in_pyproject_and_the_hashed_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = requirement_pins(PACKAGING / "requirements-windows.txt")
    test_pins = requirement_pins(PACKAGING / "requirements-windows-test.txt")
    assert pins["pyside6-essentials"][0] == "6.9.3" and pins["numpy"][0] == "2.0.2"  # what Wine can run
    for dep in project["dependencies"] + project["optional-dependencies"]["build"]:
        spec, _, marker = dep.partition(";")
        name = canonical(re.match(r"[A-Za-z0-9._-]+", spec.strip()).group(0))
        if "win32" in marker and "!=" not in marker:
            assert f"=={pins[name][0]}" in spec.replace(" ", ""), f"{dep} differs from requirements-windows.txt"
        elif "win32" not in marker:
            assert name in pins, f"{name} is a dependency but not pinned for Windows"
    for dep in project["optional-dependencies"]["test"]:
        name = canonical(re.match(r"[A-Za-z0-9._-]+", dep).group(0))
        if name != "import-linter":  # the layer contracts are checked on Linux; not run under Wine
            assert name in pins or name in test_pins, f"{name} is a test dependency but not pinned for Windows"
    for name in ("colorama", "pefile", "pywin32-ctypes", "tzdata"):  # Windows-only, behind markers pip reads on Linux
        assert name in pins


def isl_entries(text: str) -> dict[str, dict[str, str]]:
    sections, current = {}, None
    for line in text.splitlines():
        if line.startswith("["):
            current = sections.setdefault(line.strip(), {})
        elif current is not None and "=" in line and not line.startswith(";"):
            key, _, value = line.partition("=")
            current[key] = value
    return sections


def test_the_installer_is_in_chinese_with_its_own_messages_file():
    iss = (PACKAGING / "budgetdesk.iss").read_bytes().decode("utf-8-sig")
    languages = re.search(r"^\[Languages\]\n(.*?)^\[", iss, re.M | re.S).group(1)
    entries = [line for line in languages.splitlines() if line.startswith("Name:")]
    assert entries == ['Name: "chs"; MessagesFile: "ChineseSimplified.isl"']
    raw = (PACKAGING / "ChineseSimplified.isl").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: read as Unicode by Inno Setup 6
    isl = isl_entries(raw.decode("utf-8-sig"))
    assert isl["[LangOptions]"]["LanguageID"] == "$0804" and isl["[LangOptions]"]["LanguageCodePage"] == "936"
    assert len(isl["[Messages]"]) >= 266 and len(isl["[CustomMessages]"]) >= 12
    assert isl["[Messages]"]["ButtonNext"] == "下一步(&N) >"


def inno_default_isl() -> Path | None:
    folder = os.environ.get("INNO_SETUP_DIR")
    return Path(folder) / "Default.isl" if folder and (Path(folder) / "Default.isl").is_file() else None


@pytest.mark.skipif(inno_default_isl() is None,
                    reason="needs Inno Setup's Default.isl: INNO_SETUP_DIR (scripts/windows-check sets it)")
def test_the_chinese_messages_translate_every_message_of_the_compiler_with_its_placeholders():
    default = isl_entries(inno_default_isl().read_text(encoding="utf-8-sig"))
    chinese = isl_entries((PACKAGING / "ChineseSimplified.isl").read_text(encoding="utf-8-sig"))
    for section in ("[Messages]", "[CustomMessages]"):
        assert set(chinese[section]) == set(default[section]), section
        for key, english in default[section].items():
            placeholders = sorted(re.findall(r"%\d|\[\w+(?:/\w+)?\]", english))
            assert sorted(re.findall(r"%\d|\[\w+(?:/\w+)?\]", chinese[section][key])) == placeholders, key
            assert english.count("%n") == chinese[section][key].count("%n"), key


def load_build_script():
    spec = importlib.util.spec_from_file_location("budgetdesk_build", PACKAGING / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(sys.platform != "win32", reason="reads the PE imports of PySide6's Windows DLLs (under Wine in "
                                                    "scripts/windows-check)")
def test_smoke_check_notices_a_qt_dll_missing_from_a_windows_bundle(tmp_path):
    import PySide6

    plugin = Path(PySide6.__file__).parent / "plugins" / "platforms" / "qoffscreen.dll"
    (tmp_path / "plugins").mkdir()
    shutil.copy(plugin, tmp_path / "plugins" / plugin.name)
    build = load_build_script()
    assert "Qt6Gui.dll" in build.pe_imports(plugin)
    missing = build.missing_qt_libraries(tmp_path)
    assert any(m.endswith("→ Qt6Gui.dll") for m in missing)
    for name in ("Qt6Gui.dll", "Qt6Core.dll"):
        shutil.copy(Path(PySide6.__file__).parent / name, tmp_path / name)
    assert not [m for m in build.missing_qt_libraries(tmp_path) if "Qt6Gui" in m or "Qt6Core" in m]
