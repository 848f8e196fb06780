// Discreet mode as a model (docs/discreet-mode.md): on SMS and WhatsApp, once the person says someone else may
// read their messages (yes or don't know) or that it is not safe to talk now, every path of the intake from there
// on is walked (every state, every choice, words, photos, skip, help, back, danger, self-harm, a person, the
// submit's answers), and no line it says or asks, in the words the runtime would send, names abuse, violence,
// risk, a helpline's subject or the landlord's safety team. Then what moves where: the checklist and helplines go
// to a safer place, and safe contact never offers the channel they said is read.
import type { AnyMachineSnapshot } from 'xstate';
import type { ChannelKind, DialogEvent, DialogPolicy, PromptSpec } from '../../dialogs/shared/contract';
import { isDiscreet } from '../../dialogs/intake/intake.context';
import { createTranslations } from '../../src/conversation/i18n';
import { promptVariants, render } from '../../src/conversation/prompts';
import { toDialogPolicy } from '../../src/policy/dialog-policy';
import { loadPolicyPack } from '../../src/policy/load';
import { fixturePolicy } from './fixtures/policy';
import { drive, effects, eventsFor, pathOf, pick, promptOf, start, stateKey, step, type IntakeSnapshot, type Step } from './support/intake-harness';

/** Words a reader of the phone must never see after discreet mode begins (matched at the start of a word). */
const TELLING_WORDS = [
  'abuse', 'abusive', 'violence', 'violent', 'kill', 'risk', 'dash', 'marac', 'domestic', 'hate', 'harass', 'police',
  'helpline', 'refuge', 'safety team', 'community safety', 'crime', 'threat', 'weapon', 'strangl', 'choke', 'stalk',
  'victim', 'idva', 'samaritans', 'suicid', 'sexual', 'rape', 'assault', 'coercive', 'controlling', 'fgm', 'forced marriage',
];
const telling = new RegExp(`\\b(${TELLING_WORDS.join('|')})`, 'i');

const t = createTranslations().tFor('en');
const WEB_CHAT_URL = 'https://report.example.org/chat';

const packs: [string, DialogPolicy][] = [
  ['the test pack', { ...fixturePolicy, webChatUrl: WEB_CHAT_URL }],
  ['One Vision Housing', { ...toDialogPolicy(loadPolicyPack('one-vision-housing')), webChatUrl: WEB_CHAT_URL }],
  ['Seven Locks Housing', { ...toDialogPolicy(loadPolicyPack('seven-locks-housing')), webChatUrl: WEB_CHAT_URL }],
];

/** How the person becomes discreet at the safety gate. */
const triggers: [string, DialogEvent[]][] = [
  ['someone else may read my messages', [pick('no'), pick('yes'), pick('yes')]],
  ["I don't know if someone reads my messages", [pick('no'), pick('yes'), pick('dont_know')]],
  ['it is not safe to talk now (then carry on)', [pick('no'), pick('no'), pick('carryOn'), pick('no')]],
];

/** Every line as the runtime would send it in discreet mode: the words and every option's label. */
function lines(spec: PromptSpec, channel: ChannelKind): string[] {
  const out = render(t, spec, promptVariants(channel, { discreet: true }));
  return [out.text, ...(out.choiceLabels ?? []).map((c) => c.label)];
}

interface Walk {
  states: Map<string, IntakeSnapshot>;
  transitions: number;
  /** What a reader could understand, with where it was said. */
  leaks: Set<string>;
}

function leaksIn(step: Step, channel: ChannelKind, where: string, leaks: Set<string>): void {
  const said = step.emitted.flatMap((e) => (e.type === 'say' ? [e.prompt] : []));
  const asked = promptOf(step.snapshot);
  for (const spec of [...said, ...(asked ? [asked] : [])]) {
    for (const line of lines(spec, channel)) if (telling.test(line)) leaks.add(`${where} -> ${spec.key}: ${line}`);
  }
}

