// Fetches what a reporter attached (MediaUrl0..N) with the account's credentials, refusing anything too
// large or of a type we do not keep. URLs and bytes are never logged.
import { isAllowedEvidenceType } from '../../evidence/evidence.store';

export type FetchedMedia = { ok: true; contentType: string; data: Buffer } | { ok: false; reason: 'type' | 'size' | 'fetch' | 'host' };

/** Twilio serves media from its own API hosts; credentials are sent nowhere else. */
const TWILIO_MEDIA_HOST = /^https:\/\/([a-z0-9-]+\.)*twilio\.com\//i;

export async function fetchMedia(input: {
  url: string;
  declaredType: string | undefined;
  accountSid: string;
  authToken: string;
  maxBytes: number;
  signal?: AbortSignal;
}): Promise<FetchedMedia> {
  if (!TWILIO_MEDIA_HOST.test(input.url)) return { ok: false, reason: 'host' };
  if (input.declaredType && !isAllowedEvidenceType(input.declaredType)) return { ok: false, reason: 'type' };
  let response: Response;
  try {
    response = await fetch(input.url, {
      headers: { authorization: `Basic ${Buffer.from(`${input.accountSid}:${input.authToken}`).toString('base64')}` },
      redirect: 'follow',
      ...(input.signal ? { signal: input.signal } : {}),
    });
  } catch {
    return { ok: false, reason: 'fetch' };
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => {});
    return { ok: false, reason: 'fetch' };
  }
  const contentType = (response.headers.get('content-type') ?? input.declaredType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!isAllowedEvidenceType(contentType)) {
    await response.body.cancel().catch(() => {});
    return { ok: false, reason: 'type' };
  }
  const declaredLength = Number(response.headers.get('content-length') ?? '0');
  if (declaredLength > input.maxBytes) {
    await response.body.cancel().catch(() => {});
    return { ok: false, reason: 'size' };
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > input.maxBytes) {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: 'size' };
      }
      chunks.push(Buffer.from(value));
    }
  } catch {
    // Aborted (too slow) or the connection dropped.
    return { ok: false, reason: 'fetch' };
  }
  return { ok: true, contentType, data: Buffer.concat(chunks) };
}
