// A whole report over SMS in Welsh (and Polish, Romanian), through the app as composed for production: the first
// message in a language makes the conversation that language, every reply fits its SMS budget, and the case
// is stored with the language so staff see it. Conversation tables: test/support/reports-in-languages.ts.
import { type TwilioServices, useTwilioServices } from '../../support/twilio-services';
import { segmentCount } from '../../../src/channels/twilio/render';
import { converseBySms } from '../../support/sms-reporter';
import { POLISH_NOISE_REPORT, ROMANIAN_NOISE_REPORT, WELSH_NOISE_REPORT } from '../../support/reports-in-languages';

describe('reporting over SMS in another language (the app as composed for production)', () => {
  let app: TwilioServices;
  useTwilioServices((started) => (app = started));

  const caseOf = async (replies: string[], pattern: RegExp) => {
    const reference = pattern.exec(replies.join('\n'))?.[1];
    expect(reference).toBeDefined();
    return app.db.connection.collection('cases').findOne({ reference });
  };

  it('in Welsh: a first message in Welsh makes the whole report Welsh, and the case is kept as Welsh', async () => {
    const replies = await converseBySms(app.services.app, 'sms', '+447700900911', { first: 'Helo, mae fy nghymydog yn swnllyd bob nos', table: WELSH_NOISE_REPORT, until: /cyfeirnod yw/ });
    expect(replies.slice(0, 3).join('\n')).toMatch(/mewn perygl ar hyn o bryd/);
    for (const text of replies) {
      expect(segmentCount(text)).toBeLessThanOrEqual(2);
      expect(text).not.toMatch(/\$t\(|\{\{|intake:|common:/);
    }
    // No English question was asked on the way.
    expect(replies.filter((r) => /\b(Please|Reply|What|When|Where|Who|Thank you)\b/.test(r))).toEqual([]);
    const stored = await caseOf(replies, /cyfeirnod yw ([A-Z0-9-]+)/);
    expect(stored).toMatchObject({ channel: 'sms', locale: 'cy', category: { id: 'asb', subcategoryId: 'noise' } });
    // The day is given in Welsh words.
    expect(replies.join('\n')).toMatch(/erbyn [Dd]ydd (Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul),? \d{1,2} [A-Z]/);
  });

  it('in Polish: a first message in Polish makes the whole report Polish, and the case is kept as Polish', async () => {
    const replies = await converseBySms(app.services.app, 'sms', '+447700900912', { first: 'Dzień dobry, mam problem z sąsiadem', table: POLISH_NOISE_REPORT, until: /numer referencyjny to/ });
    expect(replies.slice(0, 3).join('\n')).toMatch(/Zanim zaczniemy: czy grozi Ci teraz niebezpieczeństwo\?/);
    for (const text of replies) {
      expect(segmentCount(text)).toBeLessThanOrEqual(2);
      expect(text).not.toMatch(/\$t\(|\{\{|intake:|common:/);
    }
    expect(replies.filter((r) => /\b(Please|Reply|What|When|Where|Who|Thank you)\b/.test(r))).toEqual([]);
    const stored = await caseOf(replies, /numer referencyjny to ([A-Z0-9-]+)/);
    expect(stored).toMatchObject({ channel: 'sms', locale: 'pl', category: { id: 'asb', subcategoryId: 'noise' } });
    expect(replies.join('\n')).toMatch(/najpóźniej: (poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela),? \d{1,2} [a-ząćęłńóśźż]+/);
  });

  it('in Romanian: a first message in Romanian makes the whole report Romanian, and the case is kept as Romanian', async () => {
    const replies = await converseBySms(app.services.app, 'sms', '+447700900913', { first: 'Bună ziua, am o problemă cu vecinul meu', table: ROMANIAN_NOISE_REPORT, until: /Num.rul de referin.. este/ });
    expect(replies.slice(0, 3).join('\n')).toMatch(/sunteți în pericol chiar acum\?/);
    for (const text of replies) {
      expect(segmentCount(text)).toBeLessThanOrEqual(2);
      expect(text).not.toMatch(/\$t\(|\{\{|intake:|common:/);
    }
    expect(replies.filter((r) => /\b(Please|Reply|What|When|Where|Who|Thank you)\b/.test(r))).toEqual([]);
    const stored = await caseOf(replies, /Num.rul de referin.. este ([A-Z0-9-]+)/);
    expect(stored).toMatchObject({ channel: 'sms', locale: 'ro', category: { id: 'asb', subcategoryId: 'noise' } });
  });
});