/** Every transition from every state reachable after the trigger, breadth first; states told apart as the harness does. */
function walkFrom(first: Step, channel: ChannelKind): Walk {
  const walk: Walk = { states: new Map(), transitions: 0, leaks: new Set() };
  const queue: AnyMachineSnapshot[] = [first.snapshot];
  walk.states.set(stateKey(first.snapshot), first.snapshot);
  while (queue.length > 0) {
    const snapshot = queue.shift()!;
    for (const event of eventsFor(snapshot)) {
      const next = step(snapshot as IntakeSnapshot, event);
      // "Back" to the safety gate and a different answer there ends discreet mode: that is their choice.
      if (!isDiscreet(next.snapshot.context)) continue;
      walk.transitions += 1;
      leaksIn(next, channel, `${pathOf(snapshot)} + ${event.type}${'choice' in event && event.choice ? `(${event.choice})` : ''}`, walk.leaks);
      const key = stateKey(next.snapshot);
      if (!walk.states.has(key)) {
        walk.states.set(key, next.snapshot);
        queue.push(next.snapshot);
      }
    }
  }
  return walk;
}

describe.each(packs)('discreet mode with %s', (_pack, policy) => {
  describe.each(['sms', 'whatsapp'] as const)('on %s', (channel) => {
    test.each(triggers)('after "%s", no later line on any path says a word a reader could understand', (_trigger, events) => {
      let first = start(channel, policy);
      const asked = [];
      const atTheGate = new Set<string>();
      for (const event of events) {
        first = step(first.snapshot, event);
        asked.push(...effects(first.emitted));
        if (isDiscreet(first.snapshot.context)) leaksIn(first, channel, 'the safety gate', atTheGate);
      }
      expect([...atTheGate]).toEqual([]);
      expect(isDiscreet(first.snapshot.context)).toBe(true);
      // The outbound path is told when discreet mode begins: every later proactive message is neutral.
      expect(asked).toContainEqual({ kind: 'keepDiscreet', key: 'session-1:discreet' });

      const walk = walkFrom(first, channel);
      const paths = new Set([...walk.states.values()].map(pathOf));
      // The walk went everywhere that matters: the safer place, every section, the review, the end.
      for (const reached of ['flow.who.askingRole', 'flow.dash.offeringSaferPlace', 'flow.details.askingViolence', 'flow.safeContact.askingContactChannel', 'flow.review.reviewing', 'submitted', 'inDanger', 'offeringSupport']) {
        expect(paths).toContain(reached);
      }
      expect(walk.states.size).toBeGreaterThan(150);
      expect([...walk.leaks]).toEqual([]);
    });
  });
});

