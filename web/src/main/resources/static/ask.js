// Streams the answer from /api/ask/stream (server-sent events over a POST) into the page.
// Everything from the server is inserted as text, never as HTML.
(function () {
  var form = document.getElementById('ask-form');
  if (!form || !window.fetch || !window.TextDecoder) {
    return; // the form still posts to /ask and the whole answer comes back as a page
  }
  var $ = function (id) { return document.getElementById(id); };
  var labels = {};
  document.querySelectorAll('#route-labels li').forEach(function (li) {
    labels[li.dataset.route] = { label: li.textContent, css: li.dataset.css, explanation: li.dataset.explanation };
  });

  function reset() {
    $('result').classList.remove('hidden');
    $('route').replaceChildren();
    $('reasons').replaceChildren();
    $('answer').textContent = '';
    $('citations').replaceChildren();
    var err = $('error');
    if (err) { err.remove(); }
  }

  function showError(text) {
    var p = document.createElement('p');
    p.id = 'error';
    p.className = 'alert error';
    p.setAttribute('role', 'alert');
    p.textContent = text;
    $('answer').before(p);
  }

  function onDecision(d) {
    var b = labels[d.route] || { label: d.route, css: '', explanation: '' };
    var badge = document.createElement('span');
    badge.id = 'route-badge';
    badge.className = 'badge ' + b.css;
    badge.dataset.route = d.route;
    badge.textContent = b.label;
    var expl = document.createElement('span');
    expl.id = 'route-explanation';
    expl.textContent = b.explanation;
    $('route').replaceChildren(badge, document.createTextNode(' '), expl);
    (d.reasons || []).forEach(function (r) {
      var li = document.createElement('li');
      li.textContent = r;
      $('reasons').appendChild(li);
    });
  }

  function onDone(done) {
    $('answer').textContent = done.answer;
    (done.citations || []).forEach(function (c) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '/passages/' + encodeURIComponent(c.chunkId);
      a.textContent = c.documentTitle;
      var tier = document.createElement('span');
      tier.className = 'tier tier-' + String(c.tier).toLowerCase();
      tier.textContent = c.tier;
      li.append(a, document.createTextNode(', page ' + c.page + ' '), tier);
      $('citations').appendChild(li);
    });
  }

  function handle(event, data) {
    var body;
    try { body = JSON.parse(data); } catch (e) { return; }
    if (event === 'decision') { onDecision(body); }
    else if (event === 'token') { $('answer').textContent += body.text; }
    else if (event === 'done') { onDone(body); }
    else if (event === 'error') { showError(body.detail || body.title || 'The answer could not be produced.'); }
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var question = $('question').value;
    if (!question.trim()) { return; }
    reset();
    $('ask-button').disabled = true;
    $('ask-status').textContent = 'Answering…';
    fetch('/api/ask/stream', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        'Accept': 'text/event-stream',
        'X-CSRF-Token': document.querySelector('meta[name="csrf-token"]').content
      },
      body: JSON.stringify({ question: question })
    }).then(function (response) {
      if (!response.ok) {
        return response.json().catch(function () { return {}; }).then(function (p) {
          showError(p.detail || ('The server answered ' + response.status + '.'));
        });
      }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = '';
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { return; }
          buffer += decoder.decode(chunk.value, { stream: true });
          var cut;
          while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
            var block = buffer.slice(0, cut);
            buffer = buffer.slice(buffer.slice(cut).match(/^\r?\n\r?\n/)[0].length + cut);
            var event = 'message', data = [];
            block.split(/\r?\n/).forEach(function (line) {
              if (line.indexOf('event:') === 0) { event = line.slice(6).trim(); }
              else if (line.indexOf('data:') === 0) { data.push(line.slice(5).replace(/^ /, '')); }
            });
            handle(event, data.join('\n'));
          }
          return pump();
        });
      }
      return pump();
    }).catch(function () {
      showError('The connection to the server was lost.');
    }).finally(function () {
      $('ask-button').disabled = false;
      $('ask-status').textContent = '';
    });
  });
})();
