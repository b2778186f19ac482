#!/usr/bin/env bash
# Build benchmark: hindsight against Hugo (and Hugo + Pagefind) on the same generated corpus,
# in the same run. Benchmarks only; nothing here is a test.
#
#   scripts/bench.sh [N ...]          default: 1000 10000 (add 100000 for the big one)
#
# For each N: generates (once, cached under $BENCH_DIR, default /tmp/hindsight-bench) a native
# corpus and a Hugo corpus with ../shared/bench/gen_corpus.py, then times with /usr/bin/time -v:
#   hindsight cold       (no output folder, no .hindsight/ cache)
#   hindsight no-change  (the same build again)
#   hindsight one-edit   (one postmortem's text changed, then restored)
#   hugo                 (plain build: pages + tags, no search)      when `hugo` is installed
#   pagefind             (search index over Hugo's output)           when `pagefind` is installed
# and prints a Markdown table: wall time, peak RSS, published size, and hindsight's ratios to
# Hugo and to Hugo + Pagefind (wall: sum of both; RSS: the larger; size: Hugo's site with the
# pagefind/ folder in it). HINDSIGHT_BIN=path benchmarks that binary instead. Install the peers with `apt-get install -y hugo` and
# `npm install -g pagefind@1.6.0`. Set RUNS=3 to repeat the cold builds and keep the fastest.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
bench_dir="${BENCH_DIR:-${TMPDIR:-/tmp}/hindsight-bench}"
runs="${RUNS:-1}"
gen=../shared/bench/gen_corpus.py
[ -f "$gen" ] || { echo "bench: $gen not found (the shared folder beside the repo)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 1; }

cargo build --release --locked
# Copy the binary: a shared target folder may be rebuilt by another checkout meanwhile.
bin="$(mktemp)"
cp "${CARGO_TARGET_DIR:-target}/release/hindsight" "$bin"
chmod +x "$bin"
trap 'rm -f "$bin"' EXIT
mkdir -p "$bench_dir"

# measure LABEL CMD...: runs CMD under /usr/bin/time -v; sets WALL (s) and RSS (KiB).
measure() {
  local label="$1"
  shift
  local log="$bench_dir/$label.time"
  if ! /usr/bin/time -v -o "$log" "$@" >"$bench_dir/$label.out" 2>&1; then
    echo "bench: $label failed:" >&2
    tail -20 "$bench_dir/$label.out" >&2
    exit 1
  fi
  WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$log")
  RSS=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
}

# size DIR: apparent size of every file, in bytes.
size() { du -sb --apparent-size "$1" | cut -f1; }

corpus() { # N FLAVOR -> dir
  local dir="$bench_dir/corpus-$1-$2"
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"
    python3 "$gen" --n "$1" --out "$dir" --flavor "$2" --quiet >&2
    if [ "$2" = native ]; then
      printf 'title = "Synthetic corpus"\nbase_url = "https://postmortems.example.com/"\n' >"$dir/site.toml"
    fi
    touch "$dir/.complete"
  fi
  echo "$dir"
}

mb() { python3 -c "print(f'{$1 / 1e6:.0f} MB')"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
best_of() { # label cmd...: fastest of $runs cold runs (RSS and wall of that run)
  local label="$1" best_w="" best_r=""
  shift
  for _ in $(seq "$runs"); do
    "${PREP[@]}"
    measure "$label" "$@"
    if [ -z "$best_w" ] || python3 -c "import sys; sys.exit(0 if $WALL < $best_w else 1)"; then
      best_w=$WALL best_r=$RSS
    fi
  done
  WALL=$best_w RSS=$best_r
}

rows=()
for n in "${sizes[@]}"; do
  echo "== $n postmortems" >&2
  native=$(corpus "$n" native)
  out="$bench_dir/out-$n"
  PREP=(rm -rf "$out" "$native/.hindsight")
  best_of "hindsight-$n-cold" "$bin" build --root "$native" --output "$out"
  cold_w=$WALL cold_r=$RSS
  site_size=$(size "$out")
  PREP=(true)
  measure "hindsight-$n-nochange" "$bin" build --root "$native" --output "$out"
  same_w=$WALL same_r=$RSS
  # One edit: a sentence added to the newest file, restored afterwards (keeping its mtime).
  edited=$(find "$native/content" -name '*.md' | sort | tail -1)
  cp -p "$edited" "$bench_dir/edited.bak"
  printf '\nOne more sentence written for the benchmark.\n' >>"$edited"
  measure "hindsight-$n-edit" "$bin" build --root "$native" --output "$out"
  edit_w=$WALL edit_r=$RSS
  cp -p "$bench_dir/edited.bak" "$edited"
  "$bin" build --root "$native" --output "$out"

  hugo_w="" pf_w=""
  if command -v hugo >/dev/null; then
    hsite=$(corpus "$n" hugo)
    hout="$bench_dir/hugo-out-$n"
    PREP=(rm -rf "$hout" "$hsite/resources")
    best_of "hugo-$n" hugo --quiet --source "$hsite" --destination "$hout"
    hugo_w=$WALL hugo_r=$RSS hugo_s=$(size "$hout")
    if command -v pagefind >/dev/null; then
      PREP=(rm -rf "$hout/pagefind")
      best_of "pagefind-$n" pagefind --site "$hout" --silent
      pf_w=$(python3 -c "print($hugo_w + $WALL)")
      pf_r=$((RSS > hugo_r ? RSS : hugo_r))
      pf_s=$(size "$hout")
    fi
  fi

  row="| $n | cold | ${cold_w} s | $((cold_r / 1024)) MiB | $(mb "$site_size") |"
  if [ -n "$hugo_w" ]; then
    row+=" ${hugo_w} s, $((hugo_r / 1024)) MiB, $(mb "$hugo_s") | $(ratio "$cold_w" "$hugo_w") / $(ratio "$cold_r" "$hugo_r") / $(ratio "$site_size" "$hugo_s") |"
  else
    row+=" — | — |"
  fi
  if [ -n "$pf_w" ]; then
    row+=" ${pf_w} s, $((pf_r / 1024)) MiB, $(mb "$pf_s") | $(ratio "$cold_w" "$pf_w") / $(ratio "$cold_r" "$pf_r") / $(ratio "$site_size" "$pf_s") |"
  else
    row+=" — | — |"
  fi
  rows+=("$row")
  rows+=("| $n | no change | ${same_w} s | $((same_r / 1024)) MiB | | | | | |")
  rows+=("| $n | one edit | ${edit_w} s | $((edit_r / 1024)) MiB | | | | | |")
done

echo
echo "| N | build | wall | peak RSS | size | Hugo (wall, RSS, size) | ratio wall / RSS / size | Hugo + Pagefind | ratio wall / RSS / size |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
