// Report drafts for tests: a plain in-scope ASB report, changed by a deep-ish override.
import { reportDraftSchema, type ReportDraft, type ReportDraftInput } from '../../../dialogs/shared/report';
import { DASH_QUESTION_IDS } from '../../../dialogs/shared/risk-instruments';

export type DraftOverrides = { [K in keyof ReportDraftInput]?: ReportDraftInput[K] extends object ? Partial<ReportDraftInput[K]> : ReportDraftInput[K] };

export function draftInput(overrides: DraftOverrides = {}, landlordId = 'one-vision-housing'): ReportDraftInput {
  const base: ReportDraftInput = {
    landlordId,
    channel: 'sms',
    sessionId: `s-${Math.random().toString(36).slice(2)}`,
    safety: { immediateDangerAtStart: false, safeToTalk: true },
    reporter: { role: 'victim' },
    incident: { categoryId: 'asb', subcategoryId: landlordId === 'one-vision-housing' ? 'nuisance' : 'litter', description: 'Bins set on fire outside my door.' },
    anonymity: 'named',
    // They chose texts, on the number they are writing from: there is a way to reach them.
    safeContact: { channels: ['sms'] },
    tenure: landlordId === 'one-vision-housing' ? 'socialRent' : 'socialTenant',
  };
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    // A different incident replaces the plain one (keeping only its description).
    const current = key === 'incident' ? { description: base.incident.description } : merged[key];
    merged[key] = value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' ? { ...current, ...value } : value;
  }
  return merged as ReportDraftInput;
}

export function draft(overrides: DraftOverrides = {}, landlordId?: string): ReportDraft {
  return reportDraftSchema.parse(draftInput(overrides, landlordId));
}

export function dashAnswers(yes: number): Record<string, 'yes' | 'no'> {
  return Object.fromEntries(DASH_QUESTION_IDS.map((id, i) => [id, i < yes ? 'yes' : 'no']));
}
