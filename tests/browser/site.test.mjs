// hindsight's site in headless Chromium (Debian's `chromium`, driven by puppeteer-core):
// search from the header, filter counts and sort orders against `hindsight search --json`,
// the catalogue's sort and filter, the action items page, keyboard use, axe-core (WCAG 2.1
// A/AA) on every page type in light and dark, and screenshots of every page type at 1280 and
// 390 px in both schemes (kept in $SCREENSHOT_DIR, default target/browser-screenshots).
//
// Run by scripts/ci-browser-site.sh; needs HINDSIGHT_BIN (the binary under test) and CHROMIUM
// or `chromium` on PATH. Missing either is a failure, never a skip.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const BIN = process.env.HINDSIGHT_BIN || path.join(repo, "target/debug/hindsight");
const CHROMIUM = findChromium(process.env.CHROMIUM || "chromium");
const SHOTS = process.env.SCREENSHOT_DIR || path.join(repo, "target/browser-screenshots");
const BASE = "/hs/";
const AXE = path.join(here, "node_modules/axe-core/axe.min.js");

let tmp, site, pub, server, origin, browser;

function findChromium(name) {
  if (path.isAbsolute(name)) return name;
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) return p;
  }
  return name; // puppeteer then says it was not found: a failure, not a skip
}

