// "What is it about?" answered in the person's own words (One Vision Housing's categories), and the
// first message of a conversation: kept, and what it clearly says about danger, the kind of problem,
// when and where is used rather than asked again as if unsaid.
import type { OpeningRow, Row } from './types';

export const CATEGORY: Row[] = [
  // From the issue.
  ['askingCategory', 'racist abuse', 'category:hateCrime'],
  ['askingCategory', 'someone is harassing me on facebook', 'category:harassment'],
  ['askingCategory', 'my ex neighbour keeps messaging me', 'category:harassment'],
  // Weighing words: a hate word beats an ASB or abuse word; the harm online beats "online" as ASB.
  ['askingCategory', 'a man shouted racist abuse at the lady next door', 'category:hateCrime'],
  ['askingCategory', 'they call me names because im muslim', 'category:hateCrime'],
  ['askingCategory', 'my neighbour keeps making racial comments', 'category:hateCrime'],
  ["askingCategory", "they target me cos i'm gay", 'category:hateCrime'],
  ['askingCategory', 'they call us names because we are polish', 'category:hateCrime'],
  ['askingCategory', 'kids shout abuse at me because of my wheelchair', 'category:hateCrime'],
  ['askingCategory', 'racist graffiti on my door', 'category:hateCrime'],
  // A slur named by its initial, or typed: racist abuse, not noise because it was shouted.
  ['askingCategory', 'the lads upstairs keep shouting the p word at me and my kids when we go past', 'category:hateCrime'],
  ['askingCategory', 'he called my son the n word', 'category:hateCrime'],
  ['askingCategory', 'they keep calling me a paki in the stairwell', 'category:hateCrime'],
  ['askingCategory', 'someone keeps sending me nasty messages', 'category:harassment'],
  ['askingCategory', 'my ex neighbour keeps following me', 'category:harassment'],
  ['askingCategory', 'someone keeps following me home', 'category:harassment'],
  ['askingCategory', 'bullying', 'category:harassment'],
  ['askingCategory', 'being harassed online by someone from the estate', 'category:harassment'],
  ['askingCategory', 'someone is harassing me online because of my religion', 'category:hateCrime|harassment'],
  ['askingCategory', 'my partner hits me', 'category:domesticAbuse'],
  ['askingCategory', 'my husband controls all my money', 'category:domesticAbuse'],
  ['askingCategory', 'my ex keeps turning up at my work', 'category:domesticAbuse'],
  ['askingCategory', 'my boyfriend hits me when hes drunk', 'category:domesticAbuse'],
  ['askingCategory', 'my neighbour plays loud music every night', 'category:asb'],
  ['askingCategory', 'loud music', 'category:asb'],
  ['askingCategory', 'people dealing drugs from the flat below', 'category:asb'],
  ['askingCategory', 'the dog next door barks all night', 'category:asb'],
  ['askingCategory', 'youths hanging around the stairs smoking weed', 'category:asb'],
  ['askingCategory', 'it is about my neighbour', 'category:asb'],
  ['askingCategory', 'something bad happened on the stairs', 'category:none'],
  // Picked by number or label.
  ['askingCategory', '2', '=hateCrime'],
  ['askingCategory', 'hate crime', '=hateCrime'],
  ['askingCategory', 'domestic abuse', '=domesticAbuse'],
  ['askingCategory', 'anti social behaviour', '=asb'],
];

/** The first message of a conversation, with what it clearly says (and nothing it does not). */
export const OPENING: OpeningRow[] = [
  ['hi', {}],
  ['Hello', {}],
  ['hiya can i report something', {}],
  ['i want to make a complaint', {}],
  [
    'Hi my name is Sarah Jones I live at 14 Oak Road flat 2, my neighbour threatened to stab me yesterday, please call me on 07700 900123 after 3pm',
    // A neighbour's threats are anti-social behaviour in both packs (threats or violence); "after 3pm" is when to call.
    { text: true, category: 'asb', when: 'yesterday' },
  ],
  ['my neighbour plays loud music every night', { text: true, category: 'asb', when: 'every night' }],
  ['someone is harassing me on facebook', { text: true, category: 'harassment' }],
  ['racist abuse from the people at number 9 last night', { text: true, category: 'hateCrime', when: 'last night' }],
  ['the lads upstairs keep shouting the p word at me and my kids when we go past', { text: true, category: 'hateCrime' }],
  ['my partner hits me', { text: true, category: 'domesticAbuse' }],
  ["hes here and hes going to kill me", { text: true, danger: true }],
  ['help me please he is outside with a knife', { text: true, danger: true }],
  ['there were kids smashing bottles outside my flat at about 11pm', { text: true, when: 'about 11pm', where: 'outside my flat' }],
  ['drug dealing in the car park behind block c every evening', { text: true, category: 'asb', when: 'every evening', where: 'in the car park behind block c' }],
  ['I want to report my neighbour for anti social behaviour', { text: true, category: 'asb' }],
];
