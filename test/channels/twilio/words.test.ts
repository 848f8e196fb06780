import sms from '../../../locales/en/sms.json';
import { encodingOf, segmentCount } from '../../../src/channels/twilio/render';
import { smsText } from '../../../src/channels/twilio/words';

function keys(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("the Twilio channel's own words", () => {
  it.each(keys(sms))('sms:%s is plain GSM-7 within two SMS segments', (key) => {
    const text = smsText(key, { organisation: 'Seven Locks Housing Association', maxMb: 16 });
    expect(encodingOf(text)).toBe('GSM-7');
    expect(segmentCount(text)).toBeLessThanOrEqual(2);
    expect(text).not.toMatch(/\{\{/);
  });

  it('the lock-screen template says who it is from and nothing about the report', () => {
    const text = smsText('template.newMessage', { organisation: 'One Vision Housing' });
    expect(text).toContain('One Vision Housing');
    expect(text).not.toMatch(/report|abuse|crime|case|police|safe/i);
  });
});
