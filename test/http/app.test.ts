import { Writable } from 'node:stream';
import { Router } from 'express';
import request from 'supertest';
import { createApp, formBody, jsonBody } from '../../src/http/app';
import { createLogger } from '../../src/log/logger';
import { openTestDatabase } from '../support/database';

function captureLogs(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe('the HTTP app', () => {
  it('answers /healthz always, and /readyz 200 while the database answers and 503 once it is gone', async () => {
    const db = await openTestDatabase();
    const app = createApp({ logger: createLogger({ level: 'silent' }), isDatabaseReady: db.isReady });
    await request(app).get('/healthz').expect(200, { status: 'ok' });
    await request(app).get('/readyz').expect(200);
    await db.drop(); // closes the connection too
    await request(app).get('/readyz').expect(503, { status: 'database unavailable' });
    await request(app).get('/healthz').expect(200);
  });

  it('gives a request id, sets security headers, and a plain 404', async () => {
    const app = createApp({ logger: createLogger({ level: 'silent' }), isDatabaseReady: async () => true });
    const res = await request(app).get('/nowhere').expect(404, { error: 'not_found' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('never leaks a stack trace or the data that caused an error', async () => {
    const router = Router();
    router.post('/boom', jsonBody(), (req) => {
      throw new Error(`cannot handle ${String((req.body as { text: string }).text)}`);
    });
    const { lines, stream } = captureLogs();
    const app = createApp({ logger: createLogger({ level: 'info', destination: stream }), isDatabaseReady: async () => true, routes: [{ path: '/t', router }] });
    const res = await request(app).post('/t/boom').send({ text: 'my neighbour Sam at 4 Elm Road' }).expect(500);
    expect(res.body).toEqual({ error: 'internal_error' });
    expect(JSON.stringify(res.body)).not.toMatch(/Elm Road|at .*\.ts/);
    const logged = lines.join('');
    expect(logged).toContain('request failed');
    expect(logged).not.toContain('Elm Road');
  });

  it('refuses bodies over the limit and malformed JSON with a 4xx, not a crash', async () => {
    const router = Router();
    router.post('/echo', jsonBody('1kb'), (req, res) => {
      res.json({ ok: true, size: JSON.stringify(req.body).length });
    });
    const app = createApp({ logger: createLogger({ level: 'silent' }), isDatabaseReady: async () => true, routes: [{ path: '/t', router }] });
    await request(app).post('/t/echo').set('content-type', 'application/json').send('{"text": "x"').expect(400, { error: 'bad_request' });
    await request(app).post('/t/echo').send({ text: 'x'.repeat(5000) }).expect(413, { error: 'payload_too_large' });
    await request(app).post('/t/echo').send({ text: 'fine' }).expect(200);
  });

  it('keeps a phone number and a message body sent through a request out of every log line', async () => {
    const phone = '+447700900123';
    const body = 'He is outside my door again with a knife';
    const router = Router();
    router.post('/sms', formBody(), (req, res) => {
      // A careless handler logging the whole payload: redaction must still catch it.
      req.log.info({ payload: req.body, From: (req.body as { From: string }).From }, 'inbound message');
      req.log.warn({ message: { Body: (req.body as { Body: string }).Body } }, 'nested');
      res.status(400).json({ error: 'bad' });
    });
    const { lines, stream } = captureLogs();
    const app = createApp({ logger: createLogger({ level: 'trace', destination: stream }), isDatabaseReady: async () => true, routes: [{ path: '/hook', router }] });
    await request(app)
      .post(`/hook/sms?From=${encodeURIComponent(phone)}`)
      .set('x-forwarded-for', '203.0.113.9')
      .type('form')
      .send({ From: phone, To: '+441234567890', Body: body })
      .expect(400);
    const logged = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(logged).toContain('inbound message');
    expect(logged).not.toContain('7700900123');
    expect(logged).not.toContain('knife');
    expect(logged).toContain('/hook/sms');
  });
});
