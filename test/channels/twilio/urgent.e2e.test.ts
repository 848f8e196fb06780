// Urgent now, through the signed Twilio webhooks of the app as composed for production: a domestic-abuse
// victim whose checklist answers show high risk is in the staff queue as an urgent case before she finishes,
// every later answer updates that same case, and when she stops and the conversation expires, the expiry purge
// erases the conversation and never the case.
import { useTwilioServices } from '../../support/twilio-services';
import { createMongoCaseRepository } from '../../../src/cases/case.mongo';
import { type Services } from '../../../src/compose';
import { conversationKey } from '../../../src/crypto/keyed-hash';
import { createQueue } from '../../../src/staff/cases/queue';
import { openTestDatabase } from '../../support/database';
import { converseBySms, type AnswerRow } from '../../support/sms-reporter';

/** A woman reporting her partner by text: every checklist answer yes (she carries on after the support offered). */
export const HIGH_RISK_ABUSE: AnswerRow[] = [
  [/What is it about/, { pick: /Domestic abuse/ }],
  [/What has been happening/, { pick: /Physical harm/ }],
  [/Anything else\? Pick more/, { pick: /That's all/ }],
  [/How old are you/, { pick: /18 or over/ }],
  [/questions that help us understand how safe you are/, { pick: /Yes, now/ }],
  [/talk to someone from our team now, or carry on/, { pick: /Carry on/ }],
  [/Skip the rest/, { pick: /^Yes$/ }],
];

describe('urgent now: high risk reaches the staff queue before the person finishes', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let services: Services;
  let clock = new Date('2026-12-04T18:30:00Z'); // a Friday evening: the office is closed
  let hashSecret = '';

  useTwilioServices((app) => ({ db, services, hashSecret } = app), { now: () => clock });

  const queue = () => createQueue({ repository: createMongoCaseRepository(db.connection), timeZone: services.pack.calendar.timeZone, now: () => clock }).list('communitySafety', {});

  it('a high-risk conversation abandoned after the checklist is an urgent case in the queue, kept after the conversation expires', async () => {
    const from = '+447700900861';
    // She answers the checklist, then stops at the next question and never comes back.
    const received = await converseBySms(services.app, 'sms', from, { overrides: HIGH_RISK_ABUSE, until: /best describes your home|home of the person affected/ });
    expect(received.join('\n')).toMatch(/our team can see your report now, even before you finish/);

    const [row, ...others] = (await queue()).filter((r) => r.category.id === 'domesticAbuse');
    expect(others).toEqual([]);
    expect(row).toMatchObject({ priority: 'urgent', status: 'new', partial: true, flags: expect.objectContaining({ marac: true }), openAlerts: 1, due: 'today' });
    // Urgent cases run round the clock through the duty route: four hours from the Friday evening, not "by Tuesday".
    expect(row!.firstResponseDue!.getTime() - row!.createdAt.getTime()).toBeLessThanOrEqual(4 * 3600_000);
    const stored = await services.cases.getCase(row!.id);
    expect(stored?.alerts).toEqual([expect.objectContaining({ type: 'urgent_in_progress', detail: expect.stringMatching(/has not finished the report yet/) })]);
    expect(stored?.triage.reasons.map((r) => r.text).join(' ')).toMatch(/Out of hours: OVH out-of-hours emergency duty officer/);
    expect(stored?.risk.dash?.yesCount).toBe(24);

    // Three days later the conversation expires: the conversation goes, the case stays in the queue.
    clock = new Date(clock.getTime() + 73 * 3600_000);
    const purged = await services.runtime.purgeExpired();
    expect(purged.sessions).toBeGreaterThanOrEqual(1);
    expect(await db.connection.collection('sessions').countDocuments({ conversationKey: conversationKey(hashSecret, 'sms', from) })).toBe(0);
    expect((await queue()).map((r) => r.id)).toContain(row!.id);
  });

  it('later answers update the same case, and sending the report completes it: one conversation, one case', async () => {
    const from = '+447700900862';
    const key = conversationKey(hashSecret, 'sms', from);
    await converseBySms(services.app, 'sms', from, { overrides: HIGH_RISK_ABUSE, until: /best describes your home|home of the person affected/ });
    const early = await db.connection.collection<{ _id: string; reference: string; revision: number }>('cases').findOne({ conversationKey: key });
    expect(early).toMatchObject({ partial: true, priority: 'urgent' });

    // She comes back a minute later and finishes.
    const received = await converseBySms(services.app, 'sms', from, { overrides: [[/best describes your home|home of the person affected/, { pick: /social rent/ }], ...HIGH_RISK_ABUSE], first: '1', until: /reference is/ });
    expect(received.join('\n')).toContain(`reference is ${early!.reference}`);
    const cases = await db.connection.collection('cases').find({ conversationKey: key }).toArray();
    expect(cases).toHaveLength(1);
    expect(cases[0]).not.toHaveProperty('partial');
    expect(cases[0]).toMatchObject({ _id: early!._id, priority: 'urgent', tenure: 'socialRent' });
    expect(cases[0]!['revision']).toBeGreaterThan(early!.revision);
    const events = await db.connection.collection('case_events').find({ caseId: early!._id }).toArray();
    expect(events.map((e) => e['type'])).toEqual(['case.created', 'case.openedEarly', 'report.completed']);
  });
});
