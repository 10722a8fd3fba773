// Phone dialogue: a vote travels as JSON with the form's client-generated id, so a retry after a
// lost answer is stored once; the page then loads the next statement. Without JavaScript the same
// form posts normally.
(function () {
  'use strict';
  var card = document.querySelector('form[data-testid="statement-card"]');
  var root = document.querySelector('[data-testid="joined"]');
  if (!card || !root || !window.fetch) { return; }
  var url = '/api/audience/' + root.getAttribute('data-code') + '/votes';
  card.addEventListener('submit', function (event) {
    var button = event.submitter;
    if (!button || button.name !== 'vote') { return; }
    event.preventDefault();
    var body = JSON.stringify({
      id: card.querySelector('input[name="id"]').value,
      statement: card.querySelector('input[name="statement"]').value,
      vote: parseInt(button.value, 10)
    });
    card.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
    var attempt = 0;
    function send() {
      attempt++;
      fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: body })
        .then(function (r) {
          if (r.ok || r.status === 409) { location.replace(location.pathname); return; }
          throw new Error('status ' + r.status);
        })
        .catch(function () {
          if (attempt < 5) { setTimeout(send, 1000 * attempt); } else { card.querySelectorAll('button').forEach(function (b) { b.disabled = false; }); }
        });
    }
    send();
  });
})();
