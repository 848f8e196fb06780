// The intake's real questions as the interpretation step sees them: choices with their labels rendered in
// English, and the state's flags (free text, several picks, what it expects). One per state, from the states
// xstate/graph reaches with a real policy pack, named by the state ("askingDanger", "askingDash_injury").
import type { ChannelKind, DialogPolicy } from '../../../dialogs/shared/contract';
import type { QuestionView } from '../../../src/conversation/interpret/answers';
import { currentPromptMeta, resolvePrompt } from '../../../src/conversation/prompts';
import { shippedTranslations } from '../../../src/conversation/i18n';
import { questionView } from '../../../src/conversation/understanding';
import { pathOf, reachableOn, type IntakeSnapshot } from '../../dialogs/support/intake-harness';

/** One snapshot per state the intake waits in on this channel (SMS has the most questions). */
export function intakeStates(policy: DialogPolicy, channel: ChannelKind = 'sms'): Map<string, IntakeSnapshot> {
  const out = new Map<string, IntakeSnapshot>();
  for (const [key, snapshot] of reachableOn(channel, policy)) {
    if (snapshot.status !== 'active' || !currentPromptMeta(snapshot)) continue;
    // The matrix's questions, asked by one state, each by its own name ("askingHarm_livesAlone").
    const harm = key.split(':')[1];
    if (pathOf(snapshot).endsWith('askingHarm') && harm === undefined) continue;
    out.set(harm === undefined ? pathOf(snapshot).split('.').at(-1)! : `askingHarm_${harm}`, snapshot);
  }
  return out;
}

export function intakeQuestions(policy: DialogPolicy, channel: ChannelKind = 'sms'): Map<string, QuestionView> {
  const t = shippedTranslations().tFor('en');
  const out = new Map<string, QuestionView>();
  for (const [id, snapshot] of intakeStates(policy, channel)) {
    const meta = currentPromptMeta(snapshot)!;
    out.set(id, questionView(resolvePrompt(meta, snapshot.context), meta, [t]));
  }
  return out;
}
