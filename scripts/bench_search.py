#!/usr/bin/env python3
"""Search benchmark (not a test): synthetic corpora from ../shared/bench/gen_corpus.py.

For each size: site build time, cold CLI index build, CLI query latency (whole command, and in
one process from benches/search_query.rs), static index size, and bytes a browser downloads for
a one-word and a three-word query (read from the page in headless Chromium). With --pagefind,
Pagefind indexes the same built site and is measured the same way.

  cargo build --release && cargo bench --bench search_query --no-run
  scripts/bench_search.py --sizes 10000 100000 --work /tmp/hs-bench --pagefind
"""
import argparse, glob, json, os, shutil, socket, statistics, subprocess, sys, tempfile, threading, time
import http.server, functools

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")
# Same list as benches/search_query.rs.
QUERIES = ["timeout", "database", "kubernetes", "certificate expired", "connection pool",
           '"connection pool"', "disk full", "rollback", "memory leak", "configuration change",
           "load balancer", "replication lag", "nginx 502", "redis", "deploy", "latency spike",
           "dns resolution", "tls handshake", "postgresql -mysql", "title:outage", "cache invalid",
           "configured"]
ONE_WORD, THREE_WORDS = "timeout", "database connection timeout"
CHROMIUM = os.environ.get("HINDSIGHT_CHROMIUM", "chromium")


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round((len(xs) - 1) * p))]


def run(cmd, **kw):
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr}")
    return r, dt


def dir_size(path, pred=lambda p: True):
    total = files = 0
    for root, _, names in os.walk(path):
        for n in names:
            p = os.path.join(root, n)
            if pred(p):
                total += os.path.getsize(p)
                files += 1
    return total, files


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def serve(root):
    handler = functools.partial(Quiet, directory=root)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def dump_dom(url, budget=60000):
    prof = tempfile.mkdtemp()
    try:
        r = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                            "--disable-background-networking", "--disable-component-update",
                            "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={prof}",
                            f"--virtual-time-budget={budget}", "--dump-dom", url],
                           capture_output=True, text=True, timeout=600)
        return r.stdout
    finally:
        shutil.rmtree(prof, ignore_errors=True)


def attr(html, name):
    key = f'{name}="'
    i = html.find(key)
    if i < 0:
        return None
    return html[i + len(key):html.index('"', i + len(key))]


PF_HARNESS = """<!doctype html><html><body><script type="module">
const q = new URLSearchParams(location.search).get("q");
const pf = await import("/pagefind/pagefind.js");
await pf.init();
const r = await pf.search(q);
await Promise.all(r.results.slice(0, 10).map(x => x.data()));
const res = performance.getEntriesByType("resource");
const sum = f => res.filter(f).reduce((a, e) => a + e.encodedBodySize, 0);
document.body.setAttribute("data-total", sum(e => true));
document.body.setAttribute("data-lib", sum(e => /pagefind[^/]*\\.(js|wasm)|wasm\\./.test(e.name)));
document.body.setAttribute("data-fragments", sum(e => e.name.includes("/fragment/")));
document.body.setAttribute("data-results", r.results.length);
document.body.setAttribute("data-done", "1");
</script></body></html>"""


