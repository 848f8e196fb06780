// Details: when, where, what happened in their words (pieces joined), whether it is still going on, the person
// responsible, children (and the reporter's age, if a child is harmed) or vulnerable adults, police, evidence,
// and how it affects them.
import { and } from 'xstate';
import { intake } from './intake.setup';
import { answerQuestion, optionalText, question } from './intake.questions';
import { YES_NO, YES_NO_DONT_KNOW, type AnswerField } from './intake.context';
import { ageQuestion } from './age.states';

const finished = (key: string) => ({ id: 'done', key });

const recordAnswer = (field: AnswerField) => ({ type: 'recordAnswer' as const, params: { field } });

/** The whole story told at "when?" or "where?": kept as what happened, and the question asked again. */
const storyTold = { guard: 'tellsStory' as const, actions: ['appendDescription' as const, { type: 'say' as const, params: { key: 'intake:opening.kept' } }] };

/** When or where the first message already said: confirmed, not asked again as if unsaid. */
function confirmingHint(hint: 'when' | 'where', next: string, otherwise: string) {
  const id = hint === 'when' ? 'confirmingWhen' : 'confirmingWhere';
  return intake.createStateConfig({
    ...question(id, { choices: YES_NO, paramsFrom: { [hint]: `params.${hint}` } }),
    on: {
      'user.message': [
        { guard: { type: 'choiceIs', params: { id: 'yes' } }, target: next, actions: { type: 'acceptHint', params: { hint } } },
        { guard: { type: 'choiceIs', params: { id: 'no' } }, target: otherwise, actions: { type: 'forgetHint', params: { hint } } },
      ],
    },
  });
}

