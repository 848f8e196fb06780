// The whole understanding corpus, by theme. See types.ts for how a row is written.
import { CARRY_ON, CHECKLIST, FREE_TEXT, PICKS, WHO, WORDS_THAT_WORK_EVERYWHERE, YES_NO } from './answers';
import { CATEGORY, OPENING } from './categories';
import { REFERRAL } from './referral';
import { DANGER, NOT_DANGER, NOT_SELF_HARM, SELF_HARM } from './safety';
import type { Row } from './types';

export const ROWS: Record<string, Row[]> = {
  danger: DANGER,
  'not danger': NOT_DANGER,
  'self-harm': SELF_HARM,
  'not self-harm': NOT_SELF_HARM,
  'yes, no, don\'t know': YES_NO,
  who: WHO,
  'several picks': PICKS,
  'carrying on': CARRY_ON,
  'words that work everywhere': WORDS_THAT_WORK_EVERYWHERE,
  'free text': FREE_TEXT,
  category: CATEGORY,
  'risk checklist': CHECKLIST,
  "a professional's referral": REFERRAL,
};

export const ALL_ROWS: Row[] = Object.values(ROWS).flat();
export { OPENING };
export type { Row, OpeningRow, OpeningMeaning } from './types';
