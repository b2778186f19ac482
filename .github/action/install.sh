#!/usr/bin/env bash
# Installs a hindsight release binary for this runner: downloads the archive and SHA256SUMS of
# the release, checks the archive's digest, unpacks the binary and puts it on PATH.
# Used by the composite action in action.yml; also runs on its own (tests point
# HINDSIGHT_DOWNLOAD_URL at a local folder of release files).
#
# Environment:
#   HINDSIGHT_VERSION       `0.1.0`, `v0.1.0` or `latest` (default: latest)
#   HINDSIGHT_REPOSITORY    owner/name of the repository whose releases to use (default: the
#                           one this action was taken from, else GITHUB_REPOSITORY)
#   HINDSIGHT_DOWNLOAD_URL  releases base URL (default: https://github.com/$HINDSIGHT_REPOSITORY/releases)
#   HINDSIGHT_INSTALL_DIR   where to put the binary (default: $RUNNER_TEMP/hindsight-bin)
#   RUNNER_OS, RUNNER_ARCH  set by GitHub Actions; guessed from uname elsewhere
#   GITHUB_PATH, GITHUB_OUTPUT  set by GitHub Actions; skipped when unset
set -euo pipefail

fail() {
  echo "::error title=hindsight install::$*" >&2
  exit 1
}

runner_os=${RUNNER_OS:-$(uname -s)}
runner_arch=${RUNNER_ARCH:-$(uname -m)}
case "$runner_os/$runner_arch" in
  Linux/X64 | Linux/x86_64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64 | Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-musl ;;
  macOS/X64 | Darwin/x86_64) target=x86_64-apple-darwin ;;
  macOS/ARM64 | Darwin/arm64) target=aarch64-apple-darwin ;;
  # Windows on Arm runs the x86_64 build under emulation.
  Windows/* | MINGW*/* | MSYS*/* | CYGWIN*/*) target=x86_64-pc-windows-msvc ;;
  *) fail "no hindsight release for $runner_os/$runner_arch; build it with cargo install --locked --git" ;;
esac
case "$target" in
  *windows*) archive="hindsight-$target.zip" exe=hindsight.exe ;;
  *) archive="hindsight-$target.tar.gz" exe=hindsight ;;
esac

version=${HINDSIGHT_VERSION:-latest}
version=${version#v}
# github.action_repository is empty inside composite actions, but the runner checks an action
# out at .../_actions/<owner>/<repo>/<ref>, so the path names the repository.
# (Windows paths use backslashes.)
action_path=${GITHUB_ACTION_PATH:-}
action_path=${action_path//\\//}
if [ -z "${HINDSIGHT_REPOSITORY:-}" ]; then
  case "$action_path" in
    */_actions/*/*/*)
      rest=${action_path#*/_actions/}
      owner=${rest%%/*}
      rest=${rest#*/}
      HINDSIGHT_REPOSITORY="$owner/${rest%%/*}"
      ;;
    *) HINDSIGHT_REPOSITORY=${GITHUB_REPOSITORY:-} ;;
  esac
fi
if [ -z "${HINDSIGHT_DOWNLOAD_URL:-}" ]; then
  [ -n "$HINDSIGHT_REPOSITORY" ] || fail "HINDSIGHT_REPOSITORY (owner/name) is not set"
  HINDSIGHT_DOWNLOAD_URL="https://github.com/$HINDSIGHT_REPOSITORY/releases"
fi
if [ "$version" = latest ]; then
  base="$HINDSIGHT_DOWNLOAD_URL/latest/download"
else
  base="$HINDSIGHT_DOWNLOAD_URL/download/v$version"
fi

# Git Bash on Windows: work with /d/a/... paths, hand Windows paths back to the runner.
to_unix() { if command -v cygpath >/dev/null 2>&1; then cygpath -u "$1"; else printf '%s\n' "$1"; fi; }
to_native() { if command -v cygpath >/dev/null 2>&1; then cygpath -w "$1"; else printf '%s\n' "$1"; fi; }
temp_root=$(to_unix "${RUNNER_TEMP:-${TMPDIR:-/tmp}}")
work=$(mktemp -d "$temp_root/hindsight-dl.XXXXXX")
fetch() {
  curl --fail --silent --show-error --location --retry 3 --output "$work/$1" "$base/$1" ||
    fail "cannot download $base/$1 (is $version a released version?)"
}
fetch "$archive"
fetch SHA256SUMS

# The sums file lists `<digest>  <file>`; the archive's line must be there and match.
expected=$(awk -v f="$archive" '{ name = $2; sub(/^\*/, "", name) } name == f { print $1 }' "$work/SHA256SUMS")
[ -n "$expected" ] || fail "SHA256SUMS of $version has no line for $archive"
if command -v sha256sum >/dev/null 2>&1; then
  actual=$(sha256sum "$work/$archive" | awk '{ print $1 }')
else
  actual=$(shasum -a 256 "$work/$archive" | awk '{ print $1 }')
fi
[ "$actual" = "$expected" ] || fail "checksum mismatch for $archive: expected $expected, got $actual"

dest=$(to_unix "${HINDSIGHT_INSTALL_DIR:-$temp_root/hindsight-bin}")
mkdir -p "$dest"
case "$archive" in
  *.zip)
    if command -v unzip >/dev/null 2>&1; then
      unzip -o -q "$work/$archive" "$exe" -d "$dest"
    else
      7z e -y -o"$dest" "$work/$archive" "$exe" >/dev/null
    fi
    ;;
  *) tar -xzf "$work/$archive" -C "$dest" "$exe" ;;
esac
chmod +x "$dest/$exe"
rm -rf "$work"

installed=$("$dest/$exe" --version)
echo "installed $installed ($target) into $dest"
if [ -n "${GITHUB_PATH:-}" ]; then
  to_native "$dest" >>"$GITHUB_PATH"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "version=${installed##* }"
    echo "path=$(to_native "$dest/$exe")"
  } >>"$GITHUB_OUTPUT"
fi
