// Projector view of the dialogue: on every event of the screening's stream, fetch the summary
// again and redraw counts, map and lists (text via textContent; the map SVG is built by the server).
(function () {
  'use strict';
  var root = document.querySelector('[data-dialogue-live]');
  if (!root || !window.EventSource) { return; }
  function field(name) { return root.querySelector('[data-field="' + name + '"]'); }
  function list(el, items, label) {
    el.textContent = '';
    items.forEach(function (item) {
      var li = document.createElement('li');
      li.textContent = item.text + ' (' + (label ? label(item) : item.score.toFixed(2)) + ')';
      el.appendChild(li);
    });
  }
  var groupsEl = field('groups');
  function render(s) {
    field('participants').textContent = s.participants;
    field('votes').textContent = s.votes;
    field('map').innerHTML = s.mapSvg;
    field('no-groups').hidden = s.groupsShown;
    groupsEl.textContent = '';
    s.groups.forEach(function (g) {
      var section = document.createElement('section');
      section.className = 'dialogue-group';
      var h = document.createElement('h3');
      h.textContent = groupsEl.dataset.labelGroup.replace('{0}', g.name) + ' · ' + g.size;
      var ol = document.createElement('ol');
      list(ol, g.representative, function (r) {
        return (r.direction === 'agree' ? groupsEl.dataset.labelAgree : groupsEl.dataset.labelDisagree).replace('{0}', Math.round(r.score * 100) + '%');
      });
      section.appendChild(h);
      section.appendChild(ol);
      groupsEl.appendChild(section);
    });
    list(field('bridging'), s.bridging);
    field('too-few').hidden = s.communitiesShown;
    list(field('community-agree'), s.communityAgree);
  }
  var pending = false;
  function refresh() {
    if (pending) { return; }
    pending = true;
    fetch(root.dataset.summaryUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s) { render(s); } })
      .catch(function () { })
      .then(function () { pending = false; });
  }
  var source = new EventSource(root.dataset.eventsUrl);
  source.addEventListener('counts', refresh);
})();