function hindsight(args) {
  return execFileSync(BIN, [args[0], "--root", site, ...args.slice(1)], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}
function cliSearch(query, flags = []) {
  return JSON.parse(hindsight(["search", "--json", "--cached", "--limit", "10000", ...flags, "--", query]));
}

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, e.name), b = path.join(to, e.name);
    if (e.isDirectory()) copyDir(a, b); else fs.copyFileSync(a, b);
  }
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml" };
function serve(root) {
  return new Promise((resolve) => {
    const s = http.createServer((req, res) => {
      const url = new URL(req.url, "http://x");
      let rel = decodeURIComponent(url.pathname);
      if (!rel.startsWith(BASE) || rel.includes("..")) { res.writeHead(404); res.end(); return; }
      let file = path.join(root, rel.slice(BASE.length));
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
      if (!fs.existsSync(file)) {
        res.writeHead(404, { "Content-Type": TYPES[".html"] });
        res.end(fs.readFileSync(path.join(root, "404.html")));
        return;
      }
      res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream" });
      res.end(fs.readFileSync(file));
    });
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
}

before(async () => {
  assert.ok(fs.existsSync(BIN), `no hindsight binary at ${BIN} (set HINDSIGHT_BIN)`);
  assert.ok(fs.existsSync(AXE), "axe-core is not installed: run npm ci in tests/browser");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hindsight-browser-"));
  site = path.join(tmp, "site");
  copyDir(path.join(repo, "content"), path.join(site, "content"));
  fs.copyFileSync(path.join(repo, "site.toml"), path.join(site, "site.toml"));
  pub = path.join(tmp, "public");
  server = await serve(pub);
  origin = `http://127.0.0.1:${server.address().port}`;
  execFileSync(BIN, ["build", "--root", site, "--output", pub, "--base-url", origin + BASE], { stdio: "pipe" });
  hindsight(["search", "--json", "timeout"]); // builds the CLI's cache once
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function open(url, { width = 1280, dark = false } = {}) {
  const page = await browser.newPage();
  page.on("pageerror", (e) => { throw new Error(`script error on ${url}: ${e.message}`); });
  await page.setViewport({ width, height: 900 });
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: dark ? "dark" : "light" }]);
  await page.goto(origin + BASE + url, { waitUntil: "load" });
  return page;
}
async function searchSettled(page) {
  await page.waitForFunction(() => document.documentElement.hasAttribute("data-search-done"), { timeout: 15000 });
}
async function resultSlugs(page) {
  return page.$$eval("#search-results li.hit", (lis) => lis.map((li) => li.getAttribute("data-slug")));
}
const slugsOf = (hits) => hits.map((h) => h.slug);
const firstIncident = () => JSON.parse(fs.readFileSync(path.join(pub, "incidents.json"), "utf8"));

test("the header search of an incident page lands on its results", async () => {
  const slug = firstIncident()[0].slug;
  const page = await open(`incidents/${slug}/`);
  await page.focus("#site-q");
  await page.keyboard.type("timeout");
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  assert.match(page.url(), /\/hs\/search\/\?q=timeout$/);
  await searchSettled(page);
  assert.equal(await page.$eval("#q", (i) => i.value), "timeout");
  const cli = cliSearch("timeout");
  assert.ok(cli.length > 0);
  assert.deepEqual(await resultSlugs(page), slugsOf(cli).slice(0, 10));
  await page.close();
});

test("filter counts equal the terminal's counts", async () => {
  const facets = { category: "--category", component: "--component", tag: "--tag", severity: "--severity", year: null };
  let compared = 0;
  for (const q of ["timeout", "database", "\"health check\"", "users -redis"]) {
    const page = await open(`search/?q=${encodeURIComponent(q)}`);
    await searchSettled(page);
    // A plain query fetches no filter tables: the counts come once the reader turns to the filters.
    assert.equal(await page.$$eval("#f-category option[data-count]", (os) => os.length), 0, `${q}: counts before the filters were used`);
    const fetched = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    assert.ok(!fetched.some((u) => /\/(f|dates)\.bin\.gz$/.test(u)), `${q}: a plain query fetched ${fetched.join(" ")}`);
    await page.focus("#f-category");
    await page.waitForSelector("#f-category option[data-count]");
    for (const [facet, flag] of Object.entries(facets)) {
      const options = await page.$$eval(`#f-${facet} option`, (os) =>
        os.filter((o) => o.value).map((o) => [o.value, o.getAttribute("data-count")]));
      assert.ok(options.length > 0, `${q}: no ${facet} values`);
      for (const [value, shown] of options) {
        const flags = flag ? [flag, value] : ["--since", `${value}-01-01`, "--until", `${value}-12-31`];
        const n = cliSearch(q, flags).length;
        assert.equal(Number(shown), n, `${q} with ${facet}=${value}: page says ${shown}, CLI finds ${n}`);
        compared++;
      }
    }
    // The total with a filter chosen is the count its option showed.
    const [value, shown] = await page.$$eval("#f-category option", (os) =>
      os.filter((o) => o.value && +o.getAttribute("data-count") > 0).map((o) => [o.value, o.getAttribute("data-count")])[0]);
    await page.select("#f-category", value);
    await page.waitForFunction((n) => document.querySelector("#search-status").textContent.startsWith(n + " incident"), {}, shown);
    await page.close();
  }
  assert.ok(compared > 100, `only ${compared} counts compared`);
});

test("sort orders equal the terminal's", async () => {
  for (const q of ["outage", "database", "\"connection pool\""]) {
    for (const sort of ["relevance", "newest", "longest"]) {
      const page = await open(`search/?q=${encodeURIComponent(q)}&sort=${sort}&n=50`);
      await searchSettled(page);
      const cli = slugsOf(cliSearch(q, ["--sort", sort])).slice(0, 50);
      assert.ok(cli.length > 0, q);
      assert.deepEqual(await resultSlugs(page), cli, `${q} sorted by ${sort}`);
      await page.close();
    }
  }
});

test("more results is a button that adds the next ten and moves focus to them", async () => {
  const q = ["error", "checkout", "database"].find((w) => cliSearch(w).length > 10);
  assert.ok(q, "no query with more than ten hits in the demo");
  const total = cliSearch(q).length;
  const page = await open(`search/?q=${encodeURIComponent(q)}`);
  await searchSettled(page);
  assert.equal((await resultSlugs(page)).length, 10);
  assert.equal(await page.$$eval("#search-results button", (b) => b.length), 0, "no button inside the list");
  await page.focus("#search-more button");
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => document.querySelectorAll("#search-results li.hit").length === n, {}, Math.min(20, total));
  const focused = await page.evaluate(() => document.activeElement.closest("li")?.getAttribute("data-slug"));
  assert.equal(focused, (await resultSlugs(page))[10]);
  await page.close();
});

test("search keeps headings apart from text in snippets, and works by keyboard", async () => {
  const page = await open("search/?q=proxy_read_timeout");
  await searchSettled(page);
  const snippet = await page.$eval("#search-results .snippet", (p) => p.innerHTML);
  assert.ok(!/Root Cause The/i.test(snippet.replace(/<[^>]+>/g, "")), snippet);
  await page.focus("#q");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement.className), "hit-title");
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.evaluate(() => document.activeElement.id), "q");
  await page.close();
});

