import nock from 'nock';
import { fetchMedia } from '../../../src/channels/twilio/media';

const ACCOUNT = `AC${'c3'.repeat(16)}`;
const base = { accountSid: ACCOUNT, authToken: 'secret-token', declaredType: 'image/jpeg', maxBytes: 1000 };
const url = (id: string) => `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/MM1/Media/${id}`;

describe('fetching what a reporter attached', () => {
  afterEach(() => nock.cleanAll());

  it('follows Twilio\'s redirect to its media store without sending our credentials there', async () => {
    let leaked: string | undefined = 'not called';
    nock('https://api.twilio.com').get(`/2010-04-01/Accounts/${ACCOUNT}/Messages/MM1/Media/ME1`).reply(307, '', { location: 'https://media-store.example.net/abc' });
    nock('https://media-store.example.net')
      .get('/abc')
      .reply(function () {
        leaked = this.req.headers['authorization'] as string | undefined;
        return [200, Buffer.from('jpeg-bytes'), { 'content-type': 'image/jpeg' }];
      });
    const result = await fetchMedia({ ...base, url: url('ME1') });
    expect(result).toMatchObject({ ok: true, contentType: 'image/jpeg' });
    expect(leaked).toBeUndefined();
  });

  it('refuses a file larger than the limit even when its size is not announced', async () => {
    nock('https://api.twilio.com').get(`/2010-04-01/Accounts/${ACCOUNT}/Messages/MM1/Media/ME2`).reply(200, () => Buffer.alloc(5000), { 'content-type': 'image/jpeg', 'transfer-encoding': 'chunked' });
    expect(await fetchMedia({ ...base, url: url('ME2') })).toEqual({ ok: false, reason: 'size' });
  });

  it('refuses a type we do not keep, whatever the message claimed', async () => {
    nock('https://api.twilio.com').get(`/2010-04-01/Accounts/${ACCOUNT}/Messages/MM1/Media/ME3`).reply(200, '<html></html>', { 'content-type': 'text/html' });
    expect(await fetchMedia({ ...base, url: url('ME3') })).toEqual({ ok: false, reason: 'type' });
  });

  it('never sends the account credentials to a host that is not Twilio', async () => {
    expect(await fetchMedia({ ...base, url: 'https://attacker.example.com/media/1' })).toEqual({ ok: false, reason: 'host' });
  });
});

// nock patches http globally; undo it so the next test file in this worker starts clean.
afterAll(() => {
  nock.restore();
});
