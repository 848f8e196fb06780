// Small zod pieces the policy-pack schema files share.
import { z } from 'zod';

/** The policy section a value comes from ("OVH 3.2.4"), or, where the policy is silent, the default chosen and why. */
export const source = z.string().min(3);
export const id = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/, 'must start with a letter and use letters, digits, - or _');
export const i18nKey = z.string().regex(/^policy:[A-Za-z0-9_.-]+$/, 'must be an i18n key in the policy namespace, e.g. policy:team.communitySafety');
export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM');
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/** The four kinds of report every pack sorts its categories into. */
export const categoryKind = z.enum(['asb', 'hate_crime', 'harassment', 'domestic_abuse']);