test("the catalogue sorts and filters the rows of the page", async () => {
  const incidents = firstIncident();
  const page = await open("");
  await page.waitForSelector("form.list-controls:not([hidden])");
  const visible = () => page.$$eval("#incident-list tbody tr", (rs) => rs.filter((r) => !r.hidden).map((r) => ({
    href: r.querySelector("td:nth-child(2) a").getAttribute("href"),
    // The rows carry only what the cells do not say (the sort numbers, the severity level).
    minutes: r.getAttribute("data-sort-duration"), sev: (/\d+/.exec(r.getAttribute("data-sev") || "") || [null])[0],
    category: r.querySelector("td:nth-child(4) a")?.textContent ?? null,
    services: [...r.querySelectorAll("td:nth-child(5) a")].map((a) => a.textContent).join(" "),
  })));
  assert.equal((await visible()).length, incidents.length);
  await page.select("#incident-list-sort", "duration");
  // Rows without a value have no attribute (null) and go last.
  const byDuration = (await visible()).map((r) => (r.minutes === null ? -1 : Number(r.minutes)));
  assert.deepEqual(byDuration, [...byDuration].sort((a, b) => b - a));
  assert.match(page.url(), /sort=duration/);
  await page.select("#incident-list-sort", "severity");
  const bySev = (await visible()).map((r) => (r.sev === null ? 99 : Number(r.sev)));
  assert.deepEqual(bySev, [...bySev].sort((a, b) => a - b));
  const cat = "misconfiguration";
  await page.select("#incident-list-category", cat);
  const rows = await visible();
  assert.equal(rows.length, incidents.filter((i) => i.category === cat).length);
  assert.ok(rows.every((r) => r.category === cat));
  const svc = await page.$$eval("#incident-list-service option", (os) => os[1].value);
  await page.select("#incident-list-category", "");
  await page.select("#incident-list-service", svc);
  assert.equal((await visible()).length, incidents.filter((i) => i.components.includes(svc)).length);
  // The choice survives a reload (it is in the address).
  await page.reload({ waitUntil: "load" });
  assert.equal((await visible()).length, incidents.filter((i) => i.components.includes(svc)).length);
  await page.close();
});

test("the action items page: open first, overdue marked, filters by owner and status", async () => {
  const json = JSON.parse(fs.readFileSync(path.join(pub, "actions.json"), "utf8"));
  const cli = JSON.parse(hindsight(["actions", "--json"]));
  assert.equal(cli.total, json.total);
  const page = await open("actions/");
  await page.waitForSelector("#actions-filter:not([hidden])");
  const rows = () => page.$$eval("#actions-table tbody tr", (rs) => rs.filter((r) => !r.hidden).map((r) => r.getAttribute("data-state")));
  const all = await rows();
  assert.equal(all.length, json.total);
  const firstClosed = all.findIndex((s) => !s.includes("open"));
  assert.ok(firstClosed < 0 || all.slice(firstClosed).every((s) => !s.includes("open")), "open items first");
  await page.select("#a-status", "open");
  assert.equal((await rows()).length, json.open);
  const owner = await page.$$eval("#a-owner option", (os) => os[1].value);
  await page.select("#a-owner", owner);
  const cliOwner = JSON.parse(hindsight(["actions", "--json", "--open", "--owner", owner.replace(/_/g, " ")]));
  assert.equal((await rows()).length, cliOwner.total);
  await page.close();
});

test("a long action list: the page holds the first rows, the browser builds the rest from actions.json", async () => {
  // paginate_by = 2: the demo's items no longer fit on the page.
  const small = path.join(tmp, "small"), smallPub = path.join(tmp, "small-public");
  copyDir(path.join(site, "content"), path.join(small, "content"));
  fs.writeFileSync(path.join(small, "site.toml"), fs.readFileSync(path.join(site, "site.toml"), "utf8") + "\npaginate_by = 2\n");
  const s2 = await serve(smallPub);
  const origin2 = `http://127.0.0.1:${s2.address().port}`;
  try {
    execFileSync(BIN, ["build", "--root", small, "--output", smallPub, "--base-url", origin2 + BASE], { stdio: "pipe" });
    const json = JSON.parse(fs.readFileSync(path.join(smallPub, "actions.json"), "utf8"));
    assert.ok(json.total > 2, "the demo has more than two action items");
    const html = fs.readFileSync(path.join(smallPub, "actions/index.html"), "utf8");
    const built = html.match(/<tr data-owner=[^\n]*<\/tr>/g);
    assert.equal(built.length, 2, "the page holds paginate_by rows");
    const page = await browser.newPage();
    page.on("pageerror", (e) => { throw new Error(`script error: ${e.message}`); });
    await page.goto(origin2 + BASE + "actions/", { waitUntil: "load" });
    await page.waitForSelector("#actions-filter:not([hidden])");
    // Without what the controls add to every row.
    const rows = await page.$$eval("#actions-table tbody tr", (rs) => rs.map((r) => {
      const c = r.cloneNode(true);
      ["data-built-order", "data-sort-oldest", "hidden"].forEach((a) => c.removeAttribute(a));
      return c.outerHTML;
    }));
    assert.equal(rows.length, json.total);
    // The rows the browser built are the rows the page would have held.
    const parse = (h) => page.evaluate((h) => { const t = document.createElement("tbody"); t.innerHTML = h; return t.rows[0].outerHTML; }, h);
    for (let i = 0; i < built.length; i++) assert.equal(rows[i], await parse(built[i]));
    assert.ok(await page.$eval("#actions-more", (e) => e.hidden), "the note about the rest is hidden once they are there");
    // "No owner" finds the items without one.
    await page.select("#a-owner", "-");
    const unowned = await page.$$eval("#actions-table tbody tr", (rs) => rs.filter((r) => !r.hidden).length);
    assert.equal(unowned, json.items.filter((a) => !(a.owner || "").trim().replace(/^@+/, "")).length);
    // An incident's follow-ups, as its page links to them.
    // Items name their incident by its position in json.incidents.
    const slugOf = (a) => json.incidents[a.incident].slug;
    const slug = slugOf(json.items[json.items.length - 1]);
    await page.goto(origin2 + BASE + "actions/?incident=" + slug, { waitUntil: "load" });
    await page.waitForSelector("#actions-filter:not([hidden])");
    const shown = await page.$$eval("#actions-table tbody tr", (rs) => rs.filter((r) => !r.hidden).map((r) => r.getAttribute("data-incident")));
    assert.deepEqual(shown, json.items.filter((a) => slugOf(a) === slug).map(slugOf));
    await page.close();
  } finally {
    s2.close();
  }
});

