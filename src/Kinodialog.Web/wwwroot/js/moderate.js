// The facilitator's moderation page: the queue (proposals waiting, held statements, reports) is
// redrawn by the server whenever the screening changes, and the pending count is in the tab's title,
// so a new proposal shows without a reload. A form being filled in is never replaced under the hand.
(function () {
  'use strict';
  var root = document.querySelector('[data-moderation-live]');
  if (!root || !window.EventSource || !window.fetch) { return; }
  var baseTitle = document.title;
  function count() {
    var queue = root.querySelector('[data-testid="moderation-queue"]');
    var pending = queue ? parseInt(queue.getAttribute('data-pending'), 10) || 0 : 0;
    document.title = pending > 0 ? '(' + pending + ') ' + baseTitle : baseTitle;
  }
  var pending = false;
  // A translation typed but not saved yet (even after leaving its box) is not wiped either.
  function typing() {
    var areas = root.querySelectorAll('textarea');
    for (var i = 0; i < areas.length; i++) {
      if (areas[i].value !== areas[i].defaultValue) { return true; }
    }
    return false;
  }
  function refresh() {
    if (pending || typing() || root.contains(document.activeElement) && document.activeElement.tagName === 'TEXTAREA') { return; }
    pending = true;
    fetch(root.getAttribute('data-fragment-url'), { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { root.innerHTML = html; count(); } })
      .catch(function () { })
      .then(function () { pending = false; });
  }
  count();
  var source = new EventSource(root.getAttribute('data-events-url'));
  source.addEventListener('counts', refresh);
}());
