#!/bin/sh
# The browser tests drive Debian's Chromium through Playwright (Playwright never
# downloads a browser here). Install it when it is missing, or say why we cannot.
set -e
CHROMIUM="${WARMONITOR_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "make test: the browser tests need Chromium at $CHROMIUM; this system has no apt-get: install Chromium and set WARMONITOR_CHROMIUM to its path" >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "make test: the browser tests need Debian's chromium package; run 'sudo apt-get install -y chromium' (no root or passwordless sudo here)" >&2
    exit 1
fi
echo "make test: installing Debian's chromium package for the browser tests" >&2
$SUDO apt-get install -y -q chromium >/dev/null 2>&1 || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q chromium >/dev/null; }
[ -x "$CHROMIUM" ] || { echo "make test: installing chromium did not give $CHROMIUM" >&2; exit 1; }