describe('what moves where in discreet mode', () => {
  const policy = { ...fixturePolicy, webChatUrl: WEB_CHAT_URL };
  // Domestic abuse asks her age first (docs/children-and-young-people.md): an adult gets the checklist, here moved.
  const victimOfAbuse = [pick('victim'), pick('domesticAbuse'), pick('adult')];
  const discreetOn = (channel: ChannelKind, othersRead: 'yes' | 'dont_know' | 'no' = 'yes', safeToTalk: 'yes' | 'no' = 'yes') =>
    drive([pick('no'), pick(safeToTalk), ...(safeToTalk === 'no' ? [pick('carryOn')] : []), pick(othersRead)], start(channel, policy));

  test('the checklist is not asked on a read phone: a web chat link, a call at a safe time, or not now', () => {
    const at = drive(victimOfAbuse, discreetOn('sms'));
    expect(pathOf(at.snapshot)).toBe('flow.dash.offeringSaferPlace');
    expect(promptOf(at.snapshot)?.choices?.map((c) => c.id)).toEqual(['webchat', 'call', 'declined']);
    // No helpline line with the forms of abuse, and no list of them.
    expect(at.sayings).not.toContain('intake:askingAbuseForm.helpline');

    const linked = step(at.snapshot, pick('webchat'));
    const link = linked.emitted.flatMap((e) => (e.type === 'say' ? [render(t, e.prompt, promptVariants('sms', { discreet: true })).text] : []));
    expect(link.join(' ')).toContain(WEB_CHAT_URL);
    expect(pathOf(linked.snapshot)).toBe('flow.scope.askingTenure');
  });

  test('on the web chat page the questions can be answered there and then', () => {
    const at = drive(victimOfAbuse, drive([pick('no'), pick('no'), pick('carryOn')], start('webchat', policy)));
    expect(promptOf(at.snapshot)?.choices?.map((c) => c.id)).toEqual(['here', 'call', 'declined']);
    expect(pathOf(step(at.snapshot, pick('here')).snapshot)).toBe('flow.dash.askingDash_injury');
  });

  test.each(['sms', 'whatsapp'] as const)('safe contact on %s never offers texts or WhatsApp to the phone they said may be read', (channel) => {
    for (const othersRead of ['yes', 'dont_know'] as const) {
      const at = drive([...victimOfAbuse, pick('call')], discreetOn(channel, othersRead));
      const contact = reachContactChannel(at);
      const offered = promptOf(contact.snapshot)?.choices?.map((c) => c.id);
      // They asked for a call at a safe time: a call comes first.
      expect(offered).toEqual(['phone', 'email', 'letter']);
      expect(lines(promptOf(contact.snapshot)!, channel).join(' ')).not.toMatch(/Text message|WhatsApp/);
    }
  });

  test('not safe now, but nobody else reads the phone: their own channel is still offered first', () => {
    const contact = reachContactChannel(drive([pick('witness'), pick('asb')], discreetOn('sms', 'no', 'no')));
    expect(promptOf(contact.snapshot)?.choices?.[0]?.id).toBe('sms');
  });

  test('the report says it is discreet and where the checklist went; the submit says no helpline by name', () => {
    const at = drive([...victimOfAbuse, pick('call')], discreetOn('sms', 'dont_know'));
    const sent = submitFrom(reachContactChannel(at));
    const report = effects(sent.emitted).find((e) => e.kind === 'submitReport');
    expect(report).toMatchObject({ report: { safety: { discreet: true, othersMayReadMessages: 'dont_know' }, risk: { saferPlace: 'call', dashDeferred: true }, safeContact: { othersReadMessages: true } } });
    const done = step(sent.snapshot, { type: 'effect.submitReport.done', output: { reference: 'R-1', teamKey: 'policy:team.communitySafety', contactable: true, firstResponseDue: 'Tuesday 24 November', helplineIds: ['nationalDomesticAbuseHelpline', 'police101'] } });
    const words = done.emitted.flatMap((e) => (e.type === 'say' ? lines(e.prompt, 'sms') : [])).join('\n');
    expect(words).toContain('R-1');
    expect(words).not.toMatch(/0808 2000 247|101|Community Safety|Helpline/i);
  });
});

/** Answers every question on the way with a plain answer until safe contact asks how to reach them. */
function reachContactChannel(from: Step): Step {
  let current = from;
  for (let i = 0; i < 80 && !pathOf(current.snapshot).endsWith('askingContactChannel'); i += 1) current = step(current.snapshot, plainAnswer(current.snapshot));
  expect(pathOf(current.snapshot)).toBe('flow.safeContact.askingContactChannel');
  return current;
}

/** From safe contact: a call, no address, any time, no voicemail, no code word, send. */
function submitFrom(from: Step): Step {
  let current = step(from.snapshot, pick('phone'));
  for (let i = 0; i < 20 && !pathOf(current.snapshot).endsWith('submitting'); i += 1) {
    const path = pathOf(current.snapshot);
    current = step(current.snapshot, path.endsWith('reviewing') ? pick('send') : plainAnswer(current.snapshot));
  }
  expect(pathOf(current.snapshot)).toBe('flow.review.submitting');
  return current;
}

function plainAnswer(snapshot: AnyMachineSnapshot): DialogEvent {
  const choices = promptOf(snapshot)?.choices?.map((c) => c.id) ?? [];
  for (const id of ['done', 'skip', 'no', 'socialRent', 'none', 'confidential', 'anytime', 'send']) if (choices.includes(id)) return pick(id);
  return choices.length > 0 ? pick(choices[0]!) : { type: 'user.message', text: 'last night' };
}
