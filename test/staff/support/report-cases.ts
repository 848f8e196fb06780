// Cases across three quarters for the report page's tests, made through the case service with the app's clock
// moved back to when each was reported. Today (the real date) is in December 2026, so the last whole quarter of
// an April reporting year is July to September 2026.
import { draftInput } from '../../cases/support/drafts';
import type { StaffApp } from './staff-app';

const REPORTS: { at: string; categoryId: string; subcategoryId?: string; hateMotivations?: string[]; description: string }[] = [
  { at: '2025-07-14T10:00:00Z', categoryId: 'asb', subcategoryId: 'noise', description: 'Parties every weekend next door' },
  { at: '2025-08-02T10:00:00Z', categoryId: 'asb', subcategoryId: 'pets', description: 'Dog fouling on the stairs' },
  { at: '2026-05-12T10:00:00Z', categoryId: 'asb', subcategoryId: 'drugs', description: 'People dealing by the garages' },
  { at: '2026-07-07T10:00:00Z', categoryId: 'asb', subcategoryId: 'noise', description: 'Shouting through the wall at night' },
  { at: '2026-08-19T10:00:00Z', categoryId: 'hateCrime', hateMotivations: ['race'], description: 'Someone wrote racist words on my car' },
  { at: '2026-09-23T10:00:00Z', categoryId: 'harassment', description: 'A neighbour keeps filming me' },
];

export async function reportCasesAcrossQuarters(app: StaffApp): Promise<void> {
  for (const r of REPORTS) {
    app.clock.offsetMs = new Date(r.at).getTime() - Date.now();
    await app.services.cases.submitReport(draftInput({ incident: { categoryId: r.categoryId, ...(r.subcategoryId ? { subcategoryId: r.subcategoryId } : {}), hateMotivations: r.hateMotivations ?? [], description: r.description } }));
  }
  app.clock.offsetMs = 0;
}
