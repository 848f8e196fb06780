// The live hand-off over HTTP, as the officers' browsers use it, against the app as main.ts builds it: a web
// chat person asks for a person; two officers take it at once and one has it; the officer's message reaches
// the person once however often the send is retried; the person's words reach only the officer; a screen
// that lost its connection asks from the last entry it saw and gets no duplicate and no gap; quick exit
// and danger words while an officer has it; passed on with a note and put back; finished into a case that
// keeps the conversation; an urgent request nobody takes reaches the team leader on every page (out of
// hours: whoever is signed in, with the duty route).
import { randomUUID } from 'node:crypto';
import { offsetTo, signedInOfficer, webChatPerson } from '../support/handoff';
import { csrfOf, signIn, startStaffApp, type StaffApp } from './support/staff-app';

let app: StaffApp;
type Officer = Awaited<ReturnType<typeof signedInOfficer>>;
let chris: Officer;
let casey: Officer;
let tara: Officer;
let nadia: Officer;

beforeAll(async () => {
  app = await startStaffApp();
  app.clock.offsetMs = offsetTo(app.services.pack, 'inHours');
  chris = await signedInOfficer(app, 'Chris Taylor', 'communitySafety', 'cst');
  casey = await signedInOfficer(app, 'Casey Morgan', 'communitySafety', 'cst');
  tara = await signedInOfficer(app, 'Tara Leader', 'communitySafety', 'teamLeader');
  nadia = await signedInOfficer(app, 'Nadia Shah', 'neighbourhoodServices', 'nso');
}, 90_000);
afterAll(async () => app?.close());

const handoffs = () => app.services.handoffs.service;

/** A web chat person who has asked for a person; the request's id. */
async function askForPerson() {
  const person = await webChatPerson(app.base);
  await person.heard();
  await person.say('person');
  expect((await person.heard()).join('\n')).toContain('Someone from our team will reply here soon.');
  const waiting = (await handoffs().listWaiting()).filter((h) => h.channel === 'webchat');
  return { person, id: waiting.at(-1)!.id };
}

async function claim(officer: Officer, id: string) {
  const page = await officer.agent.get(`/staff/conversations/${id}`).expect(200);
  return officer.agent.post(`/staff/conversations/${id}/claim`).type('form').send({ _csrf: csrfOf(page.text) });
}

async function send(officer: Officer, id: string, clientId: string, text: string) {
  const page = await officer.agent.get(`/staff/conversations/${id}`).expect(200);
  return officer.agent.post(`/staff/conversations/${id}/send`).set('Accept', 'application/json').type('form').send({ _csrf: csrfOf(page.text), clientId, text });
}

const messagesAfter = async (officer: Officer, id: string, after: number) =>
  (await officer.agent.get(`/staff/conversations/${id}/messages?after=${after}`).set('Accept', 'application/json').expect(200)).body as { watermark: number; html: string; status: string; announce: string };
const seqsIn = (html: string) => [...html.matchAll(/data-seq="(\d+)"/g)].map((m) => Number(m[1]));

let shared: { person: Awaited<ReturnType<typeof webChatPerson>>; id: string; officer?: Officer };

it('two officers take the same conversation at once: one has it, and the other sees who', async () => {
  shared = { ...(await askForPerson()) };
  // The waiting list says, on the row, whether the person can still be answered on their channel.
  const list = await chris.agent.get('/staff/conversations').expect(200);
  const row = new RegExp(`data-handoff="${shared.id}"[\\s\\S]*?</tr>`).exec(list.text)?.[0] ?? '';
  expect(row).toMatch(/Web chat: their page is (open now|not connected)/);
  const [a, b] = await Promise.all([claim(chris, shared.id), claim(casey, shared.id)]);
  const problems = [a, b].map((r) => /problem=(\w+)/.exec(r.headers.location ?? '')?.[1] ?? 'none').sort();
  expect(problems).toEqual(['none', 'taken']);
  const record = await handoffs().getRecord(shared.id);
  const winner = record!.owner!.id === chris.id ? chris : casey;
  const loser = winner === chris ? casey : chris;
  expect(record!.status).toBe('claimed');
  const seen = await loser.agent.get(`/staff/conversations/${shared.id}`).expect(200);
  expect(seen.text).toContain(`${winner.name} has this conversation.`);
  expect(seen.text).not.toContain('id="reply"');
  shared.officer = winner;
});

