#!/usr/bin/env bash
# `hindsight serve` in a browser: installs Debian's Chromium when missing, then runs the ignored
# Chromium test (an open page reloads by itself after an edit and shows the build-error overlay).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
fi
cargo test --locked --test serve_browser -- --ignored
