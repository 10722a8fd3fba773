// Kinodialog: resumable film upload (tus 1.0.0) and encoding progress on the film's media page.
// Without JavaScript the form posts the whole file in one request instead.
(function () {
  'use strict';
  var form = document.querySelector('[data-upload-form]');
  var table = document.querySelector('[data-testid=encodings]');

  function format(template, value) { return template.replace('{0}', value); }

  if (table && table.getAttribute('data-active') === 'true' && form && window.fetch) {
    // An encode is running: follow it, and show the finished film when it is done.
    var timer = setInterval(function () {
      fetch(form.getAttribute('data-status-url'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (s) {
          if (!s) { return; }
          var busy = s.encodings.some(function (e) { return e.status === 'Pending' || e.status === 'Running' || e.status === 1 || e.status === 2; });
          var bars = table.querySelectorAll('tbody progress');
          s.encodings.forEach(function (e, i) { if (bars[i]) { bars[i].value = Math.round(e.progress * 100); } });
          if (!busy) { clearInterval(timer); window.location.reload(); }
        })
        .catch(function () { /* offline for a moment: try again at the next tick */ });
    }, 3000);
  }

  if (!form || !window.fetch || !window.Blob || !Blob.prototype.slice) { return; }
  var input = form.querySelector('input[type=file]');
  var status = form.querySelector('[data-upload-status]');
  var bar = form.querySelector('[data-upload-progress]');
  var button = form.querySelector('button[type=submit]');
  var chunkSize = 8 * 1024 * 1024;

  function show(message, percent) {
    status.textContent = message;
    if (typeof percent === 'number') { bar.hidden = false; bar.value = percent; }
  }

  function key(file) {
    return 'kd-upload:' + form.getAttribute('data-create-url') + ':' + file.name + ':' + file.size + ':' + file.lastModified;
  }

  function wait(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  function b64(text) { return btoa(unescape(encodeURIComponent(text))); }

  function tus(url, method, headers, body) {
    headers['Tus-Resumable'] = '1.0.0';
    return fetch(url, { method: method, headers: headers, body: body, credentials: 'same-origin' });
  }

  function problem(response) {
    return response.json().then(function (p) { return p.detail || p.title || response.status; }, function () { return response.status; });
  }

  async function start(file) {
    var url = localStorage.getItem(key(file));
    var offset = 0;
    if (url) {
      var head = await tus(url, 'HEAD', {});
      if (head.ok && head.headers.get('Upload-Status') === 'Receiving') {
        offset = parseInt(head.headers.get('Upload-Offset'), 10) || 0;
      } else {
        url = null;
      }
    }
    if (!url) {
      var created = await tus(form.getAttribute('data-create-url'), 'POST', {
        'Upload-Length': String(file.size),
        'Upload-Metadata': 'filename ' + b64(file.name)
      });
      if (created.status !== 201) { throw new Error(await problem(created)); }
      url = created.headers.get('Location');
      localStorage.setItem(key(file), url);
    }
    return { url: url, offset: offset };
  }

  async function upload(file) {
    var state = await start(file);
    var failures = 0;
    while (state.offset < file.size) {
      var percent = Math.floor(state.offset * 100 / file.size);
      show(format(form.getAttribute('data-msg-uploading'), percent), percent);
      try {
        var response = await tus(state.url, 'PATCH', {
          'Content-Type': 'application/offset+octet-stream',
          'Upload-Offset': String(state.offset)
        }, file.slice(state.offset, state.offset + chunkSize));
        var serverOffset = parseInt(response.headers.get('Upload-Offset'), 10);
        if (response.status === 204 || response.status === 409) {
          if (!isNaN(serverOffset)) { state.offset = serverOffset; }
          failures = 0;
          continue;
        }
        if (response.status === 422) { localStorage.removeItem(key(file)); throw new Error(await problem(response)); }
        if (response.status >= 400 && response.status < 500 && response.status !== 423) { throw new Error(await problem(response)); }
        throw new TypeError('retry');
      } catch (error) {
        if (!(error instanceof TypeError)) { throw error; }
        // Network trouble: wait (longer each time, at most 30 s), ask the server where it stands, go on.
        failures += 1;
        show(format(form.getAttribute('data-msg-paused'), Math.floor(state.offset * 100 / file.size)));
        await wait(Math.min(30000, 1000 * Math.pow(2, failures)));
        try { state = await start(file); } catch (e) { /* still offline */ }
      }
    }
    localStorage.removeItem(key(file));
    show(form.getAttribute('data-msg-done'), 100);
    setTimeout(function () { window.location.reload(); }, 1500);
  }

  form.addEventListener('submit', function (event) {
    var file = input.files && input.files[0];
    if (!file) { return; }
    event.preventDefault();
    button.disabled = true;
    upload(file).catch(function (error) {
      show(format(form.getAttribute('data-msg-failed'), error.message));
      button.disabled = false;
    });
  });
}());
