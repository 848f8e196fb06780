import { encodingOf, fitsInSms, renderTurn, segmentCount, smsLength, toSmsSafe } from '../../../src/channels/twilio/render';
import { createTranslations } from '../../../src/conversation/i18n';
import { promptText } from '../../../src/conversation/sms-text';
import type { OutboundPrompt } from '../../../src/conversation/types';

const i18n = createTranslations();

const prompt = (text: string, labels: string[] = []): OutboundPrompt => ({
  key: 'test:prompt',
  text,
  ...(labels.length ? { choiceLabels: labels.map((label, i) => ({ id: `c${i}`, label })) } : {}),
});

describe('SMS text stays GSM-7 so it costs one segment, not three', () => {
  it.each([
    ['curly quotes', 'It\u2019s \u201Csafe\u201D', 'It\'s "safe"'],
    ['dashes', 'Call 999 \u2014 or 101 \u2013 now', 'Call 999 - or 101 - now'],
    ['ellipsis', 'Wait\u2026', 'Wait...'],
    ['emoji', 'Thank you \uD83D\uDE4F for telling us \u2764\uFE0F', 'Thank you for telling us'],
    ['non-breaking space', 'Press\u00A01', 'Press 1'],
    ['Welsh accents left alone', 'Diolch \u0175', 'Diolch \u0175'],
  ])('%s', (_name, input, expected) => {
    expect(toSmsSafe(input)).toBe(expected);
  });

  it.each([
    ['plain English', 'Are you safe to talk now?', 'GSM-7', 25],
    ['euro counts twice', 'Cost \u20AC5', 'GSM-7', 8],
    ['Arabic', '\u0647\u0644 \u0623\u0646\u062A \u0628\u0623\u0645\u0627\u0646\u061F', 'UCS-2', 13],
  ])('%s (%s) is %s, %d units long', (_name, text, encoding, length) => {
    expect(encodingOf(text)).toBe(encoding);
    expect(smsLength(text)).toBe(length);
  });

  it.each([
    [160, 'a', 1],
    [161, 'a', 2],
    [306, 'a', 2],
    [307, 'a', 3],
    [70, '\u0628', 1],
    [71, '\u0628', 2],
  ])('%i characters of %s are %i segment(s)', (count, ch, segments) => {
    expect(segmentCount(ch.repeat(count))).toBe(segments);
  });
});

