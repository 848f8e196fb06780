// Quick exit, loaded first and on its own: the button and Shift pressed three times work before (and
// without) the Web Chat bundle. Tells the server to forget the chat, empties storage, blanks the page
// and replaces it in history with the neutral site, so "back" does not return here.
(function () {
  'use strict';

  var exiting = false;
  var tokenSource = function () { return ''; };
  var beforeExit = function () {};

  function exitUrl() {
    var link = document.getElementById('quick-exit');
    return (link && link.getAttribute('href')) || 'about:blank';
  }

  function run(event) {
    if (event && event.preventDefault) event.preventDefault();
    if (exiting) return;
    exiting = true;
    var token = '';
    try { token = tokenSource() || ''; } catch { token = ''; }
    try {
      if (token && navigator.sendBeacon) navigator.sendBeacon('/chat/exit', new window.Blob([token], { type: 'text/plain' }));
    } catch { /* leaving matters more than telling the server */ }
    try { localStorage.clear(); } catch { /* storage may be blocked */ }
    try { sessionStorage.clear(); } catch { /* storage may be blocked */ }
    try { beforeExit(); } catch { /* already ended */ }
    var url = exitUrl();
    document.title = '';
    if (document.body) document.body.innerHTML = '';
    var target = window;
    try { if (window.top && window.top !== window) target = window.top; } catch { target = window; }
    try { target.location.replace(url); } catch { window.location.replace(url); }
  }

  // GOV.UK convention: Shift pressed on its own three times within 5 seconds; typing capitals does not count.
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
    if (shiftPresses >= 3) run();
  }, true);

  document.addEventListener('click', function (e) {
    var target = e.target;
    if (target && target.closest && target.closest('#quick-exit')) run(e);
  }, true);

  window.SafeReportQuickExit = {
    run: run,
    /** chat.js tells the quick exit how to find the conversation's token and how to end the connection. */
    connect: function (getToken, end) {
      tokenSource = getToken;
      beforeExit = end;
    }
  };
})();
