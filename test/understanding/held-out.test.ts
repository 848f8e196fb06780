// The held-out sets (corpus/held-out.ts): written after the word lists were built, their figures reported on
// their own. First measurements, before anything was changed for them: set 1, danger recall 75.0% (7 of 28
// messages missed), self-harm recall 72.7% (3 of 11 missed), one self-harm false alarm; set 2 (written after
// the lists were generalised), danger recall 83.3% (4 of 24 missed), self-harm recall 62.5% (3 of 8 missed), one
// danger false alarm; set 3 (written blind by the lead), danger recall 79.2% (5 of 24 missed), self-harm recall
// 87.5% (1 of 8 missed), no false alarms; set 4 (written after set 3's changes), danger recall 72.7% (6 of 22
// missed) with one false alarm (3.23% of readings), self-harm recall 33.3% (6 of 9 missed) with one false alarm
// (2.27%); set 5 (written blind, before the lists were read), danger recall 81.7% of readings (5 of 30 messages
// missed), self-harm recall 61.3% of readings (4 of 11 missed), no false alarms; set 6 (written blind after set
// 5's changes and the safety net, in slang and text-speak: 'mandem', 'wiv', 'thru', 'hell kill me'), danger
// recall 56.1% of readings (6 of 15 messages missed), self-harm recall 52.6% (3 of 7 missed), no false alarms;
// the safety net (safety-net.test.ts) would have asked about 1 of the 6 danger misses and none of the 3
// self-harm ones. The lists were generalised again after each; these tests keep them where they are now.
import { HELD_OUT_1, HELD_OUT_2, HELD_OUT_3, HELD_OUT_4, HELD_OUT_5, HELD_OUT_6 } from './corpus/held-out';
import { describe as describeMeaning, meets, rates } from './support/meaning';
import { measure, read, readings, summary } from './support/evaluate';

describe.each([
  ['held-out set 1', HELD_OUT_1],
  ['held-out set 2', HELD_OUT_2],
  ['held-out set 3', HELD_OUT_3],
  ['held-out set 4', HELD_OUT_4],
  ['held-out set 5', HELD_OUT_5],
  ['held-out set 6', HELD_OUT_6],
] as const)('%s', (name, rows) => {
  const cases = readings(rows);

  test('every message gets its meaning', () => {
    const wrong = cases.filter((c) => !meets(read(c.question, c.text), c.meaning, c.anywhere)).map((c) => `${c.question}: "${c.text}" is ${describeMeaning(read(c.question, c.text))}, not ${c.meaning}`);
    expect(wrong).toEqual([]);
  });

  test('danger and self-harm: recall 100%, false alarms at most 2% (printed)', () => {
    const { danger, selfHarm } = measure(cases);
    console.log(`${name} (${rows.length} messages, ${cases.length} readings)\n${summary('danger', danger)}\n${summary('self-harm', selfHarm)}`);
    expect({ dangerMisses: danger.misses, selfHarmMisses: selfHarm.misses }).toEqual({ dangerMisses: [], selfHarmMisses: [] });
    expect(rates(danger).falseAlarmRate).toBeLessThanOrEqual(0.02);
    expect(rates(selfHarm).falseAlarmRate).toBeLessThanOrEqual(0.02);
  });
});