def bench_size(n, args):
    work = os.path.join(args.work, f"c{n}")
    out = {"n": n}
    if not os.path.isdir(os.path.join(work, "content")):
        print(f"[{n}] generating corpus…", flush=True)
        _, dt = run([sys.executable, GEN, "--n", str(n), "--out", work, "--jobs", "2", "--quiet"])
        out["generate_s"] = round(dt, 1)
    with open(os.path.join(work, "site.toml"), "w") as f:
        f.write('title = "bench"\nbase_url = "/"\n')
    public = os.path.join(work, "public")
    if not args.skip_build:
        print(f"[{n}] hindsight build…", flush=True)
        _, dt = run([args.bin, "build", "--root", work, "--output", public, "--force"])
        out["site_build_s"] = round(dt, 2)
    search_dir = os.path.join(public, "search")
    idx = dir_size(search_dir, lambda p: "/d/" not in p and not p.endswith(".html"))
    frag = dir_size(os.path.join(search_dir, "d"))
    out["static_index_bytes"], out["static_index_files"] = idx
    out["static_fragments_bytes"], out["static_fragment_files"] = frag
    out["search_js_bytes"] = os.path.getsize(os.path.join(public, "search.js"))
    out["shards"] = len(glob.glob(os.path.join(search_dir, "t", "*.bin")))

    print(f"[{n}] cold CLI index build…", flush=True)
    shutil.rmtree(os.path.join(work, ".hindsight"), ignore_errors=True)
    r, dt = run([args.bin, "search", "--root", work, "timeout"], env=dict(os.environ, HINDSIGHT_TIMING="1"))
    out["cli_index_build_s"] = round(dt, 2)
    out["cli_index_build_phases"] = [l for l in r.stderr.splitlines() if l.startswith("timing")]
    out["cache_bytes"] = dir_size(os.path.join(work, ".hindsight"))[0]

    print(f"[{n}] whole-command latency…", flush=True)
    times = []
    for r in range(args.rounds):
        for q in QUERIES:
            _, dt = run([args.bin, "search", "--json", "--root", work, q])
            if r > 0 or args.rounds == 1:
                times.append(dt * 1000)
    out["command_ms_median"] = round(statistics.median(times), 2)
    out["command_ms_p95"] = round(pct(times, 0.95), 2)
    times = []
    for r in range(args.rounds):
        for q in QUERIES:
            _, dt = run([args.bin, "search", "--json", "--cached", "--root", work, q])
            if r > 0 or args.rounds == 1:
                times.append(dt * 1000)
    out["command_cached_ms_median"] = round(statistics.median(times), 2)
    out["command_cached_ms_p95"] = round(pct(times, 0.95), 2)

    if args.bench_bin and not args.skip_in_process:
        print(f"[{n}] in-process latency…", flush=True)
        r, _ = run([args.bench_bin, work, str(args.rounds)])
        line = [l for l in r.stdout.splitlines() if l.startswith("query")]
        out["in_process"] = line[0] if line else r.stdout.strip()
        for part in out["in_process"].split(","):
            part = part.strip()
            if part.startswith("median") or "median" in part:
                out["query_ms_median"] = float(part.split("median")[1].split("ms")[0])
            if part.startswith("p95"):
                out["query_ms_p95"] = float(part.split("p95")[1].split("ms")[0])

    if shutil.which(CHROMIUM):
        srv = serve(public)
        port = srv.server_address[1]
        for label, q in (("one_word", ONE_WORD), ("three_words", THREE_WORDS)):
            html = dump_dom(f"http://127.0.0.1:{port}/search/?q={q.replace(' ', '+')}")
            if attr(html, "data-search-done") is None:
                out[f"browser_{label}"] = "page did not finish"
                continue
            ib, fb = int(attr(html, "data-index-bytes")), int(attr(html, "data-fragment-bytes"))
            out[f"browser_{label}"] = {"index_bytes": ib, "fragment_bytes_10_results": fb,
                                       "script_bytes": out["search_js_bytes"],
                                       "total": ib + fb + out["search_js_bytes"]}
        if args.pagefind and shutil.which("pagefind"):
            print(f"[{n}] pagefind…", flush=True)
            shutil.rmtree(os.path.join(public, "pagefind"), ignore_errors=True)
            _, dt = run(["pagefind", "--site", public])
            out["pagefind_index_s"] = round(dt, 1)
            out["pagefind_bytes"], out["pagefind_files"] = dir_size(os.path.join(public, "pagefind"))
            with open(os.path.join(public, "pf-bench.html"), "w") as f:
                f.write(PF_HARNESS)
            for label, q in (("one_word", ONE_WORD), ("three_words", THREE_WORDS)):
                html = dump_dom(f"http://127.0.0.1:{port}/pf-bench.html?q={q.replace(' ', '+')}")
                if attr(html, "data-done") is None:
                    out[f"pagefind_{label}"] = "page did not finish"
                    continue
                out[f"pagefind_{label}"] = {k: int(attr(html, f"data-{k}")) for k in ("total", "lib", "fragments", "results")}
        srv.shutdown()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--work", default="/tmp/hindsight-bench")
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")), "release", "hindsight"))
    ap.add_argument("--bench-bin", help="the built benches/search_query binary (cargo bench --no-run prints it)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--pagefind", action="store_true")
    ap.add_argument("--skip-build", action="store_true", help="reuse the built site in WORK/cN/public")
    ap.add_argument("--skip-in-process", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    results = []
    for n in args.sizes:
        r = bench_size(n, args)
        print(json.dumps(r, indent=1), flush=True)
        results.append(r)
    with open(os.path.join(args.work, "results.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
