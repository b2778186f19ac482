#!/usr/bin/env bash
# Times `hindsight build` (release) on the demo site and on a synthetic corpus.
#   scripts/bench-build.sh [N]      (N postmortems, default 10000)
# Needs ../shared/bench/gen_corpus.py (the synthetic corpus generator) for the corpus part.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
corpus="${TMPDIR:-/tmp}/hindsight-bench-$n"

cargo build --release --locked --quiet
# Copy the binary: a shared CARGO_TARGET_DIR may be rebuilt by another checkout meanwhile.
bin="$(mktemp)"
cp "${CARGO_TARGET_DIR:-target}/release/hindsight" "$bin"
chmod +x "$bin"
trap 'rm -f "$bin"' EXIT

time_build() { # root output
  local start end
  start=$(date +%s.%N)
  "$bin" build --root "$1" --output "$2" --force >/dev/null 2>"$2.log" || { cat "$2.log" >&2; exit 1; }
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.2f} s')"
}

out="$(mktemp -d)"
echo "demo site ($(find content -name '*.md' | wc -l) postmortems): $(time_build . "$out/demo")"

gen=../shared/bench/gen_corpus.py
if [ ! -f "$gen" ]; then
  echo "no $gen; skipping the synthetic corpus"
  exit 0
fi
if [ ! -d "$corpus/content" ]; then
  python3 "$gen" --n "$n" --out "$corpus" --flavor native >/dev/null 2>&1
fi
# The native flavor writes content/ only; give it settings.
[ -f "$corpus/site.toml" ] || printf 'title = "Synthetic corpus"\nbase_url = "https://acme.github.io/postmortems/"\n' > "$corpus/site.toml"
# Run 1 writes a fresh folder; runs 2-3 replace the previous build (the old tree is removed).
for run in 1 2 3; do
  echo "synthetic corpus ($n postmortems), run $run: $(time_build "$corpus" "$out/corpus")"
done
echo "output: $(find "$out/corpus" -type f | wc -l) files, $(du -sh "$out/corpus" | cut -f1)"
rm -rf "$out"
