// How a corpus row is written: [the question being asked, what the person typed, the meaning it must get].
//
// Questions are the intake's state ids (`askingDanger`, `askingChildren`...); `*` means whatever the question
// (checked at a free-text, a yes/no and a pick-several question). Meanings:
//   danger            danger now: 999 and the Silent Solution first
//   self-harm         suicidal feelings or self-harm: the support line and the offer of a person
//   danger+self-harm  both
//   yes | no | dont_know    the plain answer
//   =<id>[+<id>...]   the offered choice(s) with these ids
//   yes+text          yes, with the words kept as the answer's detail ("my husband" to "do you know who?")
//   #<n>              the count n, where a number is asked for ("Dash 17/24" is #17)
//   text              taken as the person's words, with no safety signal
//   clarify           asked once more, never guessed ("ok" or "maybe" to "are you in danger?")
//   ?                 not understood: asked again
//   !exit !person !help !back !skip !language    a word that works everywhere
//   category:<id>[|<id>]    words at "what is it about?": one category to confirm, or the two likeliest
//   category:none     no category is clear: the list is offered
export type Row = [question: string, message: string, meaning: string];

/** What a first message clearly says (absent = must not be claimed). `text`: kept as the start of the description. */
export interface OpeningMeaning {
  text?: true;
  danger?: true;
  category?: string;
  when?: string;
  where?: string;
}
export type OpeningRow = [message: string, meaning: OpeningMeaning];
