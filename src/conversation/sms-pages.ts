// A question whose options do not fit the SMS budget (sms-text.ts) goes a page at a time: each page is the
// question with some of its options, each under its own number, and "0. More"; "0" shows the next page, and
// after the last the first again. Numbers never change meaning: "13" picks the thirteenth option whichever page
// is showing, and "2 and 13" picks both at a pick-several question, as the interpretation step numbers them.
// "That's all" and "Don't know" are on every page. Only SMS is paged: web chat shows buttons and WhatsApp takes
// the whole list in one message. It is for scripts with no plain letters to fall back on (Urdu, Arabic,
// Gurmukhi, Bengali: 13 options come to 5 UCS-2 segments); a Latin-script list fits in plain letters.
import { SMS_PROMPT_SEGMENTS, segmentCount, smsPromptText } from './sms-text';
import type { OutboundPrompt } from './types';

/** Answers that end a list rather than being one of its items: on every page. */
const ON_EVERY_PAGE = new Set(['done', 'dont_know']);

/** The number that asks for the next page. */
export const MORE_NUMBER = 0;

/** The labels of the page-turning line: `more` on every page but the last, `first` on the last. */
export interface PageWords {
  more: string;
  first: string;
}

/** Which page of which question an SMS conversation was last shown (kept with the session). */
export interface ShownPage {
  key: string;
  page: number;
}

type Label = NonNullable<OutboundPrompt['choiceLabels']>[number];

const fits = (prompt: OutboundPrompt): boolean => segmentCount(smsPromptText(prompt)) <= SMS_PROMPT_SEGMENTS;

/** The prompt as SMS pages: itself alone when it fits, else pages that each fit, every option on one of them. */
export function smsPages(prompt: OutboundPrompt, words: PageWords): OutboundPrompt[] {
  const labels = prompt.choiceLabels ?? [];
  if (labels.length === 0 || fits(prompt)) return [prompt];
  const numbered: Label[] = labels.map((choice, i) => ({ ...choice, number: i + 1 }));
  const always = numbered.filter((c) => ON_EVERY_PAGE.has(c.id));
  const items = numbered.filter((c) => !ON_EVERY_PAGE.has(c.id));
  const page = (options: Label[], turn: string): OutboundPrompt => ({
    ...prompt,
    choiceLabels: [...[...options, ...always].sort((a, b) => a.number! - b.number!), { id: 'more', label: turn, number: MORE_NUMBER }],
  });
  // Filled with the longer of the two page-turning labels, so that the last page fits with either.
  const turn = words.first.length > words.more.length ? words.first : words.more;
  const pages: Label[][] = [];
  let current: Label[] = [];
  for (const item of items) {
    if (current.length > 0 && !fits(page([...current, item], turn))) {
      pages.push(current);
      current = [];
    }
    current.push(item);
  }
  pages.push(current);
  // As many options on each page as can be, so that no page is left with one ("13. Something else") alone.
  const even = evenly(items, pages.length);
  const chosen = even.every((options) => fits(page(options, turn))) ? even : pages;
  return chosen.map((options, i) => page(options, i === chosen.length - 1 ? words.first : words.more));
}

/** `items` in `count` runs, in order, as near the same length as can be (the longer ones first). */
function evenly<T>(items: readonly T[], count: number): T[][] {
  const runs: T[][] = [];
  let from = 0;
  for (let i = 0; i < count; i += 1) {
    const size = Math.ceil((items.length - from) / (count - i));
    runs.push(items.slice(from, from + size));
    from += size;
  }
  return runs;
}

/**
 * The turn's prompts with the last one that has options paged (the question; what comes before it has none),
 * at the page after `previous` when the person asked for more of that same question, else at its first page;
 * and which page that is, when there are several.
 */
export function pageTurn(prompts: OutboundPrompt[], words: PageWords, previous?: ShownPage): { prompts: OutboundPrompt[]; shown?: ShownPage } {
  const at = prompts.findLastIndex((p) => (p.choiceLabels?.length ?? 0) > 0);
  const question = prompts[at];
  if (!question) return { prompts };
  const pages = smsPages(question, words);
  if (pages.length === 1) return { prompts };
  const index = previous?.key === question.key ? (previous.page + 1) % pages.length : 0;
  return { prompts: prompts.map((p, i) => (i === at ? pages[index]! : p)), shown: { key: question.key, page: index } };
}

/** "0" (in any of the scripts' digits) or the word for more on its own asks for the next page. */
export function asksForMore(text: string, words: readonly string[]): boolean {
  const said = text.trim().replace(/[.!?\u061f\u06d4\u0964]+$/u, '').trim().toLowerCase();
  return /^[0\u0660\u06f0\u0966\u09e6\u0a66]$/.test(said) || words.some((w) => w.trim().toLowerCase() === said && said !== '');
}
