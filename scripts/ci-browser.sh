#!/usr/bin/env bash
# Browser parity of search: installs Debian's Chromium when missing, then runs the ignored
# Chromium test (the site's search page vs `hindsight search --json`, top 5 of 28 queries).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
fi
cargo test --locked --test search_parity -- --ignored
