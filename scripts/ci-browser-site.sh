#!/usr/bin/env bash
# The site in headless Chromium (tests/browser/site.test.mjs): header search, filter counts and
# sort orders against `hindsight search --json`, the catalogue and action items controls,
# keyboard use, axe-core (WCAG 2.1 A/AA) on every page type in light and dark, and screenshots
# at 1280 and 390 px (kept in ${SCREENSHOT_DIR:-target/browser-screenshots}).
# Installs Debian's chromium and Node when missing, and the pinned npm packages (axe-core,
# puppeteer-core, which drives the system chromium and downloads no browser).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
need=()
command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM:-}" ] || need+=(chromium fonts-dejavu-core)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${need[@]}"
fi
export PUPPETEER_SKIP_DOWNLOAD=1
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
cargo build --locked
export HINDSIGHT_BIN="${HINDSIGHT_BIN:-$PWD/target/debug/hindsight}"
export SCREENSHOT_DIR="${SCREENSHOT_DIR:-$PWD/target/browser-screenshots}"
cd tests/browser && node --test --test-concurrency=1 site.test.mjs
