// The /chat page: connects the official Web Chat to our Direct Line endpoint and runs the quick exit.
// Nothing is kept in browser storage unless the person ticks "keep this chat".
(function () {
  'use strict';

  var root = document.getElementById('webchat');
  if (!root) return;
  var exitUrl = root.getAttribute('data-quick-exit-url') || 'about:blank';
  var RESUME_KEY = 'webchat.resume';
  var CARRY_KEY = 'webchat.carry';
  var directLine = null;
  var conversation = null; // { conversationId, token }
  var exiting = false;

  function currentToken() {
    return (directLine && directLine.token) || (conversation && conversation.token) || '';
  }

  // Quick exit: tell the server to forget the chat, empty storage, blank the page and replace it in
  // history with the neutral site, so "back" does not return here.
  function quickExit(event) {
    if (event) event.preventDefault();
    if (exiting) return;
    exiting = true;
    var token = currentToken();
    try {
      if (token && navigator.sendBeacon) navigator.sendBeacon('/chat/exit', new window.Blob([token], { type: 'text/plain' }));
    } catch { /* leaving matters more than telling the server */ }
    try { localStorage.clear(); } catch { /* storage may be blocked */ }
    try { sessionStorage.clear(); } catch { /* storage may be blocked */ }
    try { if (directLine) directLine.end(); } catch { /* already ended */ }
    document.title = '';
    document.body.innerHTML = '';
    var target = window;
    try { if (window.top && window.top !== window) target = window.top; } catch { target = window; }
    try { target.location.replace(exitUrl); } catch { window.location.replace(exitUrl); }
  }

  var exitLink = document.getElementById('quick-exit');
  if (exitLink) exitLink.addEventListener('click', quickExit);

  // GOV.UK convention: Shift pressed on its own three times within 5 seconds.
  var shiftPresses = 0;
  var shiftTimer = null;
  var otherKeyWhileShift = false;
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Shift') {
      otherKeyWhileShift = otherKeyWhileShift || e.shiftKey;
      shiftPresses = 0;
    }
  }, true);
  document.addEventListener('keyup', function (e) {
    if (e.key !== 'Shift') return;
    if (otherKeyWhileShift) {
      otherKeyWhileShift = false;
      shiftPresses = 0;
      return;
    }
    shiftPresses += 1;
    if (shiftTimer) window.clearTimeout(shiftTimer);
    shiftTimer = window.setTimeout(function () { shiftPresses = 0; }, 5000);
    if (shiftPresses >= 3) quickExit();
  }, true);

  // Changing language reloads the page in place (no new history entry to come back to).
  var stay = document.getElementById('stay');
  var form = document.getElementById('language-form');
  if (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      saveIfStaying();
      // The conversation goes on in the new page; this hand-over is read and removed at once on load.
      try {
        if (conversation && !(stay && stay.checked)) {
          sessionStorage.setItem(CARRY_KEY, JSON.stringify({ conversationId: conversation.conversationId, token: currentToken() }));
        }
      } catch { /* storage blocked: the chat starts again */ }
      var select = document.getElementById('language');
      location.replace('/chat?lang=' + encodeURIComponent(select ? select.value : 'en'));
    });
  }

  function saveIfStaying() {
    try {
      if (stay && stay.checked && conversation) {
        sessionStorage.setItem(RESUME_KEY, JSON.stringify({ conversationId: conversation.conversationId, token: currentToken() }));
      } else {
        sessionStorage.removeItem(RESUME_KEY);
      }
    } catch { /* storage blocked: nothing is kept, which is the safe default */ }
  }
  if (stay) stay.addEventListener('change', saveIfStaying);
  window.addEventListener('pagehide', saveIfStaying);
  window.setInterval(saveIfStaying, 60000);

  function readResume() {
    try {
      var carried = sessionStorage.getItem(CARRY_KEY);
      sessionStorage.removeItem(CARRY_KEY);
      var saved = JSON.parse(carried || sessionStorage.getItem(RESUME_KEY) || 'null');
      if (saved && carried) saved.carried = true;
      return saved && saved.conversationId && saved.token ? saved : null;
    } catch {
      return null;
    }
  }

  function post(url, token) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(url, { method: 'POST', headers: headers, body: '{}', credentials: 'omit', cache: 'no-store' }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    });
  }

  function startConversation() {
    var saved = readResume();
    if (saved) {
      if (stay && !saved.carried) stay.checked = true;
      return post('/v3/directline/tokens/refresh', saved.token).then(function (fresh) {
        return { conversationId: fresh.conversationId, token: fresh.token, resumed: true };
      }, function () {
        try { sessionStorage.removeItem(RESUME_KEY); } catch { /* ignore */ }
        return startConversation();
      });
    }
    return post('/chat/token').then(function (fresh) {
      return { conversationId: fresh.conversationId, token: fresh.token, resumed: false };
    });
  }

  function render(started) {
    conversation = started;
    saveIfStaying();
    var options = { token: started.token, domain: location.origin + '/v3/directline', webSocket: true };
    if (started.resumed) options.conversationId = started.conversationId;
    directLine = window.WebChat.createDirectLine(options);
    var store = window.WebChat.createStore({}, function (api) {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && !started.resumed) {
            api.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'webchat/join', value: {} } });
          }
          if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') {
            var activity = action.payload && action.payload.activity;
            if (activity && activity.type === 'event' && activity.name === 'webchat/quickExit') quickExit();
          }
          return next(action);
        };
      };
    });
    var dir = root.getAttribute('data-dir') === 'rtl' ? 'rtl' : 'ltr';
    window.WebChat.renderWebChat({
      directLine: directLine,
      store: store,
      locale: root.getAttribute('data-locale') || 'en-GB',
      dir: dir,
      styleOptions: {
        hideUploadButton: root.getAttribute('data-uploads') !== 'true',
        botAvatarInitials: '',
        userAvatarInitials: '',
        rootHeight: '100%',
        rootWidth: '100%',
        sendBoxButtonColor: '#0b0c0c',
        subtle: '#505a5f',
        timestampColor: '#505a5f',
        suggestedActionLayout: 'flow'
      }
    }, root);
    root.setAttribute('data-ready', 'true');
  }

  function fail() {
    var status = root.querySelector('.status');
    if (status) status.textContent = root.getAttribute('data-failed') || '';
  }

  if (!window.WebChat) {
    fail();
    return;
  }
  startConversation().then(render, fail);
})();
