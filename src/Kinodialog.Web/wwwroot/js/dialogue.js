// Phone dialogue. A vote goes into an outbox kept in localStorage, with the form's vote id (so a
// resent vote is stored once), and the next statement the page carries is shown at once: people can
// go on voting while the connection is gone. The outbox is sent as one request (an array of votes)
// now, when the connection comes back, and every 10 s; when the page has no statement left it
// reloads for more once the outbox is empty, and then listens (Server-Sent Events) for a new statement
// to load. A statement shown in another language than the phone's (not translated yet) is watched the
// same way: once its translation exists the page reloads to show it. Without JavaScript the same form
// posts normally and a link asks for more.
(function () {
  'use strict';
  var card = document.querySelector('form[data-testid="statement-card"]');
  var root = document.querySelector('[data-testid="joined"]');
  if (!root || !window.fetch || !window.JSON) { return; }
  var code = root.getAttribute('data-code');
  var url = '/api/audience/' + code + '/votes';
  var key = 'kd-votes-' + code;
  var waitingNote = document.querySelector('[data-testid="votes-waiting"]');
  var upcoming = [];
  var source = document.getElementById('upcoming-statements');
  try { upcoming = source ? JSON.parse(source.textContent) : []; } catch (e) { upcoming = []; }
  var sending = false;
  var reloadWhenSent = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(key) || '[]'); } catch (e) { return []; }
  }
  function save(list) {
    try { localStorage.setItem(key, JSON.stringify(list)); } catch (e) { /* private mode: the votes go now or not at all */ }
  }
  function drop(ids) {
    save(load().filter(function (v) { return ids.indexOf(v.id) < 0; }));
  }
  function done() {
    sending = false;
    if (waitingNote) { waitingNote.hidden = true; }
    if (load().length > 0) { flush(); } else if (reloadWhenSent) { location.replace(location.pathname); }
  }
  function flush() {
    var outbox = load();
    if (sending) { return; }
    if (outbox.length === 0) { if (reloadWhenSent) { location.replace(location.pathname); } return; }
    sending = true;
    var batch = outbox.slice(0, 100);
    var ids = batch.map(function (v) { return v.id; });
    fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(batch) })
      .then(function (r) {
        if (r.ok || r.status === 403 || r.status === 404 || r.status === 409) {
          // Stored, or never storable (the screening or its dialogue is closed): out of the outbox.
          drop(ids);
          // 404: the screening has ended for this phone; reloading shows the page that says so.
          if (r.status === 404) { location.replace(location.pathname); }
          return null;
        }
        if (r.status === 400) {
          // One vote is refused (e.g. its statement was rejected meanwhile): drop it, send the rest.
          return r.json().then(function (problem) {
            drop(typeof problem.index === 'number' && batch[problem.index] ? [batch[problem.index].id] : ids);
          }, function () { drop(ids); });
        }
        throw new Error('status ' + r.status);
      })
      .then(done, function () {
        sending = false;
        if (waitingNote) { waitingNote.hidden = false; }
      });
  }

  function show(next) {
    var quote = card.querySelector('[data-testid="statement-text"]');
    quote.textContent = next.text;
    quote.setAttribute('lang', next.lang);
    var note = card.querySelector('[data-testid="statement-language"]');
    if (next.original) {
      if (!note) {
        note = document.createElement('p');
        note.className = 'small muted';
        note.setAttribute('data-testid', 'statement-language');
        quote.parentNode.insertBefore(note, quote.nextSibling);
      }
      note.textContent = next.original;
    } else if (note) {
      note.parentNode.removeChild(note);
    }
    card.setAttribute('data-statement', next.id);
    card.querySelector('input[name="id"]').value = next.vote;
    document.querySelectorAll('[data-testid="dialogue"] input[name="statement"]').forEach(function (input) { input.value = next.id; });
    watchTranslation();
  }

  // The statement on the card is in another language than the phone's and not on demand (show the
  // original): wait for its translation, then reload (once the outbox is empty) to show it.
  var translation = null;
  function watchTranslation() {
    if (translation) { translation.close(); translation = null; }
    var quote = card && card.querySelector('[data-testid="statement-text"]');
    var lang = document.documentElement.getAttribute('lang');
    if (!quote || !window.EventSource || !lang || quote.getAttribute('lang') === lang || quote.getAttribute('data-original') === 'true') { return; }
    var watched = new EventSource('/api/audience/' + code + '/dialogue/events?showing=' + encodeURIComponent(card.getAttribute('data-statement'))
      + '&culture=' + encodeURIComponent(lang));
    translation = watched;
    watched.addEventListener('statements', function (event) {
      if (event.data !== 'translated') { return; }
      watched.close();
      if (load().length === 0) { location.replace(location.pathname); } else { reloadWhenSent = true; flush(); }
    });
  }

  if (card) {
    card.addEventListener('submit', function (event) {
      var button = event.submitter;
      if (!button || button.name !== 'vote') { return; }
      event.preventDefault();
      var outbox = load();
      outbox.push({
        id: card.querySelector('input[name="id"]').value,
        statement: card.querySelector('input[name="statement"]').value,
        vote: parseInt(button.value, 10)
      });
      save(outbox);
      var next = upcoming.shift();
      if (next) {
        show(next);
      } else {
        reloadWhenSent = true;
        card.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
      }
      flush();
    });
  }
  watchTranslation();
  window.addEventListener('online', flush);
  setInterval(flush, 10000);
  flush();

  // Nothing left to vote on: wait for the server to say a new statement is there, then load it.
  if (!card && document.querySelector('[data-testid="no-statement"]') && window.EventSource) {
    var events = new EventSource('/api/audience/' + code + '/dialogue/events');
    events.addEventListener('statements', function (event) {
      if (event.data === 'more' && load().length === 0) {
        events.close();
        location.replace(location.pathname);
      }
    });
  }
})();
