// Kinodialog run mode: live counters over Server-Sent Events; the page reloads when the stage or film changes.
// On the projector, the first join swaps the big join code for the corner and the room's summary (on the page, hidden).
(function () {
  'use strict';
  var root = document.querySelector('[data-run-mode]');
  if (!root) { return; }
  var video = root.querySelector('video');
  var between = root.querySelector('[data-between-films]');
  if (video && between) {
    video.addEventListener('ended', function () { between.hidden = false; });
    video.addEventListener('play', function () { between.hidden = true; });
  }
  if (!window.EventSource) { return; }
  var joined = root.querySelector('[data-joined]');
  var answered = root.querySelector('[data-answered]');
  var source = new EventSource(root.getAttribute('data-events-url'));
  source.addEventListener('counts', function (event) {
    var data = JSON.parse(event.data);
    if (joined) { joined.textContent = String(data.joined); }
    if (data.joined > 0) {
      root.querySelectorAll('[data-big-join="swap"]').forEach(function (e) { e.hidden = true; });
      root.querySelectorAll('[data-after-join]').forEach(function (e) { e.hidden = false; });
    }
    if (answered) { answered.textContent = String(answered.getAttribute('data-answered') === 'pre' ? data.answeredPre : data.answeredPost); }
    if (data.stage !== root.getAttribute('data-stage') || String(data.currentFilm) !== root.getAttribute('data-current-film')) {
      source.close();
      window.location.reload();
    }
  });
}());
