// Starts the conversation while Web Chat's bundle is still arriving: one request (/chat/start) gives a token,
// the conversation and the bot's first question, and this shows that question with its buttons at once, so
// on a slow network a person can read and answer it seconds before the bundle has run (an answer is posted
// straight to the conversation). chat.js picks the started conversation up, Web Chat connects to it and
// shows the history, and the early question makes way. A reload that keeps the chat, or any failure here,
// leaves the start to chat.js.
(function () {
  'use strict';

  function kept() {
    try { return Boolean(sessionStorage.getItem('webchat.resume') || sessionStorage.getItem('webchat.carry')); } catch { return true; }
  }
  if (kept() || !window.fetch || !window.Promise) return;

  function post(url, token, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(body || {}), credentials: 'omit', cache: 'no-store' }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    });
  }

  var lang = document.documentElement.getAttribute('lang') || 'en';
  // One round trip: a token, the conversation, and the bot's answer to the join (its first question).
  var starting = post('/chat/start', null, { locale: lang }).then(function (started) {
    // A quick exit before chat.js runs still tells the server to forget this conversation.
    if (window.SafeReportQuickExit) window.SafeReportQuickExit.connect(function () { return started.token; }, function () {});
    return started;
  });
  window.SafeReportStart = starting.then(function (started) {
    return { conversationId: started.conversationId, token: started.token };
  });
  // chat.js reports a failure itself; an unhandled rejection here would only be noise.
  window.SafeReportStart.catch(function () { return null; });

  // chat.js sets `shown` once Web Chat shows the conversation: from then on the early question stays away.
  var early = window.SafeReportEarly = { shown: false };

  function ready() {
    return new Promise(function (resolve) {
      if (document.readyState !== 'loading') resolve();
      else document.addEventListener('DOMContentLoaded', function () { resolve(); });
    });
  }

  function show(started, activities) {
    var root = document.getElementById('webchat');
    var said = activities.filter(function (a) { return a.type === 'message' && a.from && a.from.role === 'bot' && a.text; });
    var asking = said[said.length - 1];
    if (early.shown || !root || !asking) return;
    var box = document.createElement('div');
    box.className = 'early';
    box.id = 'early';
    said.forEach(function (a) {
      var line = document.createElement('p');
      line.className = 'early-line';
      line.textContent = a.text;
      box.appendChild(line);
    });
    var actions = (asking.suggestedActions && asking.suggestedActions.actions) || [];
    if (actions.length > 0) {
      var group = document.createElement('div');
      group.className = 'early-actions';
      group.setAttribute('role', 'group');
      actions.forEach(function (action) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'early-action';
        button.textContent = action.title;
        button.addEventListener('click', function () { answer(started, box, action); });
        group.appendChild(button);
      });
      box.appendChild(group);
    }
    var status = root.querySelector('.status');
    if (status) status.hidden = true;
    root.insertBefore(box, root.firstChild);
  }

  // One answer: the buttons are used at the first click; the answer goes to the conversation as a button's would.
  function answer(started, box, action) {
    var buttons = box.querySelectorAll('.early-action');
    if (box.getAttribute('data-answered')) return;
    box.setAttribute('data-answered', 'true');
    for (var i = 0; i < buttons.length; i += 1) {
      buttons[i].disabled = true;
      buttons[i].classList.add('is-used');
    }
    var said = document.createElement('p');
    said.className = 'early-answer';
    said.textContent = action.displayText || action.title;
    box.appendChild(said);
    post('/v3/directline/conversations/' + encodeURIComponent(started.conversationId) + '/activities', started.token, {
      type: 'message',
      text: action.text || action.title,
      value: action.value,
      locale: lang,
      from: { id: 'early', role: 'user' },
      channelData: { clientActivityID: 'early-' + Math.random().toString(36).slice(2) }
    }).catch(function () { return null; });
  }

  starting.then(function (started) {
    return ready().then(function () { show(started, started.activities || []); });
  }).catch(function () { return null; });
})();
