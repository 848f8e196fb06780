// No test talks to the internet: only loopback. Outside services are stood in for with nock.
import nock from 'nock';

nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);

afterAll(() => {
  nock.cleanAll();
  // nock patches Node's http for the whole worker; a later test file loads its own nock and patches again.
  nock.restore();
});