export const details = intake.createStateConfig({
  initial: 'checkingWhen',
  states: {
    checkingWhen: { always: [{ guard: { type: 'hasHint', params: { hint: 'when' } }, target: 'confirmingWhen' }, { target: 'askingWhen' }] },
    confirmingWhen: confirmingHint('when', 'checkingWhere', 'askingWhen'),
    askingWhen: {
      ...question('askingWhen', { freeText: true, exampleKey: 'intake:askingWhen.example' }),
      on: { 'user.message': [storyTold, { guard: 'hasText', target: 'checkingWhere', actions: { type: 'recordText', params: { field: 'incident.when' } } }] },
    },
    checkingWhere: { always: [{ guard: { type: 'hasHint', params: { hint: 'where' } }, target: 'confirmingWhere' }, { target: 'choosingWhere' }] },
    confirmingWhere: confirmingHint('where', 'checkingDescription', 'choosingWhere'),
    // "At my home" is the person harmed's answer: a witness or someone reporting for another names the place.
    choosingWhere: { always: [{ guard: 'reportsForSomeoneElse', target: 'askingWhere_other' }, { target: 'askingWhere' }] },
    askingWhere_other: {
      ...question('askingWhere_other', { key: 'intake:askingWhere.promptOther', freeText: true, exampleKey: 'intake:askingWhere.example' }),
      on: { 'user.message': [storyTold, { guard: 'hasText', target: 'checkingDescription', actions: 'recordWhere' }] },
    },
    askingWhere: {
      ...question('askingWhere', {
        choices: [{ id: 'home', key: 'intake:askingWhere.home' }],
        freeText: true,
        exampleKey: 'intake:askingWhere.example',
      }),
      on: { 'user.message': [{ guard: 'hasChoice', target: 'checkingDescription', actions: 'recordWhere' }, storyTold, { guard: 'hasText', target: 'checkingDescription', actions: 'recordWhere' }] },
    },
    checkingDescription: {
      always: [
        { guard: 'isCorrecting', target: 'correctingDescription' },
        { guard: 'hasDescription', target: 'addingToEarlier' },
        { target: 'askingDescription' },
      ],
    },
    // A correction may replace what happened, not only add to it.
    correctingDescription: {
      ...question('correctingDescription', {
        choices: [
          { id: 'keep', key: 'intake:correctingDescription.keep' },
          { id: 'add', key: 'intake:correctingDescription.add' },
          { id: 'replace', key: 'intake:correctingDescription.replace' },
        ],
      }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'keep' } }, target: 'askingOngoing' },
          { guard: { type: 'choiceIs', params: { id: 'add' } }, target: 'addingDescription' },
          { guard: { type: 'choiceIs', params: { id: 'replace' } }, target: 'askingDescription', actions: { type: 'clearField', params: { field: 'incident.description' } } },
        ],
      },
    },
    // Words already given (the first message, the category in their words, danger) are what happened so far.
    addingToEarlier: {
      ...question('addingToEarlier', { choices: [finished('intake:addingDescription.done')], freeText: true }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'done' } }, target: 'askingOngoing' },
          { guard: 'hasText', target: 'addingDescription', actions: 'appendDescription' },
        ],
        'user.skip': { target: 'askingOngoing' },
      },
    },
    askingDescription: {
      ...question('askingDescription', { freeText: true }),
      on: { 'user.message': { guard: 'hasText', target: 'addingDescription', actions: 'appendDescription' } },
    },
    addingDescription: {
      ...question('addingDescription', { choices: [finished('intake:addingDescription.done')], freeText: true }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'done' } }, target: 'askingOngoing' },
          { guard: 'hasText', actions: 'appendDescription' },
        ],
        'user.skip': { target: 'askingOngoing' },
      },
    },
    askingOngoing: answerQuestion('askingOngoing', 'incident.ongoing', 'askingViolence'),
    askingViolence: {
      ...question('askingViolence', { choices: YES_NO_DONT_KNOW }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'no' } }, target: 'checkingDamage', actions: recordAnswer('incident.violenceOrThreats') },
          { guard: 'hasChoice', target: 'askingDangerRemaining', actions: recordAnswer('incident.violenceOrThreats') },
        ],
      },
    },
    askingDangerRemaining: {
      ...question('askingDangerRemaining', { choices: YES_NO_DONT_KNOW }),
      on: {
        'user.message': [
          // Someone still in danger gets the 999 reminder at once.
          { guard: { type: 'choiceIs', params: { id: 'yes' } }, target: 'checkingDamage', actions: [recordAnswer('incident.dangerRemaining'), 'sayDangerGuidance'] },
          { guard: 'hasChoice', target: 'checkingDamage', actions: recordAnswer('incident.dangerRemaining') },
        ],
      },
    },
    // Targeted damage matters for ASB, hate and harassment triage; domestic abuse has its own questions.
    checkingDamage: {
      always: [
        { guard: 'isDomesticAbuse', target: 'askingPerpetratorKnown' },
        { guard: 'reportsForSomeoneElse', target: 'askingPropertyDamage_other' },
        { target: 'askingPropertyDamage' },
      ],
    },
    askingPropertyDamage: answerQuestion('askingPropertyDamage', 'incident.targetedPropertyDamage', 'askingPerpetratorKnown'),
    // Not "your home" to a witness or someone reporting for another: the home of the person affected.
    askingPropertyDamage_other: {
      ...question('askingPropertyDamage_other', { key: 'intake:askingPropertyDamage.promptOther', choices: YES_NO_DONT_KNOW }),
      on: { 'user.message': { guard: 'hasChoice', target: 'askingPerpetratorKnown', actions: recordAnswer('incident.targetedPropertyDamage') } },
    },
    askingPerpetratorKnown: {
      ...question('askingPerpetratorKnown', { choices: YES_NO_DONT_KNOW, expects: 'someone' }),
      on: {
        'user.message': [
          {
            // "My husband", "yes, the man at number 12": who they are is already said.
            guard: and([{ type: 'choiceIs', params: { id: 'yes' } }, 'hasDetail']),
            target: 'checkingTenancy',
            actions: [recordAnswer('perpetrator.known'), { type: 'recordDetail', params: { field: 'perpetrator.description' } }],
          },
          { guard: 'hasChoice', target: 'askingPerpetratorDescription', actions: recordAnswer('perpetrator.known') },
        ],
      },
    },
    askingPerpetratorDescription: optionalText('askingPerpetratorDescription', 'perpetrator.description', 'checkingTenancy'),
    checkingTenancy: { always: [{ guard: 'perpetratorTenancyAnswered', target: 'askingChildren' }, { target: 'askingPerpetratorTenant' }] },
    askingPerpetratorTenant: answerQuestion('askingPerpetratorTenant', 'perpetrator.isOurTenant', 'askingChildren'),
    askingChildren: answerQuestion('askingChildren', 'vulnerability.childrenInvolved', 'checkingChildAge', 'child'),
    // A child harmed where there is violence: the person telling us may be that child.
    checkingChildAge: { always: [{ guard: 'asksAgeForChild', target: 'askingAge_child' }, { target: 'askingVulnerableAdult' }] },
    askingAge_child: ageQuestion('askingAge_child', 'askingVulnerableAdult'),
    askingVulnerableAdult: answerQuestion('askingVulnerableAdult', 'vulnerability.vulnerableAdultInvolved', 'askingPolice', 'adultAtRisk'),
    askingPolice: {
      ...question('askingPolice', { choices: YES_NO_DONT_KNOW }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'yes' } }, target: 'askingCrimeReference', actions: { type: 'recordAnswer', params: { field: 'police.involved' } } },
          { guard: 'hasChoice', target: 'askingEvidence', actions: { type: 'recordAnswer', params: { field: 'police.involved' } } },
        ],
      },
    },
    askingCrimeReference: optionalText('askingCrimeReference', 'police.crimeReference', 'askingEvidence'),
    askingEvidence: {
      ...question('askingEvidence', { choices: [{ id: 'none', key: 'intake:askingEvidence.none' }], freeText: true, optional: true }),
      entry: [{ type: 'rememberQuestion', params: { id: 'askingEvidence' } }, 'syncUrgent', 'offerEvidenceApp'],
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'none' } }, target: 'checkingImpact' },
          { guard: 'hasMedia', target: 'addingEvidence', actions: 'recordMedia' },
          { guard: 'hasText', target: 'addingEvidence', actions: 'recordMedia' },
        ],
        'user.skip': { target: 'checkingImpact' },
      },
    },
    addingEvidence: {
      ...question('addingEvidence', { choices: [finished('intake:addingEvidence.done')], freeText: true, optional: true }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'done' } }, target: 'checkingImpact' },
          { guard: 'hasMedia', actions: 'recordMedia' },
          { guard: 'hasText', actions: 'recordMedia' },
        ],
        'user.skip': { target: 'checkingImpact' },
      },
    },
    // "How is this affecting you or your family?" is for the people it happens to, not a referring professional (OVH 2.6).
    checkingImpact: { always: [{ guard: 'isProfessional', target: 'done' }, { target: 'askingImpact' }] },
    askingImpact: optionalText('askingImpact', 'vulnerability.impact', 'done'),
    done: { type: 'final' },
  },
});
