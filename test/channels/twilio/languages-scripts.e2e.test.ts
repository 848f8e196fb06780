// A whole report over SMS in Urdu, Arabic, Punjabi (Gurmukhi) and Bengali, through the app as composed for
// production: the first message in the language makes the conversation that language, every message fits two
// UCS-2 segments, the long lists come a page at a time ("0" for more), no English is asked on the way, and the
// case is stored with the language. The person answers as the English reporter of sms-reporter.ts does, reading
// each question and option in their language (noiseReportIn).
import { type TwilioServices, useTwilioServices } from '../../support/twilio-services';
import { segmentCount } from '../../../src/channels/twilio/render';
import { converseBySms } from '../../support/sms-reporter';
import { noiseReportIn } from '../../support/reports-in-languages';

const LANGUAGES = [
  {
    lng: 'ur',
    first: 'السلام علیکم، میرا پڑوسی ہر رات بہت شور کرتا ہے',
    texts: { when: 'ہر رات آدھی رات کے بعد', what: 'ساتھ والے گھر میں بہت اونچی موسیقی بجتی ہے اور وہ مجھ پر چیختے ہیں۔', who: 'فلیٹ 3 والا پڑوسی' },
    reference: /([A-Z0-9]{4}-[A-Z0-9]{4})/,
  },
  {
    lng: 'ar',
    first: 'السلام عليكم، جاري يعمل ضجيج كل ليلة',
    texts: { when: 'كل ليلة بعد منتصف الليل', what: 'الموسيقى عند الجيران عالية جدا ويصرخون علي.', who: 'جار الشقة 3' },
    reference: /([A-Z0-9]{4}-[A-Z0-9]{4})/,
  },
  {
    lng: 'pa',
    first: 'ਸਤ ਸ੍ਰੀ ਅਕਾਲ, ਮੇਰਾ ਗੁਆਂਢੀ ਹਰ ਰਾਤ ਬਹੁਤ ਰੌਲਾ ਪਾਉਂਦਾ ਹੈ',
    texts: { when: 'ਹਰ ਰਾਤ ਅੱਧੀ ਰਾਤ ਤੋਂ ਬਾਅਦ', what: 'ਨਾਲ ਵਾਲੇ ਘਰ ਵਿੱਚ ਬਹੁਤ ਉੱਚਾ ਸੰਗੀਤ ਵੱਜਦਾ ਹੈ ਅਤੇ ਉਹ ਮੇਰੇ ਉੱਤੇ ਚੀਕਦੇ ਹਨ।', who: 'ਫਲੈਟ 3 ਵਾਲਾ ਗੁਆਂਢੀ' },
    reference: /([A-Z0-9]{4}-[A-Z0-9]{4})/,
  },
  {
    lng: 'bn',
    first: 'নমস্কার, আমার প্রতিবেশী প্রতি রাতে খুব আওয়াজ করে',
    texts: { when: 'প্রতি রাতে মাঝরাতের পরে', what: 'পাশের বাড়িতে খুব জোরে গান বাজে আর ওরা আমার উপর চিৎকার করে।', who: 'ফ্ল্যাট 3-এর প্রতিবেশী' },
    reference: /([A-Z0-9]{4}-[A-Z0-9]{4})/,
  },
];

describe('reporting over SMS in a script with no plain letters (the app as composed for production)', () => {
  let app: TwilioServices;
  useTwilioServices((started) => (app = started));

  test.each(LANGUAGES)('$lng: the whole report in the language, a page at a time where a list is long, and the case kept with it', async ({ lng, first, texts, reference }) => {
    const submitted = new RegExp(`${reference.source}`);
    const from = `+4477009009${20 + LANGUAGES.findIndex((l) => l.lng === lng)}`;
    const replies = await converseBySms(app.services.app, 'sms', from, { first, table: noiseReportIn(lng, texts), until: submitted });
    for (const text of replies) {
      expect(segmentCount(text)).toBeLessThanOrEqual(2);
      expect(text).not.toMatch(/\$t\(|\{\{|intake:|common:/);
    }
    // No English question on the way.
    expect(replies.filter((r) => /\b(Please|Reply|What|When|Where|Who|Thank you|Send)\b/.test(r))).toEqual([]);
    const ref = submitted.exec(replies.join('\n'))?.[1];
    expect(ref).toBeDefined();
    const stored = await app.db.connection.collection('cases').findOne({ reference: ref });
    expect(stored).toMatchObject({ channel: 'sms', locale: lng, category: { id: 'asb', subcategoryId: 'noise' } });
  });
});
