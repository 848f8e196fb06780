// The small pattern language the word lists are written in, so that a new language is a new file of
// words and patterns, not new code:
//
//   word  word?        a word; with ? it may be left out
//   (a|b c)  (a|b)?    one of these words or phrases; with ? the whole group may be left out
//   {class} {class}?   any entry of a named list (safety.classes), or a built-in: {#} a number,
//                      {#ord} a day number ("14", "14th"), {#time} a clock time ("11pm", "11 30 pm")
//   ~  ~4              up to two (or four) other words, never a negation or a past form ("not", "was")
//   ^  $               the start or the end of the message
//
// A pattern is matched against the words of one clause at a time (see `segments`).

export interface Compiled {
  source: string;
  regex: RegExp;
  anchoredStart: boolean;
  anchoredEnd: boolean;
}

export interface PatternContext {
  classes: ReadonlyMap<string, readonly string[]>;
  /** Words a wildcard never stands for. */
  blocked: ReadonlySet<string>;
  /** Turns a literal written in the list into the form messages are read in ("hes" → "he is"). */
  phrase: (text: string) => string;
}

const BUILT_IN: Record<string, string> = {
  '#': '\\d+',
  '#ord': '\\d{1,2}(?:st|nd|rd|th)?',
  '#time': '(?:\\d{1,2}(?: \\d{2})? ?(?:am|pm)|\\d{1,2}(?:am|pm)|\\d{1,2} \\d{2}|\\d{3,4}(?:am|pm)|noon|midnight|\\d{1,2} o clock)',
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Splits a pattern into its tokens, keeping groups "(a|b c)" and classes "{x}" whole. */
function tokens(pattern: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  for (const ch of pattern.trim()) {
    if (ch === '(' || ch === '{') depth += 1;
    if (ch === ')' || ch === '}') depth -= 1;
    if (ch === ' ' && depth === 0) {
      if (current) out.push(current);
      current = '';
    } else current += ch;
  }
  if (current) out.push(current);
  return out;
}

/** Each alternative consumes its own leading space, so an entry may itself be a small pattern ("{det}? {person}"). */
function alternatives(entries: readonly string[], ctx: PatternContext, depth: number): string {
  if (depth > 4) throw new Error('word lists refer to each other too deeply');
  const forms = new Set<string>();
  for (const entry of entries) {
    if (/[{(~]/.test(entry)) forms.add(tokens(entry).map((t) => piece(t, ctx, depth + 1)).join(''));
    else {
      const phrase = ctx.phrase(entry);
      if (phrase.length > 0) forms.add(` ${phrase.split(' ').map(escape).join(' ')}`);
    }
  }
  return [...forms].sort((a, b) => b.length - a.length).join('|');
}

function piece(token: string, ctx: PatternContext, depth = 0): string {
  const optional = token.endsWith('?') && token.length > 1;
  const body = optional ? token.slice(0, -1) : token;
  let inner: string;
  if (/^~\d*$/.test(body)) {
    const n = body === '~' ? 2 : Number(body.slice(1));
    const blocked = [...ctx.blocked].map(escape).join('|');
    return `(?: (?!(?:${blocked}) )[^ ]+){0,${n}}`;
  } else if (body.startsWith('{') && body.endsWith('}')) {
    const name = body.slice(1, -1);
    const builtIn = BUILT_IN[name];
    if (builtIn !== undefined) inner = ` (?:${builtIn})`;
    else {
      const entries = ctx.classes.get(name);
      if (entries === undefined) throw new Error(`unknown word list {${name}} in pattern`);
      inner = alternatives(entries, ctx, depth);
    }
  } else if (body.startsWith('(') && body.endsWith(')')) {
    inner = alternatives(body.slice(1, -1).split('|'), ctx, depth);
  } else {
    inner = alternatives([body], ctx, depth);
  }
  return optional ? `(?:${inner})?` : `(?:${inner})`;
}

export function compilePattern(source: string, ctx: PatternContext): Compiled {
  const parts = tokens(source);
  const anchoredStart = parts[0] === '^' || parts[0]?.startsWith('^') === true;
  if (parts[0] === '^') parts.shift();
  else if (anchoredStart && parts[0] !== undefined) parts[0] = parts[0].slice(1);
  const last = parts[parts.length - 1];
  const anchoredEnd = last === '$' || (last !== undefined && last.endsWith('$') && !last.endsWith('\\$'));
  if (last === '$') parts.pop();
  else if (anchoredEnd && last !== undefined) parts[parts.length - 1] = last.slice(0, -1);
  if (parts.length === 0) throw new Error(`empty pattern "${source}"`);
  const body = parts.map((p) => piece(p, ctx)).join('');
  return { source, regex: new RegExp(`${body}(?= )`, 'y'), anchoredStart, anchoredEnd };
}

export interface Match {
  /** Index of the first and one past the last word matched, within the words given. */
  start: number;
  end: number;
}

/** Every place the pattern matches in these words (one match per starting word, the longest). */
export function matchAll(pattern: Compiled, words: readonly string[]): Match[] {
  const text = ` ${words.join(' ')} `;
  const starts: number[] = [];
  let offset = 0;
  for (const word of words) {
    starts.push(offset);
    offset += word.length + 1;
  }
  const matches: Match[] = [];
  for (let i = 0; i < words.length; i += 1) {
    if (pattern.anchoredStart && i > 0) break;
    pattern.regex.lastIndex = starts[i]!;
    const found = pattern.regex.exec(text);
    if (!found) continue;
    const endOffset = starts[i]! + found[0].length;
    if (pattern.anchoredEnd && endOffset !== text.length - 1) continue;
    const matched = found[0].trim();
    const count = matched === '' ? 0 : matched.split(' ').length;
    matches.push({ start: i, end: i + count });
  }
  return matches;
}
