// The /chat page: connects the official Web Chat to our Direct Line endpoint. Quick exit is quick-exit.js
// (loaded first); this file tells it the token. Nothing is kept in browser storage unless the person ticks
// "keep this chat".
(function () {
  'use strict';

  var root = document.getElementById('webchat');
  if (!root) return;
  var words = {};
  try { words = JSON.parse(root.getAttribute('data-words') || '{}'); } catch { words = {}; }
  var RESUME_KEY = 'webchat.resume';
  var CARRY_KEY = 'webchat.carry';
  var MAX_PIECE = 4000;
  var MAX_TEXT = 20000;
  var MAX_FILE = 10 * 1024 * 1024;
  var ACCEPTED = /^(image\/(jpeg|png|gif|webp|heic|heif)|audio\/|video\/|application\/pdf$)/;
  var directLine = null;
  var conversation = null; // { conversationId, token }
  var store = null;
  var askedBy = ''; // the bot message whose buttons are showing
  var answeredBy = ''; // the one whose buttons have been used: a second click does nothing

  function currentToken() {
    return (directLine && directLine.token) || (conversation && conversation.token) || '';
  }
  var quickExit = (window.SafeReportQuickExit && window.SafeReportQuickExit.run) || function () { location.replace('about:blank'); };
  if (window.SafeReportQuickExit) {
    window.SafeReportQuickExit.connect(currentToken, function () { if (directLine) directLine.end(); });
  }

  var notice = document.getElementById('notice');
  function say(text) {
    if (!notice) return;
    notice.textContent = text || '';
    notice.hidden = !text;
  }

  // Changing language reloads the page in place (no new history entry to come back to).
  var stay = document.getElementById('stay');
  var form = document.getElementById('language-form');
  if (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      switchLanguage();
    });
  }

  // The page speaks the bot's language: when the conversation switches ("Cymraeg" typed in the chat), the
  // page follows, carrying the conversation. Read once the messages settle, so the replay of a resumed chat
  // (older messages in an earlier language) never moves it.
  var botLanguage = '';
  var followTimer = 0;
  function followBotLanguage(locale) {
    botLanguage = String(locale || '').toLowerCase().split(/[-_]/)[0];
    if (followTimer) window.clearTimeout(followTimer);
    followTimer = window.setTimeout(function () {
      var select = document.getElementById('language');
      var page = (document.documentElement.getAttribute('lang') || 'en').toLowerCase();
      if (!botLanguage || botLanguage === page || !select) return;
      var offered = Array.prototype.some.call(select.options, function (o) { return o.value === botLanguage; });
      if (!offered) return;
      select.value = botLanguage;
      switchLanguage();
    }, 1500);
  }

  function switchLanguage() {
    saveIfStaying();
    // The conversation goes on in the new page; this hand-over is read and removed at once on load.
    try {
      if (conversation && !(stay && stay.checked)) {
        sessionStorage.setItem(CARRY_KEY, JSON.stringify({ conversationId: conversation.conversationId, token: currentToken() }));
      }
    } catch { /* storage blocked: the chat starts again */ }
    var select = document.getElementById('language');
    location.replace('/chat?lang=' + encodeURIComponent(select ? select.value : 'en'));
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
    // start.js has usually started the conversation while the bundle arrived; Web Chat joins it.
    var early = window.SafeReportStart;
    window.SafeReportStart = null;
    if (early) {
      return early.then(function (started) {
        return { conversationId: started.conversationId, token: started.token, resumed: true };
      }, function () {
        return startConversation();
      });
    }
    return post('/chat/token').then(function (fresh) {
      return { conversationId: fresh.conversationId, token: fresh.token, resumed: false };
    });
  }

  /** Long text goes in pieces at word boundaries, so nothing typed is lost. */
  function pieces(text) {
    var out = [];
    var rest = text;
    while (rest.length > MAX_PIECE) {
      var cut = rest.lastIndexOf(' ', MAX_PIECE);
      if (cut < MAX_PIECE / 2) cut = MAX_PIECE;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut).replace(/^\s+/, '');
    }
    if (rest) out.push(rest);
    return out;
  }

  /** The final screen: the reference in one piece with a copy button, and the quick-exit reminder. */
  function showFinal(reference) {
    var panel = document.getElementById('final');
    if (!panel || !reference) return;
    panel.textContent = '';
    var label = document.createElement('p');
    label.className = 'final-label';
    label.appendChild(document.createTextNode((words.referenceLabel || 'Your reference') + ': '));
    var ref = document.createElement('strong');
    ref.className = 'reference';
    // Read left to right on a right-to-left page too, apart from the words around it.
    ref.setAttribute('dir', 'ltr');
    ref.textContent = reference;
    label.appendChild(ref);
    var copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'copy';
    copy.textContent = words.copy || 'Copy reference';
    copy.addEventListener('click', function () {
      var done = function () { say(words.copied || 'Reference copied'); };
      try {
        navigator.clipboard.writeText(reference).then(done, done);
      } catch { done(); }
    });
    var hint = document.createElement('p');
    hint.className = 'hint';
    hint.textContent = words.finalHint || '';
    panel.appendChild(label);
    panel.appendChild(copy);
    panel.appendChild(hint);
    panel.hidden = false;
  }

  /** The files waiting in the send box: a thumbnail and the name of each, announced (the notice is an alert). */
  var previews = [];
  function showChosen(attachments) {
    previews.forEach(function (url) { try { window.URL.revokeObjectURL(url); } catch { /* already gone */ } });
    previews = [];
    if (!notice) return;
    if (!attachments.length) {
      if (notice.getAttribute('data-files')) say('');
      notice.removeAttribute('data-files');
      return;
    }
    var names = attachments.map(function (a) { return (a.blob && a.blob.name) || ''; }).join(', ');
    notice.textContent = '';
    attachments.forEach(function (a) {
      if (!a.blob || !/^image\//.test(a.blob.type || '')) return;
      var url = window.URL.createObjectURL(a.blob);
      previews.push(url);
      var img = document.createElement('img');
      img.className = 'thumb';
      img.src = url;
      img.alt = '';
      notice.appendChild(img);
    });
    notice.appendChild(document.createTextNode((words.fileChosen || '').replace('{{name}}', names)));
    notice.setAttribute('data-files', 'true');
    notice.hidden = false;
  }

  function explainRefusal(status) {
    if (status === 413) return say(words.tooLong);
    if (status === 415) return say(words.fileType);
    if (status === 429) return say(words.tooFast);
    say(words.sendFailed);
  }

  function checkFiles(attachments) {
    for (var i = 0; i < attachments.length; i += 1) {
      var blob = attachments[i] && attachments[i].blob;
      if (!blob) continue;
      if (blob.size === 0) return words.fileEmpty;
      if (blob.size > MAX_FILE) return words.fileTooBig;
      if (blob.type && !ACCEPTED.test(blob.type)) return words.fileType;
    }
    return '';
  }

  function middleware(started) {
    return function (api) {
      return function (next) {
        return function (action) {
          var payload = action.payload || {};
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && !started.resumed) {
            api.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'webchat/join', value: {} } });
          }
          if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') {
            var activity = payload.activity || {};
            if (activity.type === 'event' && activity.name === 'webchat/quickExit') quickExit();
            if (activity.channelData && activity.channelData.reference) showFinal(activity.channelData.reference);
            if (activity.type === 'message' && activity.from && activity.from.role === 'bot') {
              earlyGives();
              primaryLabel = (activity.channelData && activity.channelData.primary) || '';
              askedBy = activity.id || '';
              followBotLanguage(activity.locale);
            }
          }
          if (action.type === 'WEB_CHAT/SEND_MESSAGE' && typeof payload.text === 'string' && payload.text.length > MAX_PIECE) {
            if (payload.text.length > MAX_TEXT) {
              say(words.tooLong);
              return undefined;
            }
            pieces(payload.text).forEach(function (piece) {
              next({ type: action.type, meta: action.meta, payload: { text: piece, method: payload.method } });
            });
            return undefined;
          }
          if (action.type === 'WEB_CHAT/SET_SEND_BOX_ATTACHMENTS') {
            var attachments = payload.attachments || [];
            var problem = checkFiles(attachments);
            if (problem) {
              say(problem);
              return next({ type: action.type, payload: { attachments: [] } });
            }
            showChosen(attachments);
          }
          if (action.type === 'DIRECT_LINE/POST_ACTIVITY_PENDING') say('');
          if (action.type === 'DIRECT_LINE/POST_ACTIVITY_REJECTED') explainRefusal(payload && payload.status);
          return next(action);
        };
      };
    };
  }

  // Messages the server marked as a second answer to an answered question are shown to nobody.
  var hideIgnored = function () {
    return function (next) {
      return function () {
        var card = arguments[0] || {};
        if (card.activity && card.activity.channelData && card.activity.channelData.ignored) return false;
        return next.apply(null, arguments);
      };
    };
  };

  // A question's buttons answer it once, however fast they are pressed again: the first click goes
  // through, the buttons are marked used, and further clicks stop here, before Web Chat sees them.
  document.addEventListener('click', function (e) {
    var button = e.target && e.target.closest && e.target.closest('.webchat__suggested-action');
    if (!button || !root.contains(button)) return;
    if (answeredBy && answeredBy === askedBy) {
      e.preventDefault();
      e.stopImmediatePropagation();
      return;
    }
    answeredBy = askedBy;
    var used = root.querySelectorAll('.webchat__suggested-action');
    for (var i = 0; i < used.length; i += 1) {
      used[i].classList.add('is-used');
      used[i].setAttribute('aria-disabled', 'true');
    }
  }, true);

  // Keyboard users are told how to move between answers when they reach them (one Tab stop, arrow keys).
  var keysHint = document.getElementById('keys-hint');
  root.addEventListener('focusin', function (e) {
    var target = e.target;
    var byKeyboard = false;
    try { byKeyboard = target.matches(':focus-visible'); } catch { byKeyboard = false; }
    // Only for the keyboard: shown on a mouse press it would move the buttons under the pointer.
    if (keysHint) keysHint.hidden = !(byKeyboard && target.closest && target.closest('.webchat__suggested-actions'));
  });
  root.addEventListener('focusout', function () {
    if (keysHint) keysHint.hidden = true;
  });

  // The suggested action that goes ahead (Send my report) is drawn as the main button.
  var primaryLabel = '';
  function markPrimary() {
    var buttons = root.querySelectorAll('.webchat__suggested-action');
    for (var i = 0; i < buttons.length; i += 1) {
      var isPrimary = Boolean(primaryLabel) && buttons[i].textContent.trim() === primaryLabel;
      buttons[i].classList.toggle('is-primary', isPrimary);
    }
  }
  // What the person typed is laid out by its own letters: Urdu typed in Roman letters reads left to right on a
  // right-to-left page, Arabic typed on an English page right to left.
  function markTyped() {
    var typed = root.querySelectorAll('.webchat__bubble--from-user .webchat__text-content:not([dir])');
    for (var i = 0; i < typed.length; i += 1) typed[i].setAttribute('dir', 'auto');
  }
  if (window.MutationObserver) new window.MutationObserver(function () { markPrimary(); markTyped(); }).observe(root, { childList: true, subtree: true });

  // start.js's early question (shown before this bundle ran) makes way once Web Chat shows the conversation.
  function earlyGives() {
    if (window.SafeReportEarly) window.SafeReportEarly.shown = true;
    var early = document.getElementById('early');
    if (!early) return;
    var remove = function () { if (early.parentNode) early.parentNode.removeChild(early); };
    if (window.requestAnimationFrame) window.requestAnimationFrame(function () { window.requestAnimationFrame(remove); });
    else setTimeout(remove, 0);
  }

  function render(started) {
    conversation = started;
    saveIfStaying();
    var options = { token: started.token, domain: location.origin + '/v3/directline', webSocket: true };
    if (started.resumed) options.conversationId = started.conversationId;
    directLine = window.WebChat.createDirectLine(options);
    store = window.WebChat.createStore({}, middleware(started));
    var dir = root.getAttribute('data-dir') === 'rtl' ? 'rtl' : 'ltr';
    var status = root.querySelector('.status');
    if (status) status.remove();
    // Web Chat takes a box of its own inside the chat area, so the early question beside it stays until it goes.
    var mount = document.createElement('div');
    mount.className = 'webchat-mount';
    root.appendChild(mount);
    window.WebChat.renderWebChat({
      directLine: directLine,
      store: store,
      locale: root.getAttribute('data-locale') || 'en-GB',
      dir: dir,
      activityMiddleware: hideIgnored,
      overrideLocalizedStrings: Object.assign({}, words.webChat || {}, { ACTIVITY_BOT_SAID_ALT: words.botSaid || '' }),
      styleOptions: {
        hideUploadButton: root.getAttribute('data-uploads') !== 'true',
        botAvatarImage: root.getAttribute('data-mark') || undefined,
        botAvatarInitials: ' ',
        avatarSize: 28,
        userAvatarInitials: '',
        rootHeight: '100%',
        rootWidth: '100%',
        sendBoxButtonColor: '#0b0c0c',
        subtle: '#505a5f',
        timestampColor: '#505a5f',
        timestampFormat: 'absolute',
        groupTimestamp: 5 * 60 * 1000,
        suggestedActionLayout: 'flow',
        suggestedActionBorderColor: '#1d70b8',
        suggestedActionTextColor: '#1d70b8',
        suggestedActionHeight: 44,
        sendTimeout: 20000
      }
    }, mount);
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
