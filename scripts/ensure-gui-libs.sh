#!/usr/bin/env bash
# Linux only: the system libraries Qt's window (xcb) plugin and CJK display need (shared/ENVIRONMENT.md).
# Installs them when running as root with apt; otherwise prints the command to run.
set -euo pipefail
[ "$(uname -s)" = "Linux" ] || exit 0
command -v dpkg >/dev/null 2>&1 || exit 0
PKGS="libgl1 libegl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 fonts-wqy-microhei"
missing="$("$(dirname "$0")/missing-packages.sh" $PKGS)"
[ -z "$missing" ] && exit 0
missing=" $missing"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
else
  echo "图形界面需要以下系统软件包，请先安装：sudo apt-get install$missing" >&2
  exit 1
fi
