// hindsight serve: keeps this page the one the server would send now. When the site is rebuilt,
// or the build error changes, the page reloads (the server adds the error overlay to it).
// Served only by `hindsight serve`; never part of a built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = script.getAttribute("data-generation");
  var error = script.getAttribute("data-error");
  var SCROLL = "hindsight-serve-scroll";
  var socketUrl = new URL("live", script.src);
  socketUrl.protocol = socketUrl.protocol === "https:" ? "wss:" : "ws:";

  // Back where the reader was before the reload.
  try {
    var saved = JSON.parse(sessionStorage.getItem(SCROLL) || "null");
    sessionStorage.removeItem(SCROLL);
    if (saved && saved.path === location.pathname) {
      addEventListener("load", function () { scrollTo(saved.x, saved.y); });
    }
  } catch (e) { /* storage may be disabled */ }

  function reload() {
    try {
      sessionStorage.setItem(SCROLL, JSON.stringify({ path: location.pathname, x: scrollX, y: scrollY }));
    } catch (e) { /* storage may be disabled */ }
    location.reload();
  }

  // The overlay hides on a click or Esc; the next build brings it back if still broken.
  var overlay = document.getElementById("hindsight-overlay");
  if (overlay) {
    var hide = function () { overlay.remove(); };
    overlay.addEventListener("click", hide);
    addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  }

  var retries = 0;
  function connect() {
    var ws = new WebSocket(socketUrl);
    ws.onopen = function () { retries = 0; };
    ws.onmessage = function (event) {
      var state = JSON.parse(event.data);
      if (state.generation !== generation || (state.error || null) !== error) reload();
    };
    ws.onclose = function () {
      // The server restarted or stopped: try again, more slowly each time (at most every 5 s).
      retries += 1;
      setTimeout(connect, Math.min(5000, 100 * Math.pow(2, retries)));
    };
  }
  connect();
})();