it('the officer’s message reaches the person once however often the send is retried; the person’s words reach only the officer', async () => {
  const { person, id } = shared;
  const officer = shared.officer!;
  const signature = `${officer.name.split(' ')[0]} from One Vision Housing:`;
  await person.heard();
  const clientId = randomUUID();
  const sends = await Promise.all([send(officer, id, clientId, 'Hello, I am here to help.'), send(officer, id, clientId, 'Hello, I am here to help.')]);
  sends.push(await send(officer, id, clientId, 'Hello, I am here to help.'));
  expect(sends.map((s) => s.status)).toEqual([200, 200, 200]);
  expect(sends.filter((s) => s.body.duplicate === false)).toHaveLength(1);
  expect(await person.heard()).toEqual([`${signature} Hello, I am here to help.`]);

  await person.say('thank you');
  await person.say('my neighbour is shouting again');
  expect(await person.heard()).toEqual([]);
  const all = await messagesAfter(officer, id, -1);
  expect(all.html).toContain('my neighbour is shouting again');
  expect(all.html.match(/Hello, I am here to help\./g)).toHaveLength(1);
});

it('a screen that lost its connection asks from the last entry it saw: no duplicate, no gap', async () => {
  const { person, id } = shared;
  const officer = shared.officer!;
  const signature = `${officer.name.split(' ')[0]} from One Vision Housing:`;
  const before = await messagesAfter(officer, id, -1);
  const lastSeen = before.watermark - 1;
  // While the screen is away: the person writes, and the officer's retried send goes once.
  await person.say('are you still there?');
  const clientId = randomUUID();
  await send(officer, id, clientId, 'Yes, still here.');
  await send(officer, id, clientId, 'Yes, still here.');
  const after = await messagesAfter(officer, id, lastSeen);
  const seqs = seqsIn(after.html);
  expect(seqs).toEqual(Array.from({ length: after.watermark - 1 - lastSeen }, (_, i) => lastSeen + 1 + i));
  expect(after.html).toContain('are you still there?');
  expect(after.html.match(/Yes, still here\./g)).toHaveLength(1);
  expect([...seqsIn(before.html), ...seqs]).toEqual(Array.from({ length: after.watermark }, (_, i) => i));
  expect(await person.heard()).toEqual([`${signature} Yes, still here.`]);
});

it('quick exit while an officer has it: the officer is told and the conversation is gone', async () => {
  const { person, id } = await askForPerson();
  expect((await claim(chris, id)).headers.location).toBe(`/staff/conversations/${encodeURIComponent(id)}`);
  await person.say('my ex is outside');
  await person.say('exit');
  const screen = await messagesAfter(chris, id, 0);
  expect(screen.status).toMatch(/^gone:/);
  expect(screen.announce).toBe('The person used quick exit. The conversation has been deleted.');
  const page = await chris.agent.get(`/staff/conversations/${id}`).expect(200);
  expect(page.text).toContain('The person used quick exit. The conversation and everything they wrote have been deleted.');
  expect(page.text).not.toContain('my ex is outside');
  expect(page.text).not.toContain('id="reply"');
  expect(await app.db.connection.collection('handoff_messages').countDocuments({ handoffId: id, from: 'reporter' })).toBe(0);
  const refused = await send(chris, id, randomUUID(), 'Are you safe?');
  expect(refused.body).toEqual({ ok: false, reason: 'gone' });
});

it('danger words while an officer has it: the person gets the 999 guidance at once and the officer is told', async () => {
  const { person, id } = shared;
  const officer = shared.officer!;
  await person.heard();
  await person.say('I am in danger right now, he is at the door');
  const heard = await person.heard();
  expect(heard).toHaveLength(1);
  expect(heard[0]).toMatch(/^If you are in danger now, call .*999.* then press 55 when asked\./);
  const screen = await messagesAfter(officer, id, -1);
  expect(screen.html).toContain('They wrote words about danger now. The assistant sent the 999 guidance.');
  expect((await handoffs().getRecord(id))!.urgent).toBe(true);
});

it('passed on with a note, it waits in the other team’s list and whoever takes it reads the note; put back, it is waiting again', async () => {
  const { id } = shared;
  const officer = shared.officer!;
  const page = await officer.agent.get(`/staff/conversations/${id}`).expect(200);
  await officer.agent.post(`/staff/conversations/${id}/transfer`).type('form').send({ _csrf: csrfOf(page.text), to: 'team:neighbourhoodServices', note: 'Noise next door, not a safety matter' }).expect(303);
  expect(await handoffs().getRecord(id)).toMatchObject({ status: 'waiting', teamId: 'neighbourhoodServices', owner: null });
  expect((await nadia.agent.get('/staff/conversations').expect(200)).text).toContain(`data-handoff="${id}"`);
  expect((await claim(nadia, id)).headers.location).toBe(`/staff/conversations/${encodeURIComponent(id)}`);
  const taken = await nadia.agent.get(`/staff/conversations/${id}`).expect(200);
  expect(taken.text).toContain(`${officer.name} passed it to the Neighbourhood Services team list.`);
  expect(taken.text).toContain('Noise next door, not a safety matter');
  await nadia.agent.post(`/staff/conversations/${id}/release`).type('form').send({ _csrf: csrfOf(taken.text) }).expect(303);
  expect(await handoffs().getRecord(id)).toMatchObject({ status: 'waiting', owner: null });
  expect((await messagesAfter(nadia, id, -1)).html).toContain('Nadia Shah put it back in the list.');
});

