// Live updates for the console, the one script of our own. A page opts in with data-live="<url>" on an
// element: every few seconds this asks the server whether anything changed since the version the page
// shows (data-version), and if so fetches the fresh fragment, swaps it in and says so in a live region.
// Polling is the source of truth (no change streams in the embedded database); it pauses while the tab is hidden.
const INTERVAL_MS = 5000;

function start(region) {
  const url = region.dataset.live;
  const announce = document.getElementById(region.dataset.announce || '');
  let version = region.dataset.version || '';
  let timer;

  async function check() {
    try {
      const changes = new URL(url, location.href);
      changes.searchParams.set('since', version);
      const answer = await fetch(changes, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
      if (answer.status === 401) {
        if (announce) announce.textContent = region.dataset.signedOut || '';
        return;
      }
      if (!answer.ok) return schedule();
      const body = await answer.json();
      if (body.version !== version) {
        version = body.version;
        if (typeof body.html === 'string') region.innerHTML = body.html;
        if (typeof body.title === 'string') document.title = body.title;
        if (announce && body.announce) announce.textContent = body.announce;
        // An optional browser notification (the waiting list), once the officer has turned them on.
        if (body.notify && window.Notification && Notification.permission === 'granted') new Notification(body.notify);
      }
    } catch {
      // Offline for a moment: the next poll catches up.
    }
    schedule();
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => (document.hidden ? schedule() : check()), INTERVAL_MS);
  }
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) check();
  });
  schedule();
}

for (const region of document.querySelectorAll('[data-live]')) start(region);

const notifyButton = document.querySelector('[data-notify-enable]');
if (notifyButton && window.Notification && Notification.permission === 'default') {
  notifyButton.hidden = false;
  notifyButton.addEventListener('click', async () => {
    await Notification.requestPermission();
    notifyButton.hidden = true;
  });
}
