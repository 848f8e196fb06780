// The report a conversation has gathered so far, as a ReportDraft: what is sent when the person sends it, what
// goes with a hand-off, and what an urgent case opened early holds. Answers from a path the person has since
// left (a corrected role or category) are never part of it.
import type { ReportDraft } from '../shared/report';
import { isDiscreet, kindOf, type DashAnswer, type Fields, type IntakeContext } from './intake.context';

const kindNow = (context: IntakeContext) => kindOf(context.policy, context.fields['incident.categoryId']);

/**
 * A professional referring domestic abuse (an IDVA, a support worker, the police, a MARAC coordinator) is asked
 * what they already know, in their own terms: their Dash score, the level they assessed, their judgement, police
 * call-outs and an earlier MARAC (OVH 2.6; SafeLives MARAC criteria). They are not offered the checklist, which is
 * worded to the person harmed: staff complete it with that person if the referrer has not.
 */
export function referralApplies(context: Pick<IntakeContext, 'fields' | 'policy'>): boolean {
  return context.fields['reporter.role'] === 'professional' && kindOf(context.policy, context.fields['incident.categoryId']) === 'domestic_abuse';
}

/** "Because of who you are?" belongs to every category but hate crime (always hate) and domestic abuse (its own forms). */
export function perceivedHateAsked(context: IntakeContext): boolean {
  const kind = kindNow(context);
  return kind !== undefined && kind !== 'hate_crime' && kind !== 'domestic_abuse';
}

/** Hate grounds count for a hate crime, or where they said it happened because of who they are. */
function keepsHateGrounds(context: IntakeContext): boolean {
  return kindNow(context) === 'hate_crime' || (perceivedHateAsked(context) && context.fields['incident.perceivedHate'] === 'yes');
}

