#!/usr/bin/env bash
# Print the Debian packages among the arguments that are not installed (space-separated, nothing when all are).
# Asks dpkg-query for NAME:ARCH first: once a second architecture is added (i386 for Wine), `dpkg -s NAME` says
# "ambiguous package name" for libraries installed for both and every check would look like a fresh install.
# Architecture-independent packages (fonts) have no NAME:ARCH entry: those are asked by plain name.
set -uo pipefail
arch="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
missing=""
for p in "$@"; do
  status="$(dpkg-query -W -f='${Status}' "$p:$arch" 2>/dev/null)" || status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)"
  [ "$status" = "install ok installed" ] || missing="$missing $p"
done
echo "${missing# }"
