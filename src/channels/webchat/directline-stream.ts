// The Direct Line WebSocket stream (GET /v3/directline/conversations/:id/stream?t=&watermark=): replays
// what the client has not seen, then sends each new activity as it is appended. The token is checked
// before the upgrade; the client's empty keep-alive frames are ignored.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../log/logger';
import { bearer, verifyToken } from './directline-token';
import type { StreamHub } from './stream-hub';
import type { TranscriptStore } from './transcript.mongo';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([A-Za-z0-9_-]{16,64})\/stream$/;

export interface DirectLineStreamDeps {
  secret: string;
  transcripts: TranscriptStore;
  hub: StreamHub;
  logger: Logger;
  now: () => Date;
}

export interface DirectLineStream {
  attach(server: Server): void;
  close(): void;
}

function parseWatermark(value: string | null): number {
  const n = value !== null && /^\d{1,9}$/.test(value) ? Number(value) : 0;
  return Number.isSafeInteger(n) ? n : 0;
}

export function createDirectLineStream(deps: DirectLineStreamDeps): DirectLineStream {
  const { transcripts, hub, logger: log } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 });

  /** A socket whose client reads slower than this much is dropped; it reconnects from its watermark. */
  const MAX_BUFFERED = 1024 * 1024;

  const openStream = (ws: WebSocket, conversationId: string, from: number): void => {
    let sent = from;
    let chain = Promise.resolve();
    let open = true;
    const send = (activities: unknown[], watermark?: number): void => {
      if (!open) return;
      if (ws.bufferedAmount > MAX_BUFFERED) {
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(watermark === undefined ? { activities } : { activities, watermark: String(watermark) }));
    };
    /** Reads what this socket has not sent from the transcript (on connect, and after a gap). */
    const catchUp = async (): Promise<void> => {
      const page = await transcripts.since(conversationId, sent);
      if (!page) {
        ws.close(1000);
        return;
      }
      if (page.activities.length > 0) send(page.activities, page.watermark);
      sent = Math.max(sent, page.watermark);
    };
    const queue = (work: () => Promise<void> | void): void => {
      chain = chain.then(work).catch((error: unknown) => log.warn({ err: { type: (error as Error).name } }, 'stream read failed'));
    };
    const remove = hub.add(conversationId, {
      deliver: (batch) =>
        queue(async () => {
          if (!open || batch.watermark <= sent) return;
          if (batch.from > sent) return catchUp();
          send(batch.activities.slice(sent - batch.from), batch.watermark);
          sent = batch.watermark;
        }),
      // Queued behind any read in progress, so the person's own message still arrives first.
      sendEphemeral: (activities) => queue(() => send(activities)),
      close: (code) => queue(() => ws.close(code)),
    });
    if (!remove) {
      ws.close(1013, 'too many streams');
      return;
    }
    const heartbeat = setInterval(() => {
      if (open) ws.ping();
    }, 30_000);
    heartbeat.unref();
    // The client sends empty frames as keep-alives; nothing else is expected from it on the stream.
    ws.on('message', () => {});
    ws.on('close', () => {
      open = false;
      clearInterval(heartbeat);
      remove();
    });
    ws.on('error', () => ws.terminate());
    queue(catchUp);
  };

  const refuse = (socket: Duplex, status: number, text: string): void => {
    socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://local');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return;
    const conversationId = match[1] as string;
    const check = verifyToken(deps.secret, url.searchParams.get('t') ?? bearer(req.headers.authorization), deps.now(), conversationId);
    if (!check.ok) {
      log.warn({ reason: check.reason, status: check.status }, 'direct line stream refused');
      refuse(socket, check.status, check.status === 401 ? 'Unauthorized' : 'Forbidden');
      return;
    }
    transcripts
      .get(conversationId)
      .then((conversation) => {
        if (!conversation) return refuse(socket, 404, 'Not Found');
        if (!hub.hasRoom(conversationId)) return refuse(socket, 429, 'Too Many Requests');
        wss.handleUpgrade(req, socket, head, (ws) => openStream(ws, conversationId, parseWatermark(url.searchParams.get('watermark'))));
      })
      .catch(() => refuse(socket, 503, 'Service Unavailable'));
  };

  return {
    attach: (server) => {
      server.on('upgrade', onUpgrade);
    },
    close: () => {
      hub.closeAll();
      for (const client of wss.clients) client.terminate();
    },
  };
}
