#!/usr/bin/env bash
# Makes sure Debian's Chromium and ChromeDriver are installed for the browser tests (web/.../ui/*BrowserTest).
# Prints nothing when they are present; installs them from Debian's packages when absent (needs root).
set -euo pipefail
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
echo "chromium.sh: Chromium/ChromeDriver not found; installing Debian's chromium and chromium-driver" >&2
if [[ "$(id -u)" -ne 0 ]]; then
  echo "chromium.sh: need root to apt-get install chromium chromium-driver (or install them yourself)" >&2
  exit 1
fi
DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >&2
