// hindsight list controls: sort and filter the rows of a table that the page already holds
// (the incident list, a term page, the action items). Progressive enhancement: without
// JavaScript the form stays hidden and the table is the list, in its built order.
//
// <form class="list-controls" data-list="TABLE-ID" hidden>
//   <select name="category" data-filter="category">  rows: data-category="a b" (tokens)
//   <select name="sort" data-sort>  options: value="KEY" data-dir="asc|desc"; rows: data-sort-KEY="number"
// A row without a number for the sort key goes last. Choices are kept in the address.
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

    function tokens(row, name) { return (row.getAttribute("data-" + name) || "").split(" ").filter(Boolean); }
    // data-auto: the choices are the values the rows hold, with how many rows hold each.
    filters.forEach(function (s) {
      if (!s.hasAttribute("data-auto")) return;
      var name = s.getAttribute("data-filter"), seen = {}, labels = {};
      rows.forEach(function (r) {
        tokens(r, name).forEach(function (t) {
          seen[t] = (seen[t] || 0) + 1;
          if (!labels[t]) labels[t] = r.getAttribute("data-" + name + "-label") || t;
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
        var ok = filters.every(function (s) { return !s.value || tokens(r, s.getAttribute("data-filter")).indexOf(s.value) >= 0; });
        r.hidden = !ok;
        if (ok) shown++;
      });
      if (sorter) {
        var key = sorter.value, opt = sorter.options[sorter.selectedIndex];
        var desc = opt && opt.getAttribute("data-dir") === "desc";
        var sorted = rows.slice().sort(function (a, b) {
          var built = +a.getAttribute("data-built-order") - +b.getAttribute("data-built-order");
          if (!key) return built;
          var va = a.getAttribute("data-sort-" + key), vb = b.getAttribute("data-sort-" + key);
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