function contactFrom(fields: Partial<Fields>): NonNullable<ReportDraft['safeContact']> {
  const address = fields['contact.address'];
  const isEmail = address !== undefined && address.includes('@');
  return {
    channels: fields['contact.channels'] ?? [],
    ...(address !== undefined && isEmail ? { email: address } : {}),
    ...(address !== undefined && !isEmail ? { phone: address } : {}),
    ...(fields['contact.safeTimes'] !== undefined ? { safeTimes: fields['contact.safeTimes'] } : {}),
    voicemailOk: fields['contact.voicemailOk'] ?? false,
    // "Don't know" is treated as yes: nothing we send may assume a private phone.
    othersReadMessages: [fields['contact.othersReadMessages'], fields['safety.othersMayReadMessages']].some((a) => a === 'yes' || a === 'dont_know'),
    ...(fields['contact.codeWord'] !== undefined ? { codeWord: fields['contact.codeWord'] } : {}),
  };
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A professional's own assessment, as they gave it (OVH 2.6): only for their referral of domestic abuse. */
function referralRisk(context: IntakeContext): Pick<ReportDraft['risk'], 'professionalAssessment' | 'policeCallOuts' | 'previousMarac'> {
  if (!referralApplies(context)) return {};
  const f = context.fields;
  const assessment = defined({ dashYesCount: f['risk.referralDashYesCount'], level: f['risk.referralLevel'], highRiskByJudgement: f['risk.referralJudgement'] });
  return defined({
    professionalAssessment: Object.keys(assessment).length > 0 ? assessment : undefined,
    policeCallOuts: f['risk.policeCallOuts'],
    previousMarac: f['risk.previousMarac'],
  });
}

/** Everything gathered so far as a report draft (also the summary sent with a handoff). */
export function buildReport(context: IntakeContext): ReportDraft {
  const f = context.fields;
  const role = f['reporter.role'] ?? 'victim';
  const forSomeoneElse = role === 'third_party' || role === 'professional';
  const anonymity = f.anonymity ?? 'confidential';
  const contact = anonymity === 'anonymous' ? undefined : contactFrom(f);
  const reporterName = anonymity === 'anonymous' ? undefined : f['reporter.name'];
  const dashAnswered = Object.keys(context.dash).length > 0;
  const answersOf = (record: Partial<Record<string, DashAnswer>>) =>
    Object.fromEntries(Object.entries(record).filter((e): e is [string, DashAnswer] => e[1] !== undefined));
  return {
    landlordId: context.policy.landlordId,
    channel: context.channel,
    locale: 'en',
    sessionId: context.sessionId,
    safety: defined({
      immediateDangerAtStart: f['safety.immediateDangerAtStart'] ?? false,
      selfHarmDisclosed: f['safety.selfHarmDisclosed'],
      safeToTalk: f['safety.safeToTalk'] ?? true,
      othersMayReadMessages: f['safety.othersMayReadMessages'],
      discreet: isDiscreet(context) ? true : undefined,
    }),
    reporter: defined({
      role,
      // Answers from a role the person has since corrected are left out.
      relationship: role === 'third_party' ? f['reporter.relationship'] : undefined,
      organisation: role === 'professional' ? f['reporter.organisation'] : undefined,
      professionalRole: role === 'professional' ? f['reporter.professionalRole'] : undefined,
      maracReferral: role === 'professional' ? f['reporter.maracReferral'] : undefined,
      ageBand: f['reporter.ageBand'],
      person: reporterName !== undefined ? { name: reporterName } : undefined,
      contact: forSomeoneElse ? contact : undefined,
    }),
    victim: forSomeoneElse
      ? defined({
          knowsAboutReport: f['victim.knowsAboutReport'],
          consentGiven: f['victim.consentGiven'],
          person: f['victim.name'] !== undefined ? { name: f['victim.name'] } : undefined,
          contact:
            f['victim.safeContact'] !== undefined
              ? { channels: [], safeTimes: f['victim.safeContact'], voicemailOk: false, othersReadMessages: false }
              : undefined,
        })
      : undefined,
    incident: defined({
      categoryId: f['incident.categoryId'] ?? 'unknown',
      subcategoryId: f['incident.subcategoryId'],
      // Only for the category they belong to (a corrected category leaves no stale answers).
      // Hate grounds: for a hate crime, or in any other category but domestic abuse when they said it happened
      // because of who they are (OVH 1.5.4.1, 1.8; SLH Context).
      hateMotivations: keepsHateGrounds(context) ? (f['incident.hateMotivations'] ?? []) : [],
      perceivedHate: perceivedHateAsked(context) ? f['incident.perceivedHate'] : undefined,
      domesticAbuseForms: kindOf(context.policy, f['incident.categoryId']) === 'domestic_abuse' ? (f['incident.domesticAbuseForms'] ?? []) : [],
      description: f['incident.description'] ?? '',
      when:
        f['incident.when'] !== undefined
          ? { text: f['incident.when'], recurring: /\b(every|each|always|daily|nightly|weekly|again|keeps?|since|bob|pob|beunydd|eto|codziennie|ciągle|zawsze|znowu|mereu|zilnic|fiecare|iar)\b/i.test(f['incident.when']) }
          : undefined,
      where: f['incident.where'] !== undefined ? defined({ text: f['incident.where'], atReporterHome: f['incident.whereAtHome'] }) : undefined,
      ongoing: f['incident.ongoing'],
      violenceOrThreats: f['incident.violenceOrThreats'],
      dangerRemaining: f['incident.dangerRemaining'],
      targetedPropertyDamage: f['incident.targetedPropertyDamage'],
    }),
    perpetrator: defined({ known: f['perpetrator.known'], description: f['perpetrator.description'], isOurTenant: f['perpetrator.isOurTenant'] }),
    vulnerability: defined({
      childrenInvolved: f['vulnerability.childrenInvolved'],
      vulnerableAdultInvolved: f['vulnerability.vulnerableAdultInvolved'],
      impact: f['vulnerability.impact'],
      harm: Object.keys(context.harm).length > 0 ? answersOf(context.harm) : undefined,
    }),
    police: defined({ involved: f['police.involved'], crimeReference: f['police.crimeReference'] }),
    evidence: defined({ description: f['evidence.description'], mediaIds: f['evidence.mediaIds'] ?? [] }),
    tenure: f.tenure,
    anonymity,
    safeContact: forSomeoneElse ? undefined : contact,
    risk: defined({
      dash: dashAnswered
        ? { answers: answersOf(context.dash), completed: context.dashCompleted }
        : undefined,
      dashDeferred: f['risk.dashDeferred'],
      ...referralRisk(context),
      saferPlace: f['risk.saferPlace'],
    }),
    ...(f.finishedEarly !== undefined ? { finishedEarly: f.finishedEarly } : {}),
  };
}
