// On every console page of someone who may take conversations: how many people are waiting for a person (beside
// the navigation's link and in the tab title) and, when it grows, a sentence in a live region; urgent requests
// nobody took in time appear as a banner (role="alert") and, once allowed, a browser notification. It asks
// the server every few seconds, also while the tab is in the background (the title is how a busy officer notices).
const INTERVAL_MS = 5000;
const holder = document.querySelector('[data-handoff-alert]');

if (holder) {
  const url = holder.dataset.handoffAlert;
  const banner = holder.querySelector('[data-handoff-banner]');
  const announce = holder.querySelector('[data-handoff-announce]');
  const link = document.querySelector('.sr-nav__link[href="/staff/conversations"]');
  const ownTitle = holder.dataset.title !== 'no';
  let prefix = '';
  let applied = '';
  let waiting;
  let shown = '';
  const notified = new Set();

  const applyTitle = () => {
    if (!ownTitle) return;
    const current = document.title;
    const bare = applied && current.startsWith(`${applied} `) ? current.slice(applied.length + 1) : current;
    const wanted = prefix ? `${prefix} ${bare}` : bare;
    applied = prefix;
    if (wanted !== current) document.title = wanted;
  };
  // The queue's own live updates rewrite the title: the count goes back on.
  const titleElement = document.querySelector('title');
  if (titleElement) new MutationObserver(applyTitle).observe(titleElement, { childList: true, characterData: true, subtree: true });

  const showCount = (count) => {
    if (!link) return;
    let badge = link.querySelector('.sr-count');
    if (count === 0) return badge?.remove();
    if (!badge) {
      badge = document.createElement('span');
      badge.className = 'sr-count';
      link.append(' ', badge);
    }
    badge.textContent = String(count);
  };

  async function check() {
    try {
      const answer = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
      if (answer.status === 401 || answer.status === 403) return;
      if (answer.ok) {
        const body = await answer.json();
        if (waiting !== undefined && body.waiting > waiting && announce) announce.textContent = body.arrived;
        waiting = body.waiting;
        prefix = body.titlePrefix;
        applyTitle();
        showCount(body.waiting);
        const key = body.escalated.join(',');
        if (key !== shown && banner) {
          shown = key;
          banner.innerHTML = body.banner;
        }
        const fresh = body.escalated.filter((id) => !notified.has(id));
        fresh.forEach((id) => notified.add(id));
        if (fresh.length > 0 && body.notify && window.Notification && Notification.permission === 'granted') new Notification(body.notify);
      }
    } catch {
      // Offline for a moment: the next question catches up.
    }
    setTimeout(check, INTERVAL_MS);
  }
  check();
}