it('finished into a case: the person hears the reference, and the case shows the conversation with the officer’s words and notes', async () => {
  const { person, id } = shared;
  expect((await claim(chris, id)).headers.location).toBe(`/staff/conversations/${encodeURIComponent(id)}`);
  await send(chris, id, randomUUID(), 'I will make a note of the noise for the team.');
  await person.heard();
  const page = await chris.agent.get(`/staff/conversations/${id}`).expect(200);
  const done = await chris.agent.post(`/staff/conversations/${id}/hand-back`).type('form').send({ _csrf: csrfOf(page.text), then: 'finish', category: 'asb', notes: 'Neighbour noise most nights; no immediate risk.' }).expect(303);
  const reference = new URL(done.headers.location!, app.base).searchParams.get('reference')!;
  expect(reference).toMatch(/^[A-Z0-9]+-[A-Z0-9]+$/);
  expect(await person.heard()).toEqual([`Thank you for talking to us. Your reference is ${reference}. In danger now? Call [999](tel:999)\\.`]);
  expect(await handoffs().getRecord(id)).toMatchObject({ status: 'returned', outcome: 'finish', caseReference: reference });
  // An ASB case is Neighbourhood Services' (the Community Safety officer who made it does not see it).
  const casePage = await nadia.agent.get(`/staff/cases/${reference}`).expect(200);
  expect(casePage.text).toContain('Conversations with a member of staff');
  expect(casePage.text).toContain('I will make a note of the noise for the team.');
  expect(casePage.text).toContain('Neighbour noise most nights; no immediate risk.');
});

describe('an urgent request nobody takes within the pack’s minutes', () => {
  const alertOf = async (officer: Officer) =>
    (await officer.agent.get('/staff/conversations/alert').set('Accept', 'application/json').expect(200)).body as { waiting: number; titlePrefix: string; escalated: string[]; banner: string; notify: string };
  let id: string;

  it('is counted on every page, and reaches the team leader once the minutes pass', async () => {
    ({ handoffId: id } = await handoffs().requestHandoff({ key: randomUUID(), sessionId: randomUUID(), conversationKey: `sms-${randomUUID()}`, channel: 'sms', reason: 'danger', summary: {} }));
    const queue = await tara.agent.get('/staff/queue').expect(200);
    expect(queue.text).toContain('data-handoff-alert="/staff/conversations/alert"');
    const early = await alertOf(tara);
    expect(early.waiting).toBeGreaterThanOrEqual(1);
    expect(early.titlePrefix).toBe(`(${early.waiting} waiting)`);
    expect(early.escalated).toEqual([]);
    expect(await app.services.handoffs.escalate()).toBe(0);

    app.clock.offsetMs += (app.services.pack.handoff.urgentUnclaimedMinutes + 1) * 60_000;
    expect(await app.services.handoffs.escalate()).toBe(1);
    const leader = await alertOf(tara);
    expect(leader.escalated).toEqual([id]);
    expect(leader.banner).toContain('Someone asked urgently for a person 11 minutes ago and nobody has taken the conversation.');
    expect(leader.banner).toContain(`href="/staff/conversations/${id}"`);
    expect(leader.banner).not.toContain('duty route');
    // In hours an officer sees the count; the escalation is the team leader's.
    expect((await alertOf(chris)).escalated).toEqual([]);
    const list = await chris.agent.get('/staff/conversations').expect(200);
    expect(list.text).toContain('Escalated to the team leader');
    // Escalated once only.
    expect(await app.services.handoffs.escalate()).toBe(0);
  });

  it('out of hours, whoever is signed in and may take it is shown the duty route', async () => {
    app.clock.offsetMs = offsetTo(app.services.pack, 'outOfHours');
    await signIn(nadia.agent, nadia.username, nadia.password, nadia.secret, app.clock);
    const alert = await alertOf(nadia);
    expect(alert.escalated).toContain(id);
    expect(alert.banner).toContain(`It is out of hours: follow the duty route. ${app.services.pack.serviceStandards.outOfHours.route}`);
    // Taken: nobody is told any more.
    await signIn(chris.agent, chris.username, chris.password, chris.secret, app.clock);
    expect((await claim(chris, id)).headers.location).toBe(`/staff/conversations/${encodeURIComponent(id)}`);
    expect((await alertOf(nadia)).escalated).toEqual([]);
  });
});