describe('rendering a turn', () => {
  it('puts choices on short numbered lines', () => {
    expect(renderTurn([prompt('Are you in danger right now?', ['Yes', 'No'])], 'sms')).toEqual(['Are you in danger right now?\n1. Yes\n2. No']);
  });

  it('sends a short turn of two prompts as one SMS', () => {
    expect(renderTurn([prompt('Thank you.'), prompt('Where did it happen?')], 'sms')).toEqual(['Thank you.\n\nWhere did it happen?']);
  });

  it('splits a long SMS at sentence ends, every part within two segments and GSM-7', () => {
    const sentence = 'This sentence is about forty-five characters. ';
    const text = sentence.repeat(12).trim();
    const parts = renderTurn([prompt(text)], 'sms');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(fitsInSms(part)).toBe(true);
      expect(segmentCount(part)).toBeLessThanOrEqual(2);
      expect(encodingOf(part)).toBe('GSM-7');
      expect(part.endsWith('.')).toBe(true);
    }
    expect(parts.join(' ')).toBe(text);
  });

  it('never splits a numbered option from its number ("9." and "Forced marriage" stay together)', () => {
    const options = Array.from({ length: 10 }, (_, i) => `Option number ${i + 1} with a label long enough`);
    const parts = renderTurn([prompt('We have noted: a few things you picked, read back to you.'), prompt('Anything else? Pick more, or pick That is all.', options)], 'sms');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.split('\n').filter((line) => /^\d+\.$/.test(line.trim()) || /^Option/.test(line.trim()))).toEqual([]);
  });

  it('splits long non-Latin text within the UCS-2 limits', () => {
    const sentence = '\u0647\u0630\u0647 \u062C\u0645\u0644\u0629 \u0642\u0635\u064A\u0631\u0629. ';
    const parts = renderTurn([prompt(sentence.repeat(20).trim())], 'sms');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(134);
  });

  it.each(['ur', 'ar', 'pa', 'bn'])('%s: 999 guidance before a question is split at the ends of its sentences (۔ ؟ ।), never inside one', (lng) => {
    const t = i18n.tFor(lng);
    const guidance = String(t('common:danger.guidance'));
    const question = prompt(String(t('intake:askingDanger.prompt')), [String(t('intake:choice.yes')), String(t('intake:choice.no'))]);
    const parts = renderTurn([prompt(guidance), prompt(guidance), question], 'sms');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(segmentCount(part)).toBeLessThanOrEqual(2);
      const last = part.split('\n').at(-1)!;
      expect({ part, ends: /^\d+\. /.test(last) || /[.?\u06d4\u061f\u0964]$/.test(last) }).toEqual({ part, ends: true });
    }
    const words = (s: string) => s.split(/\s+/).filter(Boolean);
    expect(words(parts.join(' '))).toEqual(words(`${guidance} ${guidance} ${promptText(question)}`));
  });

  it('breaks one enormous sentence at words', () => {
    const parts = renderTurn([prompt('word '.repeat(200).trim())], 'sms');
    for (const part of parts) expect(smsLength(part)).toBeLessThanOrEqual(306);
    expect(parts.join(' ')).toBe('word '.repeat(200).trim());
  });

  it('gives WhatsApp the same prompt as one message, emoji and all', () => {
    const text = 'Thank you \uD83D\uDE4F. '.repeat(20).trim();
    expect(renderTurn([prompt(text, ['Yes', 'No'])], 'whatsapp')).toEqual([`${text}\n1. Yes\n2. No`]);
  });

  // The tenure question after a long line: the split fell after "1." and sent "1." and its label apart.
  const outOfScope = 'Our anti-social behaviour service is for people who rent from us at social or affordable rent, so we may not be able to act. Citizens Advice or a solicitor can advise you. If a crime has happened, call the police on 101, or 999 in an emergency.';
  const tenures = ['I rent from this housing association (social rent)', 'I rent from this housing association (affordable rent)', 'Market rent', 'Shared ownership', 'Leaseholder', 'I own my home', 'I rent from a private landlord', "I don't know"];
  const optionLines = tenures.map((label, i) => `${i + 1}. ${label}`);

  it('never sends a numbered option apart from its words, and keeps a question with its options', () => {
    const parts = renderTurn([prompt(outOfScope), prompt('Which best describes your home?', tenures)], 'sms');
    expect(parts).toEqual([outOfScope, ['Which best describes your home?', ...optionLines].join('\n')]);
  });

  it('whatever comes before the options, every part fits and no option or word is broken', () => {
    const sentence = 'We have kept what you wrote. ';
    for (let n = 0; n <= 12; n += 1) {
      const before = sentence.repeat(n).trim();
      const parts = renderTurn([prompt(`${before} Which best describes your home?`.trim(), tenures)], 'sms');
      for (const part of parts) {
        expect(fitsInSms(part)).toBe(true);
        expect({ n, part, endsWithNumber: /(^|\n)\d+\.$/.test(part) }).toEqual({ n, part, endsWithNumber: false });
      }
      const lines = parts.flatMap((p) => p.split('\n'));
      for (const option of optionLines) expect({ n, option, whole: lines.includes(option) }).toEqual({ n, option, whole: true });
      const words = (s: string) => s.split(/\s+/).filter(Boolean);
      expect(parts.flatMap(words)).toEqual(words(`${before} Which best describes your home?\n${optionLines.join('\n')}`));
    }
  });
});
