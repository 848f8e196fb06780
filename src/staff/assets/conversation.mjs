// The conversation screen: new entries appear as soon as they are stored, and nothing is missed or shown twice
// across a lost connection. It asks the server for what came "after the last entry seen" (a long poll that
// answers as soon as there is something), adds only entries it does not have, and after a failure asks again
// from the same place. Each message the officer sends carries an id made here: a send retried after a lost
// connection is recognised by the server and goes out once.
const list = document.getElementById('entries');
const announce = document.getElementById('conversation-announce');
const status = document.getElementById('status');
const reach = document.getElementById('reach');
const form = document.getElementById('reply');
const box = document.getElementById('reply-text');
const limits = document.getElementById('reply-limits');

let after = Number(list.dataset.after);
let statusKey = list.dataset.status;
let failures = 0;
let unseen = 0;
const baseTitle = document.title;
// An action form is on its way (take, hand back, close): its answer shows what happened, so no reload races it.
let leaving = false;
document.addEventListener('submit', (event) => {
  if (event.target !== form) leaving = true;
});

const say = (text) => {
  if (announce && text) announce.textContent = text;
};

function addEntries(html) {
  const holder = document.createElement('ol');
  holder.innerHTML = html;
  for (const item of [...holder.children]) {
    const seq = item.dataset.seq;
    if (list.querySelector(`[data-seq="${seq}"]`)) continue;
    const client = item.dataset.clientId;
    if (client) list.querySelector(`.sr-entry--pending[data-client-id="${client}"]`)?.remove();
    list.appendChild(item);
    after = Math.max(after, Number(seq));
  }
}

async function poll() {
  const url = new URL(list.dataset.conversation, location.href);
  url.searchParams.set('after', String(after));
  url.searchParams.set('status', statusKey);
  url.searchParams.set('wait', '1');
  try {
    const answer = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
    if (answer.status === 401 || answer.status === 404) return;
    if (!answer.ok) throw new Error(String(answer.status));
    const body = await answer.json();
    if (failures > 0) say(list.dataset.backText);
    failures = 0;
    addEntries(body.html);
    for (const [seq, d] of Object.entries(body.deliveries || {})) {
      const line = list.querySelector(`[data-delivery="${seq}"]`);
      if (line && line.textContent !== d.text) {
        line.textContent = d.text;
        line.classList.toggle('sr-delivery--failed', d.failed);
      }
    }
    if (reach && body.reach) reach.textContent = body.reach;
    if (body.reporterMessages > 0 && document.hidden) {
      unseen += body.reporterMessages;
      document.title = `(${unseen}) ${baseTitle}`;
    }
    if (body.announce) say(body.announce);
    if (body.status !== statusKey) {
      statusKey = body.status;
      status.textContent = body.statusText;
      if (leaving) return;
      if (!box || box.value.trim() === '') location.reload();
      else say(list.dataset.reloadText);
    }
    setTimeout(poll, 0);
  } catch {
    failures += 1;
    if (failures === 1) say(list.dataset.offlineText);
    setTimeout(poll, Math.min(5000, 500 * failures));
  }
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) {
    unseen = 0;
    document.title = baseTitle;
  }
});

// GSM-7 characters (and the extension table's, which count twice); anything else makes the text UCS-2.
const GSM = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXT = '^{}\\[~]|€\f';
function segments(text) {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM.includes(ch)) septets += 1;
    else if (GSM_EXT.includes(ch)) septets += 2;
    else gsm = false;
  }
  const length = gsm ? septets : text.length;
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  return { length, count: length === 0 ? 0 : length <= single ? 1 : Math.ceil(length / multi) };
}
function showLimits() {
  if (!limits || limits.dataset.sms !== 'yes') return;
  const { length, count } = segments(box.value);
  const template = count === 1 ? limits.dataset.segmentsOne : limits.dataset.segmentsOther;
  limits.textContent = length === 0 ? '' : template.replace('#c', String(length)).replace('#n', String(count));
}

async function send(clientId, text, csrf, pending) {
  const body = new URLSearchParams({ _csrf: csrf, clientId, text });
  for (let attempt = 0; ; attempt += 1) {
    try {
      const answer = await fetch(form.action, { method: 'POST', body, headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (answer.ok || answer.status === 409 || answer.status === 400) {
        if (!answer.ok) pending.remove();
        return;
      }
    } catch {
      // The same id again: the server sends it once however often it is asked.
    }
    pending.querySelector('.sr-delivery').textContent = form.dataset.notSentText;
    await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 1000 * (attempt + 1))));
  }
}

if (form && box) {
  box.addEventListener('input', showLimits);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = box.value.trim();
    if (!text) return;
    const clientId = crypto.randomUUID();
    const pending = document.createElement('li');
    pending.className = 'sr-entry sr-entry--officer sr-entry--pending';
    pending.dataset.clientId = clientId;
    const words = document.createElement('p');
    words.className = 'govuk-body sr-note-text govuk-!-margin-0';
    words.textContent = text;
    const state = document.createElement('p');
    state.className = 'govuk-body-s sr-delivery';
    state.textContent = form.dataset.sendingText;
    pending.append(words, state);
    list.appendChild(pending);
    box.value = '';
    showLimits();
    send(clientId, text, form.querySelector('input[name="_csrf"]').value, pending);
  });
}

poll();
