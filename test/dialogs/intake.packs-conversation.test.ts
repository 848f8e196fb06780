// A whole report by text message, for each of the three packs (issue 15: nothing depends on One Vision's or Seven
// Locks' ids), through the real conversation runtime and database: the person types numbers and words, the
// pack's lists are read from what was sent, and the risk matrix is asked in the pack's words (Riverside's own
// question among them) and recorded in the report.
import path from 'node:path';
import { dialogs } from '../../dialogs';
import type { OutboundPrompt } from '../../src/conversation/types';
import { packWords, toDialogPolicy } from '../../src/policy/dialog-policy';
import { loadPolicyPack } from '../../src/policy/load';
import { openTranscript, type Transcript } from '../support/transcript';

const packs = [
  loadPolicyPack('one-vision-housing'),
  loadPolicyPack('seven-locks-housing'),
  loadPolicyPack(path.resolve(__dirname, '../policy/fixtures/riverside-homes.json')),
];

let t: Transcript;
afterEach(async () => t?.close());

/** The number a choice has in the message as sent. */
const numberOf = (prompt: OutboundPrompt, id: string) => String((prompt.choiceLabels ?? []).findIndex((c) => c.id === id) + 1);

test.each(packs.map((p) => [p.organisation.name, p] as const))('%s: a harassment report by SMS, the matrix asked in the pack\'s words, sent with every answer', async (_name, pack) => {
  const policy = toDialogPolicy(pack);
  t = await openTranscript({ dialogs, policy, channel: 'sms', resources: packWords(pack) });
  const harassment = pack.categories.find((c) => c.kind === 'harassment')!.id;
  const inScope = pack.tenures.find((x) => x.inScope)!.id;
  const harm: { key: string; text: string }[] = [];
  let prompts = await t.say('hi');
  for (let turn = 0; turn < 60 && t.submitted.length === 0; turn += 1) {
    const asked = prompts.at(-1)!;
    const ids = (asked.choiceLabels ?? []).map((c) => c.id);
    let reply: string;
    if (/^(risk|pack):harm\./.test(asked.key)) {
      harm.push({ key: asked.key, text: asked.text });
      reply = asked.key.startsWith('pack:') || asked.key === 'risk:harm.livesAlone' ? 'yes' : 'no';
    } else if (asked.key === 'intake:askingSafeToTalk.prompt') reply = 'yes';
    else if (asked.key === 'intake:askingRole.prompt') reply = numberOf(asked, 'victim');
    else if (asked.key === 'intake:askingCategory.prompt') reply = numberOf(asked, harassment);
    else if (asked.key === 'intake:askingTenure.prompt') reply = numberOf(asked, inScope);
    else if (asked.key === 'intake:offeringHarm.prompt') reply = numberOf(asked, 'now');
    else if (asked.key === 'intake:askingAnonymity.prompt') reply = numberOf(asked, 'anonymous');
    else if (ids.includes('send')) reply = numberOf(asked, 'send');
    else if (ids.includes('no')) reply = 'no';
    else if (ids.includes('done')) reply = numberOf(asked, 'done');
    else if (ids.includes('none')) reply = numberOf(asked, 'none');
    else reply = asked.key === 'intake:askingWhen.prompt' ? 'last Tuesday' : 'Near the shops on Mill Road';
    prompts = await t.say(reply);
  }
  expect(t.submitted).toHaveLength(1);
  const questions = pack.risk.matrix.questions;
  expect(harm.map((h) => h.key)).toEqual(questions.map((q) => (q.text ? `pack:harm.${q.id}` : `risk:harm.${q.id}`)));
  for (const q of questions.filter((x) => x.text)) expect(harm.find((h) => h.key === `pack:harm.${q.id}`)!.text).toContain(q.text!['en']);
  expect(harm.every((h) => !h.text.includes(':harm.'))).toBe(true);
  expect(t.submitted[0]).toMatchObject({ landlordId: pack.id, tenure: inScope, incident: { categoryId: harassment } });
  expect(t.submitted[0]!.vulnerability.harm).toEqual(Object.fromEntries(questions.map((q) => [q.id, q.text || q.id === 'livesAlone' ? 'yes' : 'no'])));
});
