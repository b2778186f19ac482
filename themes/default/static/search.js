// hindsight search: the browser half of `hindsight search`. It mirrors
// src/analyze/search/{analysis,query,snippet}.rs exactly (same words, stop words, Porter2
// stemmer, query language and snippet choice) and adds up the BM25 weights the build stored in
// search/t/*.bin, so the same query ranks the same incidents in the same order as the terminal.
(function () {
  "use strict";

  // ---- analysis (analysis.rs) ----
  var MAX_TOKEN_CHARS = 40;
  var STOP = new Set(["a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in",
    "into", "is", "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then",
    "there", "these", "they", "this", "to", "was", "will", "with"]);
  var WORD_RE = /[\p{Alphabetic}\p{N}]+/gu;

  function words(text) {
    var out = [], m;
    WORD_RE.lastIndex = 0;
    while ((m = WORD_RE.exec(text)) !== null) {
      out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
    }
    return out;
  }

  function termOf(lower) {
    if (Array.from(lower).length > MAX_TOKEN_CHARS || STOP.has(lower)) return null;
    return /^[a-z0-9]+$/.test(lower) ? stem(lower) : lower;
  }

  function analyze(text) {
    var out = [];
    words(text).forEach(function (w, position) {
      var t = termOf(w.text.toLowerCase());
      if (t !== null) out.push({ term: t, position: position, start: w.start, end: w.end });
    });
    return out;
  }

  // ---- Porter2 (Snowball English), as in the rust-stemmers crate ----
  function isV(c) { return c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y"; }
  function isVWXY(c) { return isV(c) || c === "w" || c === "x" || c === "Y"; }
  var EXC1 = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl",
    gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky",
    news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes" };
  var EXC2 = new Set(["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"]);

  function longest(w, list) {
    var best = null;
    for (var i = 0; i < list.length; i++) {
      var s = list[i][0];
      if (w.length >= s.length && w.endsWith(s) && (best === null || s.length > best[0].length)) best = list[i];
    }
    return best;
  }
  // s = w[0..i): is it "short": non-v_WXY v non-v at its end, or v non-v making all of it
  function shortv(w, i) {
    if (i >= 3 && !isVWXY(w[i - 1]) && isV(w[i - 2]) && !isV(w[i - 3])) return true;
    return i === 2 && !isV(w[1]) && isV(w[0]);
  }
  function hasVowel(w, from, to) {
    for (var i = from; i < to; i++) if (isV(w[i])) return true;
    return false;
  }

  function stem(word) {
    if (Object.prototype.hasOwnProperty.call(EXC1, word)) return EXC1[word];
    if (word.length < 3) return word;
    var w = word.split("");
    if (w[0] === "y") w[0] = "Y";
    for (var i = 1; i < w.length; i++) if (w[i] === "y" && isV(w[i - 1])) w[i] = "Y";
    w = w.join("");
    var n = w.length, p1 = n, p2 = n;
    var pre = ["gener", "commun", "arsen"].filter(function (p) { return w.startsWith(p); })[0];
    var k = -1;
    if (pre) k = pre.length;
    else {
      for (i = 1; i < n; i++) if (isV(w[i - 1]) && !isV(w[i])) { k = i + 1; break; }
    }
    if (k >= 0) {
      p1 = k;
      for (i = k + 1; i < n; i++) if (isV(w[i - 1]) && !isV(w[i])) { p2 = i + 1; break; }
    }
    // Step 1a
    var m = longest(w, [["sses", 1], ["ied", 2], ["ies", 2], ["s", 3], ["us", 0], ["ss", 0]]);
    if (m) {
      var st = w.length - m[0].length;
      if (m[1] === 1) w = w.slice(0, st) + "ss";
      else if (m[1] === 2) w = w.slice(0, st) + (st >= 2 ? "i" : "ie");
      else if (m[1] === 3 && st >= 1 && hasVowel(w, 0, st - 1)) w = w.slice(0, st);
    }
    if (EXC2.has(w)) return w.replace(/Y/g, "y");
    // Step 1b
    m = longest(w, [["eed", 1], ["eedly", 1], ["ed", 2], ["edly", 2], ["ing", 2], ["ingly", 2]]);
    if (m) {
      st = w.length - m[0].length;
      if (m[1] === 1) {
        if (st >= p1) w = w.slice(0, st) + "ee";
      } else if (hasVowel(w, 0, st)) {
        w = w.slice(0, st);
        var e = longest(w, [["at", 1], ["bl", 1], ["iz", 1], ["bb", 2], ["dd", 2], ["ff", 2], ["gg", 2],
          ["mm", 2], ["nn", 2], ["pp", 2], ["rr", 2], ["tt", 2]]);
        if (e && e[1] === 1) w += "e";
        else if (e && e[1] === 2) w = w.slice(0, -1);
        else if (w.length === p1 && shortv(w, w.length)) w += "e";
      }
    }
    // Step 1c
    n = w.length;
    if (n >= 3 && (w[n - 1] === "y" || w[n - 1] === "Y") && !isV(w[n - 2])) w = w.slice(0, -1) + "i";
    // Step 2
    m = longest(w, [["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"],
      ["entli", "ent"], ["izer", "ize"], ["ization", "ize"], ["ational", "ate"], ["ation", "ate"],
      ["ator", "ate"], ["alism", "al"], ["aliti", "al"], ["alli", "al"], ["fulness", "ful"],
      ["ousli", "ous"], ["ousness", "ous"], ["iveness", "ive"], ["iviti", "ive"], ["biliti", "ble"],
      ["bli", "ble"], ["ogi", "og"], ["fulli", "ful"], ["lessli", "less"], ["li", ""]]);
    if (m) {
      st = w.length - m[0].length;
      if (st >= p1) {
        if (m[0] === "ogi") { if (st >= 1 && w[st - 1] === "l") w = w.slice(0, st) + "og"; }
        else if (m[0] === "li") { if (st >= 1 && "cdeghkmnrt".indexOf(w[st - 1]) >= 0) w = w.slice(0, st); }
        else w = w.slice(0, st) + m[1];
      }
    }
    // Step 3
    m = longest(w, [["tional", "tion"], ["ational", "ate"], ["alize", "al"], ["icate", "ic"],
      ["iciti", "ic"], ["ical", "ic"], ["ful", ""], ["ness", ""], ["ative", null]]);
    if (m) {
      st = w.length - m[0].length;
      if (st >= p1) {
        if (m[1] === null) { if (st >= p2) w = w.slice(0, st); }
        else w = w.slice(0, st) + m[1];
      }
    }
    // Step 4
    m = longest(w, [["al"], ["ance"], ["ence"], ["er"], ["ic"], ["able"], ["ible"], ["ant"],
      ["ement"], ["ment"], ["ent"], ["ism"], ["ate"], ["iti"], ["ous"], ["ive"], ["ize"], ["ion"]]);
    if (m) {
      st = w.length - m[0].length;
      if (st >= p2) {
        if (m[0] === "ion") { if (st >= 1 && (w[st - 1] === "s" || w[st - 1] === "t")) w = w.slice(0, st); }
        else w = w.slice(0, st);
      }
    }
    // Step 5
    n = w.length;
    if (w[n - 1] === "e") {
      if (n - 1 >= p2 || (n - 1 >= p1 && !shortv(w, n - 1))) w = w.slice(0, -1);
    } else if (w[n - 1] === "l") {
      if (n - 1 >= p2 && w[n - 2] === "l") w = w.slice(0, -1);
    }
    return w.replace(/Y/g, "y");
  }

  // ---- query language (query.rs) ----
  var TEXT_FIELDS = ["title", "cause", "summary", "labels", "body"];
  var FACETS = ["category", "component", "tag", "severity"];
  var ALIASES = { root_cause: "cause", rootcause: "cause", service: "component", services: "component",
    components: "component", tags: "tag", categories: "category" };
  var PREFIX_EXPANSIONS = 8;
  function isWs(c) { return /\s/.test(c); }

  function QueryError(message) { this.message = message; }

  function parse(query) {
    var ch = Array.from(query), items = [], i = 0;
    while (i < ch.length) {
      if (isWs(ch[i])) { i++; continue; }
      var negated = false;
      if (ch[i] === "-") {
        negated = true; i++;
        if (i >= ch.length || isWs(ch[i])) throw new QueryError("a lone - at character " + i);
      }
      var j = i;
      while (j < ch.length && (/[A-Za-z_]/.test(ch[j]))) j++;
      var clause = null;
      if (j > i && j < ch.length && ch[j] === ":") {
        var name = ch.slice(i, j).join(""), lower = name.toLowerCase();
        var canon = ALIASES[lower] || lower;
        if (TEXT_FIELDS.indexOf(canon) >= 0) clause = { kind: "text", field: TEXT_FIELDS.indexOf(canon) };
        else if (FACETS.indexOf(canon) >= 0) clause = { kind: "facet", facet: FACETS.indexOf(canon) };
        else throw new QueryError("unknown field \"" + name + "\" (fields: title, cause, summary, labels, body, category, component, tag, severity)");
        i = j + 1;
      }
      var value, quoted;
      if (i < ch.length && ch[i] === "\"") {
        var close = ch.indexOf("\"", i + 1);
        if (close < 0) throw new QueryError("unclosed quote at character " + (i + 1));
        value = ch.slice(i + 1, close).join(""); i = close + 1; quoted = true;
      } else {
        j = i;
        while (j < ch.length && !isWs(ch[j]) && ch[j] !== "\"") j++;
        value = ch.slice(i, j).join(""); i = j; quoted = false;
      }
      if (clause === null) clause = { kind: "text", field: null };
      if (clause.kind === "facet") clause.value = value.trim().toLowerCase();
      else { clause.raw = value; clause.quoted = quoted; }
      var empty = clause.kind === "facet" ? clause.value === "" : clause.raw.trim() === "";
      if (empty) {
        if (clause.kind === "facet") throw new QueryError("nothing after " + FACETS[clause.facet] + ":");
        if (clause.field !== null && !quoted) throw new QueryError("nothing after " + TEXT_FIELDS[clause.field] + ":");
        continue;
      }
      items.push({ clause: clause, negated: negated });
    }
    return items;
  }

  // ---- index access ----
  function Index(url) {
    this.url = url;
    this.shards = new Map();
    this.wordShards = new Map();
    this.docs = new Map();
    this.bytes = 0;
    this.fragmentBytes = 0;
  }
  // Files named *.gz are gzip-compressed (static_index.rs): inflated here, unless the server
  // already did (then they no longer start with gzip's magic bytes). The counts are the bytes
  // that came over the wire, compressed.
  Index.prototype.fetchBytes = function (path) {
    var self = this;
    return fetch(this.url + path).then(function (r) {
      if (!r.ok) throw new Error("cannot load " + path + " (" + r.status + ")");
      return r.arrayBuffer();
    }).then(function (b) {
      if (path.startsWith("d/")) self.fragmentBytes += b.byteLength; else self.bytes += b.byteLength;
      var bytes = new Uint8Array(b);
      if (!/\.gz$/.test(path) || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
      if (typeof DecompressionStream === "undefined") throw new Error("this browser cannot read compressed files (no DecompressionStream)");
      var plain = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(plain).arrayBuffer().then(function (p) { return new Uint8Array(p); });
    });
  };
  Index.prototype.load = function () {
    var self = this;
    return this.fetchBytes("meta.json").then(function (b) {
      self.meta = JSON.parse(new TextDecoder().decode(b));
      return self;
    });
  };
  function Reader(bytes) { this.b = bytes; this.i = 0; }
  Reader.prototype.varint = function () {
    var v = 0, mul = 1, byte;
    do { byte = this.b[this.i++]; v += (byte & 0x7f) * mul; mul *= 128; } while (byte & 0x80);
    return v;
  };
  Reader.prototype.str = function () {
    var n = this.varint(), s = new TextDecoder().decode(this.b.subarray(this.i, this.i + n));
    this.i += n;
    return s;
  };
  function shardOf(firsts, key) {
    var lo = 0, hi = firsts.length - 1, ans = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= key) { ans = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return ans;
  }
  // Postings of a term: Map ord -> [weight, field mask].
  Index.prototype.postings = function (term) {
    var n = shardOf(this.meta.shards, term);
    if (!this.shards.has(n)) {
      this.shards.set(n, this.fetchBytes("t/" + n + ".bin.gz").then(function (b) {
        var r = new Reader(b), map = new Map();
        while (r.i < b.length) {
          var t = r.str(), count = r.varint(), ord = 0, list = new Map();
          for (var k = 0; k < count; k++) {
            ord += r.varint();
            var v = r.varint();
            list.set(ord, [Math.floor(v / 32), v % 32]);
          }
          map.set(t, list);
        }
        return map;
      }));
    }
    return this.shards.get(n).then(function (map) { return map.get(term) || new Map(); });
  };
  // Words starting with prefix: [word, term, df].
  Index.prototype.wordsWithPrefix = function (prefix) {
    var firsts = this.meta.word_shards, self = this, wanted = [];
    if (firsts.length === 0) return Promise.resolve([]);
    for (var s = shardOf(firsts, prefix); s < firsts.length; s++) {
      if (s > shardOf(firsts, prefix) && !firsts[s].startsWith(prefix)) break;
      wanted.push(s);
    }
    return Promise.all(wanted.map(function (n) {
      if (!self.wordShards.has(n)) {
        self.wordShards.set(n, self.fetchBytes("w/" + n + ".bin.gz").then(function (b) {
          var r = new Reader(b), out = [];
          while (r.i < b.length) out.push([r.str(), r.str(), r.varint()]);
          return out;
        }));
      }
      return self.wordShards.get(n);
    })).then(function (lists) {
      var out = [];
      lists.forEach(function (l) { l.forEach(function (e) { if (e[0].startsWith(prefix)) out.push(e); }); });
      return out;
    });
  };
  Index.prototype.doc = function (ord) {
    if (!this.docs.has(ord)) {
      this.docs.set(ord, this.fetchBytes("d/" + ord + ".json.gz").then(function (b) {
        return JSON.parse(new TextDecoder().decode(b));
      }));
    }
    return this.docs.get(ord);
  };
  Index.prototype.dates = function () {
    if (!this.datesP) {
      this.datesP = this.fetchBytes("dates.bin.gz").then(function (b) {
        var r = new Reader(b), out = [];
        while (r.i < b.length) out.push(r.varint());
        return out;
      });
    }
    return this.datesP;
  };

  // ---- planning (query.rs `plan`) ----
  function plan(items, index) {
    var p = { must: [], mustNot: [], groups: [] };
    var steps = items.map(function (item, idx) {
      return function () {
        var c = item.clause, m;
        if (c.kind === "facet") m = { kind: "facet", key: FACETS[c.facet] + ":" + c.value };
        else {
          var toks = analyze(c.raw);
          if (toks.length === 0) return Promise.resolve();
          if (toks.length === 1) {
            var term = toks[0].term;
            var lastPlain = idx + 1 === items.length && !item.negated && !c.quoted && c.field === null && words(c.raw).length === 1;
            if (lastPlain) {
              return index.postings(term).then(function (post) {
                if (post.size > 0) { add({ kind: "term", term: term, field: null }); return; }
                return prefixMatch(c.raw.toLowerCase(), index).then(function (terms) {
                  p.groups.push(terms);
                  p.must.push({ kind: "any", terms: terms });
                });
              });
            }
            m = { kind: "term", term: term, field: c.field };
          } else {
            var first = toks[0].position;
            m = { kind: "phrase", terms: toks.map(function (t) { return [t.position - first, t.term]; }), field: c.field };
          }
        }
        add(m);
        return Promise.resolve();
        function add(m) {
          if (item.negated) { p.mustNot.push(m); return; }
          if (m.kind === "term") p.groups.push([m.term]);
          if (m.kind === "phrase") m.terms.forEach(function (t) { p.groups.push([t[1]]); });
          p.must.push(m);
        }
      };
    });
    return steps.reduce(function (acc, s) { return acc.then(s); }, Promise.resolve()).then(function () { return p; });
  }
  function prefixMatch(prefix, index) {
    if (Array.from(prefix).length < 2) return Promise.resolve([]);
    return index.wordsWithPrefix(prefix).then(function (ws) {
      var found = ws.filter(function (e) { return e[2] > 0; }).map(function (e) { return [e[2], e[1]]; });
      found.sort(function (a, b) { return b[0] - a[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
      var out = [];
      found.forEach(function (f) { if (out.length === 0 || out[out.length - 1] !== f[1]) out.push(f[1]); });
      return out.slice(0, PREFIX_EXPANSIONS);
    });
  }

  // ---- matching and ranking (engine.rs `search`) ----
  function fieldOk(entry, field) { return field === null || (entry[1] & (1 << field)) !== 0; }

  // Documents meeting a match: Promise<{ set: Set of ords, check: phrase to verify or null }>
  function docsOf(m, index) {
    if (m.kind === "facet") return index.postings(m.key).then(function (p) { return { set: new Set(p.keys()) }; });
    if (m.kind === "term") return index.postings(m.term).then(function (p) {
      var s = new Set();
      p.forEach(function (e, ord) { if (fieldOk(e, m.field)) s.add(ord); });
      return { set: s };
    });
    if (m.kind === "any") return Promise.all(m.terms.map(function (t) { return index.postings(t); })).then(function (ps) {
      var s = new Set();
      ps.forEach(function (p) { p.forEach(function (e, ord) { s.add(ord); }); });
      return { set: s };
    });
    // phrase: documents with every term (in the field, if given); positions checked later
    return Promise.all(m.terms.map(function (t) { return index.postings(t[1]); })).then(function (ps) {
      var s = null;
      ps.forEach(function (p) {
        var next = new Set();
        p.forEach(function (e, ord) { if (fieldOk(e, m.field) && (s === null || s.has(ord))) next.add(ord); });
        s = next;
      });
      return { set: s || new Set(), phrase: m };
    });
  }

  function phraseIn(doc, m) {
    var fields = m.field === null ? [0, 1, 2, 3, 4] : [m.field];
    return fields.some(function (f) {
      var at = new Map();
      analyze(doc.texts[f]).forEach(function (t) { at.set(t.position, t.term); });
      var firstTerm = m.terms[0][1], found = false;
      at.forEach(function (term, pos) {
        if (found || term !== firstTerm) return;
        found = m.terms.every(function (t) { return at.get(pos + t[0]) === t[1]; });
      });
      return found;
    });
  }

  function dayOf(iso) { return Math.round(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000); }
  function yearOfDay(day) { return new Date((day - 1) * 86400000).getUTCFullYear(); }

  // f.bin: per ord { minutes (null when unknown), facets: [[value positions] per facet] }.
  Index.prototype.facetTable = function () {
    if (!this.facetsP) {
      var nf = FACETS.length;
      this.facetsP = this.fetchBytes("f.bin.gz").then(function (b) {
        var r = new Reader(b), out = [];
        while (r.i < b.length) {
          var m = r.varint(), fs = [];
          for (var f = 0; f < nf; f++) {
            var n = r.varint(), vs = [];
            for (var k = 0; k < n; k++) vs.push(r.varint());
            fs.push(vs);
          }
          out.push({ minutes: m === 0 ? null : m - 1, facets: fs });
        }
        return out;
      });
    }
    return this.facetsP;
  };

  var ORDERS = ["relevance", "newest", "longest"];

  // Runs a query; resolves to { hits: [{ord, score, doc}], total, terms, counts } (hits up to
  // `limit`, in `order`). counts[facet][value] (and counts.year[year]) is the number of matching
  // incidents were that value chosen instead of the facet's current filter: what the terminal
  // prints for the same query with that filter. Counts only `withCounts` (else null): they need
  // f.bin and dates.bin, which grow with the site, so a plain query fetches neither.
  function search(index, query, filters, limit, order, withCounts) {
    order = order || "relevance";
    var items = parse(query);
    return plan(items, index).then(function (p) {
      var facetFilters = FACETS.map(function (f) {
        return (filters[f] || []).map(function (v) { return v.trim().toLowerCase(); });
      });
      var dated = !!(filters.since || filters.until);
      var anyFacet = facetFilters.some(function (v) { return v.length > 0; });
      if (p.must.length === 0 && p.mustNot.length === 0 && !dated && !anyFacet) return { hits: [], total: 0, terms: [], counts: null };
      var needTable = withCounts || anyFacet || order === "longest", needDates = withCounts || dated;
      var jobs = [Promise.all(p.must.map(function (m) { return docsOf(m, index); })),
        Promise.all(p.mustNot.map(function (m) { return docsOf(m, index); })),
        needDates ? index.dates() : null, needTable ? index.facetTable() : null,
        Promise.all(p.groups.map(function (g) { return Promise.all(g.map(function (t) { return index.postings(t); })); }))];
      return Promise.all(jobs).then(function (r) {
        var must = r[0], mustNot = r[1], dates = r[2], table = r[3], groups = r[4];
        var cand;
        if (must.length === 0) { cand = []; for (var o = 0; o < index.meta.docs; o++) cand.push(o); }
        else {
          must.sort(function (a, b) { return a.set.size - b.set.size; });
          cand = Array.from(must[0].set).filter(function (o) { return must.every(function (s) { return s.set.has(o); }); });
        }
        cand = cand.filter(function (o) { return mustNot.every(function (s) { return s.phrase || !s.set.has(o); }); });
        var phrases = must.filter(function (s) { return s.phrase; }).map(function (s) { return s.phrase; });
        var notPhrases = mustNot.filter(function (s) { return s.phrase; });
        // Phrases need the text: every candidate is checked, so totals and counts are exact.
        var verified = phrases.length === 0 && notPhrases.length === 0 ? Promise.resolve(cand) :
          Promise.all(cand.map(function (o) { return index.doc(o); })).then(function (docs) {
            return cand.filter(function (o, i) {
              var d = docs[i];
              if (!phrases.every(function (m) { return phraseIn(d, m); })) return false;
              return !notPhrases.some(function (s) { return s.set.has(o) && phraseIn(d, s.phrase); });
            });
          });
        return verified.then(function (base) {
          var values = FACETS.map(function (f) { return index.meta.facet_values[f].map(function (v) { return v[0]; }); });
          var lo = filters.since ? dayOf(filters.since) + 1 : -Infinity, hi = filters.until ? dayOf(filters.until) + 1 : Infinity;
          // Per candidate: which filter dimensions (facets, then dates) it meets.
          var dims = FACETS.length + 1;
          var meets = base.map(function (o) {
            var ok = facetFilters.map(function (wanted, f) {
              if (!wanted.length) return true;
              var have = table[o].facets[f].map(function (i) { return values[f][i]; });
              return wanted.every(function (v) { return have.indexOf(v) >= 0; });
            });
            ok.push(!dated || (dates[o] !== 0 && dates[o] >= lo && dates[o] <= hi));
            return ok;
          });
          var counts = { year: {} };
          FACETS.forEach(function (f) { counts[f] = {}; });
          var final = [];
          base.forEach(function (o, i) {
            var ok = meets[i], fails = 0, failed = -1;
            for (var d = 0; d < dims; d++) if (!ok[d]) { fails++; failed = d; }
            if (fails === 0) final.push(o);
            if (fails > 1 || !withCounts) return;
            // Counted for a dimension when every other dimension is met.
            for (d = 0; d < dims; d++) {
              if (fails === 1 && failed !== d) continue;
              if (d < FACETS.length) {
                table[o].facets[d].forEach(function (vi) {
                  var v = values[d][vi];
                  counts[FACETS[d]][v] = (counts[FACETS[d]][v] || 0) + 1;
                });
              } else if (dates[o] !== 0) {
                var y = yearOfDay(dates[o]);
                counts.year[y] = (counts.year[y] || 0) + 1;
              }
            }
          });
          var scored = final.map(function (o) {
            var score = 0;
            groups.forEach(function (g) {
              var best = 0;
              g.forEach(function (post) { var e = post.get(o); if (e && e[0] > best) best = e[0]; });
              score += best;
            });
            return { ord: o, score: score, minutes: table ? table[o].minutes : undefined };
          });
          scored.sort(compare[order] || compare.relevance);
          var top = scored.slice(0, limit);
          return Promise.all(top.map(function (h) { return index.doc(h.ord); })).then(function (docs) {
            return {
              hits: top.map(function (h, i) {
                var minutes = h.minutes === undefined ? docs[i].minutes : h.minutes;
                return { ord: h.ord, score: h.score, minutes: minutes === undefined ? null : minutes, doc: docs[i] };
              }),
              total: scored.length,
              terms: Array.from(new Set([].concat.apply([], p.groups))),
              counts: withCounts ? counts : null
            };
          });
        });
      });
    });
  }
  // The orders of engine.rs `top_hits`; ties go to the lower ord (newer).
  var compare = {
    relevance: function (a, b) { return b.score - a.score || a.ord - b.ord; },
    newest: function (a, b) { return a.ord - b.ord; },
    longest: function (a, b) {
      var ka = a.minutes === null ? -1 : a.minutes, kb = b.minutes === null ? -1 : b.minutes;
      return kb - ka || a.ord - b.ord;
    }
  };

  // ---- snippet (snippet.rs) ----
  var SNIPPET_WORDS = 30, LEAD = 5;
  function snippet(texts, terms) {
    var marked = function (text) {
      return words(text).map(function (w) { var t = termOf(w.text.toLowerCase()); return t !== null && terms.indexOf(t) >= 0; });
    };
    var choice = null;
    [4, 2, 1, 0].some(function (f) { var m = marked(texts[f]); if (m.some(Boolean)) { choice = [f, m]; return true; } return false; });
    if (!choice) [4, 2].some(function (f) { var m = marked(texts[f]); if (m.length) { choice = [f, m]; return true; } return false; });
    if (!choice) return [];
    var text = texts[choice[0]], hits = choice[1], ws = words(text), best = [0, 0];
    hits.forEach(function (h, i) {
      if (!h) return;
      var start = Math.max(0, i - LEAD), count = hits.slice(start, start + SNIPPET_WORDS).filter(Boolean).length;
      if (count > best[1]) best = [start, count];
    });
    var start = best[0], end = Math.min(start + SNIPPET_WORDS, ws.length), pieces = [];
    var heads = headingWords(text, ws);
    function push(t, hit, heading) {
      if (!t) return;
      var last = pieces[pieces.length - 1];
      if (last && !hit && !last.hit && last.heading === heading) last.text += t;
      else pieces.push({ text: t, hit: hit, heading: heading });
    }
    if (start > 0) push("… ", false, false);
    var cursor = ws[start].start;
    for (var i = start; i < end; i++) {
      var gap = text.slice(cursor, ws[i].start);
      if (gap.indexOf(HEADING_END) >= 0) push(HEADING_GAP, false, false);
      else push(gap.replace(/\s+/g, " "), false, i > start && heads[i - 1] && heads[i]);
      push(ws[i].text, hits[i], heads[i]);
      cursor = ws[i].end;
    }
    if (end < ws.length) push(" …", false, false);
    return pieces;
  }
  // fields.rs HEADING_END ends a heading in the body text; snippet.rs `heading_words`.
  var HEADING_END = "\u2029", HEADING_GAP = " — ";
  function headingWords(text, ws) {
    var flags = ws.map(function () { return false; }), blockStart = 0;
    for (var i = 0; i < ws.length; i++) {
      var gap = text.slice(ws[i].end, i + 1 < ws.length ? ws[i + 1].start : text.length);
      var head = gap.indexOf(HEADING_END) >= 0;
      if (head) for (var k = blockStart; k <= i; k++) flags[k] = true;
      if (head || gap.indexOf("\n") >= 0) blockStart = i + 1;
    }
    return flags;
  }

  var api = { words: words, analyze: analyze, stem: stem, termOf: termOf, parse: parse, snippet: snippet, search: search, Index: Index };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }
  window.hindsightSearch = api;

  // ---- the page ----
  var script = document.currentScript;
  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("q"), status = document.getElementById("search-status");
  var list = document.getElementById("search-results"), moreBox = document.getElementById("search-more");
  var base = script.getAttribute("data-base") || "/";
  var index = new Index(script.getAttribute("data-index"));
  var FILTERS = ["category", "component", "tag", "severity", "year"];
  var selects = {};
  FILTERS.forEach(function (k) { selects[k] = document.getElementById("f-" + k); });
  var sortSel = document.getElementById("f-sort");
  var PAGE = 10, shown = PAGE, seq = 0, extra = null;

  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }
  function label(facet, v) { return facet === "severity" && /^(sev|p|s)\d+$/.test(v) ? v.toUpperCase() : v; }
  function minutesText(m) {
    var t = Math.round(m), d = Math.floor(t / 1440), h = Math.floor((t % 1440) / 60), mm = t % 60;
    if (d) return d + " d " + h + " h";
    if (h) return mm ? h + " h " + mm + " min" : h + " h";
    return mm + " min";
  }

  function readUrl() {
    var q = new URLSearchParams(location.search);
    input.value = q.get("q") || "";
    FILTERS.forEach(function (k) { if (selects[k]) setSelect(selects[k], q.get(k) || ""); });
    if (sortSel) sortSel.value = ORDERS.indexOf(q.get("sort")) >= 0 ? q.get("sort") : "relevance";
    var n = parseInt(q.get("n") || "", 10);
    shown = n > 0 ? n : PAGE;
    // Values beyond the first of a facet, and since/until: kept from the address as they are.
    extra = { since: q.get("since"), until: q.get("until") };
    ["category", "component", "tag", "severity"].forEach(function (k) { extra[k] = q.getAll(k).slice(1); });
  }
  function setSelect(sel, v) {
    if (v && !Array.prototype.some.call(sel.options, function (o) { return o.value === v; })) {
      var o = el("option", null, v); o.value = v; sel.appendChild(o);
    }
    sel.value = v;
  }
  function writeUrl() {
    var q = new URLSearchParams();
    if (input.value) q.set("q", input.value);
    FILTERS.forEach(function (k) { if (selects[k] && selects[k].value) q.set(k, selects[k].value); });
    if (sortSel && sortSel.value !== "relevance") q.set("sort", sortSel.value);
    if (shown !== PAGE) q.set("n", String(shown));
    var s = q.toString();
    history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
  }
  function fill(sel, facet, values) {
    if (!sel) return;
    values.forEach(function (v) {
      var o = el("option", null, label(facet, v)); o.value = v; o.setAttribute("data-label", label(facet, v));
      sel.appendChild(o);
    });
  }
  // Writes "value (n)" into each option; n is what the terminal finds with that filter instead.
  function showCounts(counts) {
    FILTERS.forEach(function (k) {
      var sel = selects[k];
      if (!sel) return;
      Array.prototype.forEach.call(sel.options, function (o) {
        if (!o.value) return;
        var name = o.getAttribute("data-label") || o.value;
        if (!counts) { o.textContent = name; o.removeAttribute("data-count"); o.disabled = false; return; }
        var n = counts[k][o.value] || 0;
        o.textContent = name + " (" + n + ")";
        o.setAttribute("data-count", String(n));
        o.disabled = n === 0 && sel.value !== o.value;
      });
    });
  }

  function currentFilters() {
    var filters = { category: [], component: [], tag: [], severity: [] };
    Object.keys(filters).forEach(function (k) {
      var v = selects[k] && selects[k].value;
      if (v) filters[k] = [v];
      if (extra && extra[k]) filters[k] = filters[k].concat(extra[k]);
    });
    var year = selects.year && selects.year.value;
    if (year) { filters.since = year + "-01-01"; filters.until = year + "-12-31"; }
    if (extra && extra.since) filters.since = extra.since;
    if (extra && extra.until) filters.until = extra.until;
    return filters;
  }

  function render(res) {
    list.textContent = "";
    res.hits.forEach(function (h) {
      var li = el("li", "hit"), d = h.doc;
      li.setAttribute("data-slug", d.slug);
      li.setAttribute("data-score", String(h.score / 1000));
      var a = el("a", "hit-title", d.title);
      a.href = base + "incidents/" + d.slug + "/";
      li.appendChild(a);
      var meta = el("p", "hit-meta");
      if (d.date) meta.appendChild(el("time", null, d.date));
      if (d.severity) meta.appendChild(el("span", "sev" + (d.severity_level === null ? "" : " sev-l" + d.severity_level), d.severity));
      if (d.category) meta.appendChild(el("span", null, d.category));
      if (h.minutes !== null && h.minutes !== undefined) meta.appendChild(el("span", null, minutesText(h.minutes)));
      li.appendChild(meta);
      var sn = el("p", "snippet");
      snippet(d.texts, res.terms).forEach(function (piece) {
        var node = piece.hit ? el("mark", null, piece.text) : document.createTextNode(piece.text);
        if (piece.heading) { var b = el("strong", "snip-h"); b.appendChild(node); node = b; }
        sn.appendChild(node);
      });
      li.appendChild(sn);
      list.appendChild(li);
    });
    status.textContent = res.total === 0 ? "No incidents match." :
      res.total + (res.total === 1 ? " incident" : " incidents") + (res.total > res.hits.length ? ", showing " + res.hits.length : "");
    moreBox.textContent = "";
    if (res.total > res.hits.length) {
      var b = el("button", "more-button", "Show " + Math.min(PAGE, res.total - res.hits.length) + " more");
      b.type = "button";
      b.addEventListener("click", function () {
        var first = res.hits.length;
        shown += PAGE; writeUrl();
        run(function () { var next = list.querySelectorAll("a.hit-title")[first]; if (next) next.focus(); });
      });
      moreBox.appendChild(b);
    }
  }

  function run(after) {
    var my = ++seq;
    var filters = currentFilters();
    var q = input.value;
    var empty = !q.trim() && !filters.since && !filters.until &&
      ["category", "component", "tag", "severity"].every(function (k) { return !filters[k].length; });
    if (empty) { list.textContent = ""; moreBox.textContent = ""; status.textContent = ""; showCounts(null); done(); return; }
    var p;
    try { p = search(index, q, filters, shown, sortSel ? sortSel.value : "relevance", countsWanted); } catch (e) {
      if (e instanceof QueryError) { status.textContent = e.message; list.textContent = ""; moreBox.textContent = ""; done(); return; }
      throw e;
    }
    p.then(function (res) {
      if (my !== seq) return;
      render(res);
      showCounts(res.counts);
      if (after) after();
      done();
    }).catch(function (e) {
      if (my !== seq) return;
      status.textContent = e instanceof QueryError ? e.message : "Search failed: " + e.message;
      done();
    });
  }
  // Marks the page as settled (tests and benchmarks read these), with the bytes fetched so far.
  function done() {
    var root = document.documentElement;
    root.setAttribute("data-index-bytes", String(index.bytes));
    root.setAttribute("data-fragment-bytes", String(index.fragmentBytes));
    root.setAttribute("data-search-done", String(seq));
  }

  // The filters' counts are worked out once a reader turns to the filters (or picks one): until
  // then a query downloads only its terms' postings and the results shown.
  var countsWanted = false;
  var filterBox = form.querySelector(".search-filters");
  function wantCounts() { if (!countsWanted) { countsWanted = true; run(); } }
  if (filterBox) ["focusin", "pointerdown"].forEach(function (ev) { filterBox.addEventListener(ev, wantCounts); });

  var timer = null;
  function restart() { shown = PAGE; writeUrl(); run(); }
  function schedule() { clearTimeout(timer); timer = setTimeout(restart, 80); }
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); restart(); });
  input.addEventListener("input", schedule);
  FILTERS.forEach(function (k) { if (selects[k]) selects[k].addEventListener("change", function () { if (extra) extra[k] = []; if (k === "year" && extra) { extra.since = null; extra.until = null; } restart(); }); });
  if (sortSel) sortSel.addEventListener("change", restart);
  var reset = document.getElementById("search-reset");
  if (reset) reset.addEventListener("click", function (e) {
    e.preventDefault();
    FILTERS.forEach(function (k) { if (selects[k]) selects[k].value = ""; });
    if (sortSel) sortSel.value = "relevance";
    extra = null; restart(); input.focus();
  });
  document.addEventListener("keydown", function (e) {
    var links = Array.from(list.querySelectorAll("a.hit-title"));
    var at = links.indexOf(document.activeElement);
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test((document.activeElement || {}).tagName || "");
    if (e.key === "/" && !typing) { e.preventDefault(); input.focus(); input.select(); }
    else if (e.key === "ArrowDown" && links.length && (at >= 0 || document.activeElement === input)) { e.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus(); }
    else if (e.key === "ArrowUp" && at >= 0) { e.preventDefault(); if (at === 0) input.focus(); else links[at - 1].focus(); }
    else if (e.key === "Escape" && document.activeElement === input) { input.value = ""; schedule(); }
  });

  index.load().then(function () {
    var m = index.meta;
    ["category", "component", "tag", "severity"].forEach(function (k) {
      fill(selects[k], k, (m.facet_values[k] || []).map(function (v) { return v[0]; }));
    });
    if (selects.year) fill(selects.year, "year", m.years.slice().reverse().map(function (y) { return String(y[0]); }));
    form.classList.add("ready");
    readUrl();
    run();
  }).catch(function (e) { status.textContent = "Search index unavailable: " + e.message; done(); });
})();
