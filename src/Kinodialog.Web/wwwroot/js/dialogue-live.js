// Projector view of the dialogue: on every event of the screening's stream, fetch the summary again as
// HTML rendered by the server (the same partial as the first page load, in the page's language) and
// swap it in. The server encodes every text; the fragment holds no script.
(function () {
  'use strict';
  var root = document.querySelector('[data-dialogue-live]');
  if (!root || !window.EventSource || !root.dataset.fragmentUrl) { return; }
  var target = root.querySelector('[data-field="summary"]');
  var pending = false;
  var again = false;
  function refresh() {
    if (pending) { again = true; return; }
    pending = true;
    fetch(root.dataset.fragmentUrl, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { target.innerHTML = html; } })
      .catch(function () { })
      .then(function () {
        pending = false;
        if (again) { again = false; refresh(); }
      });
  }
  var source = new EventSource(root.dataset.eventsUrl);
  source.addEventListener('counts', refresh);
})();
