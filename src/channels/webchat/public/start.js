// Starts the conversation while Web Chat's bundle is still arriving: a token, the conversation and the
// "join" that makes the bot ask its first question. chat.js picks the started conversation up and Web Chat
// connects to it, so on a slow network the question is waiting by the time the bundle runs. A reload that
// keeps the chat, or any failure here, leaves the start to chat.js.
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
  window.SafeReportStart = post('/chat/token').then(function (issued) {
    // A quick exit before chat.js runs still tells the server to forget this conversation.
    if (window.SafeReportQuickExit) window.SafeReportQuickExit.connect(function () { return issued.token; }, function () {});
    return post('/v3/directline/conversations', issued.token).then(function (started) {
      return post('/v3/directline/conversations/' + encodeURIComponent(started.conversationId) + '/activities', started.token, {
        type: 'event',
        name: 'webchat/join',
        value: {},
        locale: lang,
        from: { id: 'early', role: 'user' },
        channelData: { clientActivityID: 'join-' + Math.random().toString(36).slice(2) }
      }).then(function () {
        return { conversationId: started.conversationId, token: started.token };
      });
    });
  });
  // chat.js reports a failure itself; an unhandled rejection here would only be noise.
  window.SafeReportStart.catch(function () { return null; });
})();
