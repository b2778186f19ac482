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
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form.list-controls[data-list]"), function (form) {
    var table = document.getElementById(form.getAttribute("data-list"));
    if (!table || !table.tBodies[0]) return;
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
  });
})();
