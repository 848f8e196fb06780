// The official Direct Line client (botframework-directlinejs, the one inside Web Chat) in Node: its WebSocket
// stream through `ws`, and its REST calls through fetch instead of the browser's XMLHttpRequest (rxjs 5's ajax).
// What a person in web chat receives is what this client's activity$ gives.
import { DirectLine, type Activity } from 'botframework-directlinejs';
import { Observable } from 'rxjs/Observable';
import WebSocket from 'ws';

type AjaxRequest = { url: string; method?: string; headers?: Record<string, string>; body?: unknown };

function fetchAjax(req: AjaxRequest) {
  return new Observable<{ status: number; response: unknown }>((subscriber) => {
    const controller = new AbortController();
    const body = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    fetch(req.url, { method: req.method ?? 'GET', ...(req.headers ? { headers: req.headers } : {}), ...(body !== undefined ? { body } : {}), signal: controller.signal }).then(
      async (res) => {
        const text = await res.text();
        let response: unknown = text;
        try {
          response = text ? JSON.parse(text) : null;
        } catch {
          // not JSON: kept as text
        }
        if (res.ok) {
          subscriber.next({ status: res.status, response });
          subscriber.complete();
        } else subscriber.error({ status: res.status, response, xhr: { getResponseHeader: (name: string) => res.headers.get(name) } });
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => controller.abort();
  });
}

export interface WebChatPerson {
  /** Every message the bot (or an officer through it) sent, in order, with when this client received it. */
  heard: { text: string; at: number }[];
  say(text: string): Promise<string>;
  /** Resolves with the first message after `from` (an index into heard) that matches. */
  waitFor(match: RegExp | string, from?: number, timeoutMs?: number): Promise<{ text: string; at: number; index: number }>;
  end(): void;
}

export async function directLinePerson(base: string): Promise<WebChatPerson> {
  const issued = (await (await fetch(`${base}/chat/token`, { method: 'POST' })).json()) as { token: string };
  // directlinejs uses a WebSocket only where the global exists (as in a browser).
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  const client = new DirectLine({ token: issued.token, domain: `${base}/v3/directline`, webSocket: true, WebSocket: WebSocket as never, ajax: fetchAjax as never });
  const heard: WebChatPerson['heard'] = [];
  const waiters = new Set<() => void>();
  client.activity$.subscribe({
    next: (activity: Activity) => {
      if (activity.type !== 'message' || activity.from.role !== 'bot') return;
      heard.push({ text: activity.text ?? '', at: Date.now() });
      for (const wake of [...waiters]) wake();
    },
    // The conversation ended (quick exit, or it expired): nothing more will come.
    error: () => undefined,
  });
  const person: WebChatPerson = {
    heard,
    say: (text) =>
      new Promise((resolve, reject) => {
        client.postActivity({ type: 'message', from: { id: 'person' }, text, locale: 'en-GB' } as Activity).subscribe({ next: resolve, error: reject });
      }),
    waitFor: (match, from = 0, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const test = (text: string) => (typeof match === 'string' ? text === match : match.test(text));
        const look = () => {
          const index = heard.findIndex((h, i) => i >= from && test(h.text));
          if (index < 0) return false;
          waiters.delete(look);
          clearTimeout(timer);
          resolve({ ...heard[index]!, index });
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`web chat person did not receive ${String(match)}; heard: ${heard.slice(from).map((h) => h.text).join(' | ')}`));
        }, timeoutMs);
        if (!look()) waiters.add(look);
      }),
    end: () => client.end(),
  };
  await new Promise<void>((resolve, reject) => {
    client.postActivity({ type: 'event', name: 'webchat/join', value: {}, from: { id: 'person' }, locale: 'en-GB' } as Activity).subscribe({ next: () => resolve(), error: reject });
  });
  return person;
}
