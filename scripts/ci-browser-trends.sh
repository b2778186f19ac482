#!/usr/bin/env bash
# Renders the demo site's /trends/ page in headless Chromium (light and dark) and checks the
# screenshots show chart bars. Installs Debian's chromium when it is missing.
# Screenshots are kept in ${TRENDS_SCREENSHOT_DIR:-target/trends-screenshots}.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM:-}" ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core
fi
export TRENDS_SCREENSHOT_DIR="${TRENDS_SCREENSHOT_DIR:-$PWD/target/trends-screenshots}"
cargo test --locked --test trends_browser -- --ignored
