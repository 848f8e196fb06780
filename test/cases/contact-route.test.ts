// Honest promises (issue 12): "we will contact you by ..." only when there is a way to reach the person. The
// issue's case first: a web chat report whose contact was skipped was promised a call by Thursday.
import { hasContactRoute } from '../../src/cases/contact-route';
import { draft } from './support/drafts';

test('web chat with a phone call chosen but no number given: no way back, so no promise', () => {
  expect(hasContactRoute(draft({ channel: 'webchat', safeContact: { channels: ['phone'] } }))).toBe(false);
  expect(hasContactRoute(draft({ channel: 'webchat', safeContact: { channels: [] } }))).toBe(false);
});

test('a number or address they gave, or the phone they are texting from, is a way back', () => {
  expect(hasContactRoute(draft({ channel: 'webchat', safeContact: { channels: ['phone'], phone: '07700 900123' } }))).toBe(true);
  expect(hasContactRoute(draft({ channel: 'webchat', safeContact: { channels: ['email'], email: 'me@example.org' } }))).toBe(true);
  expect(hasContactRoute(draft({ channel: 'sms', safeContact: { channels: ['sms'] } }))).toBe(true);
  expect(hasContactRoute(draft({ channel: 'whatsapp', safeContact: { channels: ['whatsapp'] } }))).toBe(true);
});

test('an email chosen without an address, or an anonymous report, is not', () => {
  expect(hasContactRoute(draft({ channel: 'sms', safeContact: { channels: ['email'] } }))).toBe(false);
  expect(hasContactRoute(draft({ channel: 'sms', anonymity: 'anonymous', safeContact: { channels: ['sms'], phone: '07700 900123' } }))).toBe(false);
});

test("someone reporting for another person is reached on their own contact, not the victim's", () => {
  const referral = { channel: 'webchat' as const, reporter: { role: 'third_party' as const }, victim: { contact: { channels: [], phone: '07700 900999', voicemailOk: false, othersReadMessages: false } } };
  expect(hasContactRoute(draft({ ...referral, safeContact: { channels: ['phone'], phone: '07700 900123' } }))).toBe(false);
  expect(hasContactRoute(draft({ ...referral, reporter: { role: 'third_party', contact: { channels: ['phone'], phone: '07700 900123', voicemailOk: false, othersReadMessages: false } } }))).toBe(true);
});
