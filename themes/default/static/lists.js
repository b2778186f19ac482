// hindsight list controls: sort and filter the rows of a table that the page already holds
// (the incident list, a term page, the action items). Progressive enhancement: without
// JavaScript the form stays hidden and the table is the list, in its built order.
//
// <form class="list-controls" data-list="TABLE-ID" hidden>
//   <select name="category" data-filter="category">  rows: data-category="a b" (tokens)
//     data-cell="td:nth-child(4) a": or the texts of these elements of the row are its tokens
//     data-label-cell=".sev": a token's label is the text of this element of a row holding it
//     data-missing="none" data-missing-label="not stated": the token of a row without any
//   <select name="sort" data-sort>  options: value="KEY" data-dir="asc|desc"; rows: data-sort-KEY="number"
//     data-attr="sev": or the digits of the rows' data-sev
// A row without a number for the sort key goes last. Choices are kept in the address. Rows stay
// small (they are most of a list page's bytes): what the cells already say is read from them.
// <table data-src="/actions.json" data-base="/">: the page holds the first rows only; the
// others are built from that file (as the page builds them) before the controls start, and so
// are the choices of a <select data-from-src> (the incident filter).
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form.list-controls[data-list]"), function (form) {
    var table = document.getElementById(form.getAttribute("data-list"));
    if (!table || !table.tBodies[0]) return;
    var src = table.getAttribute("data-src");
    if (!src) return controls(form, table);
    fetch(src).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (data) {
      var body = document.createElement("tbody");
      data.items.forEach(function (a) { body.appendChild(actionRow(a, data.incidents[a.incident], table.getAttribute("data-base"))); });
      table.replaceChild(body, table.tBodies[0]);
      incidentChoices(form.querySelector("select[data-from-src]"), data);
      var more = document.getElementById("actions-more");
      if (more) more.hidden = true;
    }).catch(function () {
      // The rows the page holds still work; the note under the table says where the rest are.
    }).then(function () { controls(form, table); });
  });

  // An item of actions.json as the row actions.html renders for it; `inc` is its incident
  // (the item holds its position in data.incidents).
  var LABELS = { open: "open", in_progress: "in progress", unstated: "not stated", done: "done", dropped: "dropped" };
  function isOpen(a) { return a.status === "open" || a.status === "in_progress" || a.status === "unstated"; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function actionRow(a, inc, base) {
    var tr = document.createElement("tr"), label = LABELS[a.status] || a.status;
    var open = isOpen(a);
    var owner = (a.owner || "").trim().replace(/^@+/, "").toLowerCase().split(/\s+/).filter(Boolean).join("_");
    tr.setAttribute("data-owner", owner || "-");
    tr.setAttribute("data-state", a.status + (open && a.status !== "open" ? " open" : "") + (a.overdue ? " overdue" : ""));
    tr.setAttribute("data-incident", inc.slug);
    if (a.overdue) tr.className = "overdue";
    var td = tr.appendChild(el("td", "", a.text));
    if (a.ticket) { td.appendChild(document.createTextNode(" ")); td.appendChild(el("span", "ticket", a.ticket)); }
    td = tr.appendChild(el("td"));
    td.appendChild(el("span", "st st-" + a.status, label));
    if (a.status_text && a.status_text.toLowerCase() !== label) {
      td.appendChild(document.createTextNode(" "));
      td.appendChild(el("span", "as-written", "(" + a.status_text + ")"));
    }
    td = tr.appendChild(el("td"));
    if (a.owner) td.textContent = a.owner; else td.appendChild(el("span", "none", "no owner"));
    td = tr.appendChild(el("td", "", a.due || a.due_text || "—"));
    if (a.overdue) { td.appendChild(document.createTextNode(" ")); td.appendChild(el("strong", "overdue-mark", "overdue")); }
    td = tr.appendChild(el("td"));
    var link = td.appendChild(el("a", "", inc.title));
    link.setAttribute("href", base + "incidents/" + inc.slug + "/");
    if (inc.date) { td.appendChild(document.createTextNode(" ")); td.appendChild(el("span", "hit-meta", inc.date)); }
    return tr;
  }

  // The incident filter's choices (the page leaves them out with the rows): newest first, with
  // their open items, as the page lists them when it holds every row.
  function incidentChoices(select, data) {
    if (!select) return;
    var open = {};
    data.items.forEach(function (a) {
      open[a.incident] = (open[a.incident] || 0) + (isOpen(a) ? 1 : 0);
    });
    Object.keys(open).sort(function (m, n) {
      var x = data.incidents[m], y = data.incidents[n], dx = x.date || "", dy = y.date || "";
      return dx < dy ? 1 : dx > dy ? -1 : x.slug < y.slug ? -1 : x.slug > y.slug ? 1 : 0;
    }).forEach(function (n) {
      var inc = data.incidents[n];
      select.appendChild(new Option(inc.title + " (" + open[n] + " open)", inc.slug));
    });
  }

  function controls(form, table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    // "oldest" is the built order (newest first) reversed, unless the rows say otherwise.
    rows.forEach(function (r, i) {
      r.setAttribute("data-built-order", String(i));
      if (!r.hasAttribute("data-sort-oldest")) r.setAttribute("data-sort-oldest", String(i + 1));
    });
    var filters = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var sorter = form.querySelector("select[data-sort]");
    var status = form.querySelector(".list-status");

    function text(el) { return el.textContent.trim(); }
    // A row's tokens for the filter `s`, worked out once.
    function tokens(row, s) {
      var name = s.getAttribute("data-filter"), key = "tok-" + name;
      if (row[key]) return row[key];
      var cell = s.getAttribute("data-cell"), missing = s.getAttribute("data-missing");
      var t = row.hasAttribute("data-" + name) ? row.getAttribute("data-" + name).split(" ").filter(Boolean) :
        cell ? Array.prototype.map.call(row.querySelectorAll(cell), text).filter(Boolean) : [];
      if (!t.length && missing) t = [missing];
      row[key] = t;
      return t;
    }
    function label(row, s, t) {
      var cell = s.getAttribute("data-label-cell"), el = cell && row.querySelector(cell);
      if (el) return text(el);
      if (t === s.getAttribute("data-missing")) return s.getAttribute("data-missing-label") || t;
      return row.getAttribute("data-" + s.getAttribute("data-filter") + "-label") || t;
    }
    function sortValue(row, opt) {
      var attr = opt && opt.getAttribute("data-attr");
      if (!attr) return row.getAttribute("data-sort-" + opt.value);
      var m = /\d+/.exec(row.getAttribute("data-" + attr) || "");
      return m ? m[0] : null;
    }
    // data-auto: the choices are the values the rows hold, with how many rows hold each.
    filters.forEach(function (s) {
      if (!s.hasAttribute("data-auto")) return;
      var seen = {}, labels = {};
      rows.forEach(function (r) {
        tokens(r, s).forEach(function (t) {
          seen[t] = (seen[t] || 0) + 1;
          if (!labels[t]) labels[t] = label(r, s, t);
        });
      });
      Object.keys(seen).sort().forEach(function (t) {
        var o = document.createElement("option");
        o.value = t; o.textContent = labels[t] + " (" + seen[t] + ")";
        s.appendChild(o);
      });
    });
    function apply() {
      var shown = 0;
      rows.forEach(function (r) {
        var ok = filters.every(function (s) { return !s.value || tokens(r, s).indexOf(s.value) >= 0; });
        r.hidden = !ok;
        if (ok) shown++;
      });
      if (sorter) {
        var key = sorter.value, opt = sorter.options[sorter.selectedIndex];
        var desc = opt && opt.getAttribute("data-dir") === "desc";
        var sorted = rows.slice().sort(function (a, b) {
          var built = +a.getAttribute("data-built-order") - +b.getAttribute("data-built-order");
          if (!key) return built;
          var va = sortValue(a, opt), vb = sortValue(b, opt);
          var na = va === null || va === "", nb = vb === null || vb === "";
          if (na || nb) return na === nb ? built : (na ? 1 : -1);
          var d = desc ? +vb - +va : +va - +vb;
          return d || built;
        });
        sorted.forEach(function (r) { body.appendChild(r); });
      }
      if (status) {
        status.textContent = shown === rows.length ? "Showing all " + rows.length :
          "Showing " + shown + " of " + rows.length;
      }
    }
    function writeUrl() {
      var q = new URLSearchParams(location.search);
      filters.concat(sorter ? [sorter] : []).forEach(function (s) {
        if (s.value && !(s === sorter && s.selectedIndex === 0)) q.set(s.name, s.value); else q.delete(s.name);
      });
      var t = q.toString();
      history.replaceState(null, "", location.pathname + (t ? "?" + t : "") + location.hash);
    }
    var params = new URLSearchParams(location.search);
    filters.concat(sorter ? [sorter] : []).forEach(function (s) {
      var v = params.get(s.name);
      if (v !== null && Array.prototype.some.call(s.options, function (o) { return o.value === v; })) s.value = v;
      s.addEventListener("change", function () { apply(); writeUrl(); });
    });
    var reset = form.querySelector("[data-reset]");
    if (reset) reset.addEventListener("click", function (e) {
      e.preventDefault();
      filters.forEach(function (s) { s.value = ""; });
      if (sorter) sorter.selectedIndex = 0;
      apply(); writeUrl();
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  }
})();
