// Audience phone: keeps unsent answers on the phone and resends them, follows the facilitator's
// stage, and adds the thermometer slider and skip logic. Without it the page still works with
// plain form posts.
(function () {
  'use strict';
  var root = document.querySelector('[data-testid="joined"]');
  if (!root) { return; }
  var code = root.getAttribute('data-code');
  var key = 'kd-outbox-' + code;
  var status = root.querySelector('[data-testid="outbox-status"]');
  var form = root.querySelector('form.survey');
  var dirty = false;
  var flushing = false;

  function load() { try { return JSON.parse(localStorage.getItem(key) || '[]'); } catch (e) { return []; } }
  function save(items) { try { localStorage.setItem(key, JSON.stringify(items)); } catch (e) { /* private mode: memory only */ } }
  function show(message) { status.textContent = message; status.hidden = !message; }

  function collect(f) {
    var answers = {};
    var data = new FormData(f);
    data.forEach(function (value, name) {
      if (name.indexOf('a.') !== 0 || typeof value !== 'string' || !value.trim()) { return; }
      var k = name.substring(2);
      var input = f.querySelector('[name="' + name + '"][type="checkbox"][value="' + value + '"]');
      var isThermoChoice = input && input.closest('.q').querySelector('.thermo');
      if (isThermoChoice || !answers[k]) { answers[k] = value.trim(); } else { answers[k] += ',' + value.trim(); }
    });
    return {
      id: data.get('answerSet'), phase: data.get('phase'),
      questionnaireVersion: data.get('version'), answers: answers
    };
  }

  // Sends everything waiting; resolves to 'sent', 'pending' (try again later) or 'rejected'.
  function flush() {
    if (flushing) { return Promise.resolve('pending'); }
    var items = load();
    if (!items.length) { return Promise.resolve('sent'); }
    flushing = true;
    show(root.getAttribute('data-msg-sending'));
    var outcome = 'sent';
    var chain = Promise.resolve();
    items.forEach(function (item) {
      chain = chain.then(function () {
        return fetch(root.getAttribute('data-answers-url'), {
          method: 'POST', credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(item)
        }).then(function (response) {
          if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429)) {
            save(load().filter(function (x) { return x.id !== item.id; }));
            if (!response.ok) {
              outcome = 'rejected';
              return response.json().then(function (p) { show((p.errors || [p.title]).join(' ')); }, function () { });
            }
          } else { outcome = 'pending'; }
        }, function () { outcome = 'pending'; });
      });
    });
    return chain.then(function () {
      flushing = false;
      if (outcome === 'pending') { show(root.getAttribute('data-msg-pending')); }
      else if (outcome === 'sent') { show(''); }
      return outcome;
    });
  }

  if (form) {
    form.addEventListener('input', function () { dirty = true; });
    form.addEventListener('change', function () { dirty = true; applySkips(); });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var items = load();
      var item = collect(form);
      if (!items.some(function (x) { return x.id === item.id; })) { items.push(item); save(items); }
      dirty = false;
      form.querySelector('button[type="submit"]').disabled = true;
      flush().then(function (outcome) {
        if (outcome === 'sent') { location.replace(location.pathname + '?sent=true'); }
        else if (outcome === 'rejected') { form.querySelector('button[type="submit"]').disabled = false; }
      });
    });

    // Thermometer: the slider (JavaScript only) and the number box move together.
    form.querySelectorAll('.thermo').forEach(function (box) {
      var range = box.querySelector('input[type="range"]');
      var number = box.querySelector('input[type="number"]');
      range.classList.remove('js-only');
      range.addEventListener('input', function () { number.value = range.value; });
      number.addEventListener('input', function () { if (number.value !== '') { range.value = number.value; } });
    });
    form.querySelectorAll('.nojs-hint').forEach(function (hint) { hint.hidden = true; });
  }

  function applySkips() {
    if (!form) { return; }
    form.querySelectorAll('[data-show-if]').forEach(function (q) {
      if (!q.getAttribute('data-show-if')) { return; }
      var rule = q.getAttribute('data-show-if').split('=');
      var chosen = form.querySelector('[name="a.' + rule[0] + '"][value="' + rule[1] + '"]:checked');
      q.hidden = !chosen;
    });
  }
  applySkips();

  // Follow the facilitator: reload when the stage changes, unless answers are being typed.
  var stage = root.getAttribute('data-stage');
  function poll() {
    fetch(root.getAttribute('data-state-url'), { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) {
        // 404: the code no longer works for this phone (the screening has ended): the page says so.
        if (r.status === 404 && !dirty && !load().length) { location.reload(); return null; }
        return r.ok ? r.json() : null;
      })
      .then(function (state) {
        if (!state || state.stage === stage) { return; }
        if (dirty || load().length) { show(root.getAttribute('data-msg-moved')); return; }
        location.reload();
      }, function () { });
  }

  window.addEventListener('online', function () {
    flush().then(function (outcome) { if (outcome === 'sent' && form && !dirty) { location.replace(location.pathname + '?sent=true'); } });
  });
  if (load().length) {
    flush().then(function (outcome) { if (outcome === 'sent' && form && !dirty) { location.replace(location.pathname + '?sent=true'); } });
  }
  setInterval(function () { if (load().length && navigator.onLine !== false) { flush(); } }, 10000);
  setInterval(poll, 4000);
  root.setAttribute('data-js', 'ready');
})();
