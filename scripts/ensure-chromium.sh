#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (test tools cannot download browsers here).
# Installs it with apt when missing on a Debian machine; otherwise says what to install.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    # Not root: only with sudo that needs no password prompt (tests must not stop to ask).
    if ! command -v sudo >/dev/null 2>&1 || ! sudo -n true 2>/dev/null; then
      echo "The browser tests need Chromium: run 'sudo apt-get install chromium' (or set CHROMIUM_PATH), then run the tests again." >&2
      exit 1
    fi
    SUDO="sudo"
  fi
  echo "Installing Chromium for the browser tests (apt-get install chromium)…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium was not found at $CHROMIUM. Install Chromium (Debian: apt-get install chromium)" >&2
echo "or set CHROMIUM_PATH to a Chromium binary, then run the tests again." >&2
exit 1
