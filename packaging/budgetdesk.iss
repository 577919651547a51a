; Inno Setup 6.3+ script (UTF-8 with BOM): a per-user installer for the one-folder build in dist\budgetdesk.
;
; Built by packaging\build.py, which passes the version read from pyproject.toml and the bundle folder:
;     ISCC /DAppVersion=0.1.0 /DBundleDir=C:\...\dist\budgetdesk /OC:\...\dist\installer packaging\budgetdesk.iss
;
; No administrator rights are asked for: the app goes to %LOCALAPPDATA%\Programs\budgetdesk, the Start-menu
; entry and the .bdesk association to the current user's profile (HKCU\Software\Classes). The uninstaller
; removes what the installer wrote; the user's documents, settings, autosave and logs (%APPDATA%\budgetdesk)
; stay, so nobody's work disappears with the program.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=x.y.z (packaging\build.py reads it from pyproject.toml)
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\budgetdesk"
#endif
#define AppName "budgetdesk"
#define AppTitle "budgetdesk 部门预算决算公开"
#define AppExe "budgetdesk.exe"
#define ProgId "budgetdesk.project"

[Setup]
; AppId identifies the app across versions (upgrades replace, not duplicate); never change it.
AppId={{6F0C8E2A-3B7D-4C55-9A61-0D2B7E4F9C13}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppTitle} {#AppVersion}
AppPublisher=budgetdesk
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppTitle} 安装程序
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
SetupIconFile=budgetdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppTitle}
OutputBaseFilename=budgetdesk-{#AppVersion}-setup
#ifdef WineTest
; scripts/windows-check's install test under Wine (ISCC /DWineTest): the same installer, but an all-users install
; may be asked for on the command line (/ALLUSERS) — Wine 8 and 10 cannot resolve {autopf} of a per-user install
; (FOLDERID_UserProgramFiles) — and fast compression. What ships is built without WineTest.
PrivilegesRequiredOverridesAllowed=commandline
Compression=zip/1
SolidCompression=no
#else
Compression=lzma2/max
SolidCompression=yes
#endif
WizardStyle=modern
CloseApplications=yes

[Languages]
; Chinese only: every user is a Chinese finance officer. Inno Setup 6.4.1 (what CI compiles with) ships no Simplified
; Chinese, so the translation of every message of its Default.isl is kept beside this script.
Name: "chs"; MessagesFile: "ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "附加快捷方式："; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppTitle}"; Filename: "{app}\{#AppExe}"; Comment: "填报、自检、导出部门预算/决算公开表"
Name: "{autodesktop}\{#AppTitle}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .bdesk files open in budgetdesk, with its icon. HKA is HKCU\Software\Classes in a per-user install.
; The uninstaller leaves no key behind (scripts/windows-check looks): the .bdesk keys go when nothing else uses them,
; Applications\budgetdesk.exe with everything under it.
Root: HKA; Subkey: "Software\Classes\.bdesk"; Flags: uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\.bdesk\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "budgetdesk 预算公开文档"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".bdesk"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "立即启动 budgetdesk"; Flags: nowait postinstall skipifsilent