const PAGES = () => {
  const inc = firstIncident();
  // incidents.json has no action items: actions.json says which incidents promised some.
  const actions = JSON.parse(fs.readFileSync(path.join(pub, "actions.json"), "utf8"));
  const promised = new Set(actions.items.map((a) => actions.incidents[a.incident].slug));
  const slug = inc.find((i) => promised.has(i.slug) && i.start && i.end)?.slug || inc[0].slug;
  const cat = inc.find((i) => i.category)?.category;
  return {
    home: "", incident: `incidents/${slug}/`, categories: "categories/", category: `categories/${cat}/`,
    search: "search/?q=timeout", trends: "trends/", actions: "actions/", notfound: "no-such-page/",
  };
};

test("axe-core finds no WCAG 2.1 A/AA violation on any page type, light or dark", async () => {
  const problems = [];
  // Every page type, and every incident page (their code blocks differ).
  const urls = Object.entries(PAGES());
  const inc = firstIncident();
  for (const i of inc) urls.push([`incident ${i.slug}`, `incidents/${i.slug}/`]);
  const svc = inc.find((i) => i.components.length)?.components[0];
  const tag = inc.find((i) => i.tags.length)?.tags[0];
  urls.push(["tags", "tags/"], ["service", `services/${svc}/`], ["tag", `tags/${tag}/`],
    ["search with filters", "search/?q=error&severity=sev2&sort=longest"]);
  for (const [name, url] of urls) {
    for (const dark of [false, true]) {
      const page = await open(url, { dark });
      if (name.startsWith("search")) await searchSettled(page);
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      }));
      for (const v of result.violations) {
        problems.push(`${name} (${dark ? "dark" : "light"}): ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
      }
      await page.close();
    }
  }
  assert.deepEqual(problems, []);
});

test("every control can be reached with the keyboard", async () => {
  const page = await open("");
  await page.waitForSelector("form.list-controls:not([hidden])");
  const reached = new Set();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    reached.add(await page.evaluate(() => document.activeElement.id || document.activeElement.tagName));
  }
  for (const id of ["site-q", "incident-list-sort", "incident-list-category", "incident-list-service", "incident-list-severity"]) {
    assert.ok(reached.has(id), `${id} is not reached by Tab`);
  }
  // A select changes with the keyboard alone.
  await page.focus("#incident-list-sort");
  await page.keyboard.press("ArrowDown");
  assert.notEqual(await page.$eval("#incident-list-sort", (s) => s.value), "");
  await page.close();
});

test("screenshots of every page type at 1280 and 390 px, light and dark", async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  let n = 0;
  for (const [name, url] of Object.entries(PAGES())) {
    for (const width of [1280, 390]) {
      for (const dark of [false, true]) {
        const page = await open(url, { width, dark });
        if (name === "search") await searchSettled(page);
        const file = path.join(SHOTS, `${name}-${width}-${dark ? "dark" : "light"}.png`);
        await page.screenshot({ path: file, fullPage: true });
        // Nothing may stick out sideways on a phone.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${name} at ${width}px is ${overflow}px too wide`);
        n++;
        await page.close();
      }
    }
  }
  assert.equal(n, Object.keys(PAGES()).length * 4);
});
