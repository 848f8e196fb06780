// Who is reporting. For someone else's report, whether the person knows and agreed, and their details,
// are kept apart from the referrer's own.
import { intake } from './intake.setup';
import { optionalText, question } from './intake.questions';
import { YES_NO, YES_NO_DONT_KNOW } from './intake.context';

const ROLES = [
  { id: 'victim', key: 'intake:askingRole.victim' },
  { id: 'witness', key: 'intake:askingRole.witness' },
  { id: 'third_party', key: 'intake:askingRole.thirdParty' },
  { id: 'professional', key: 'intake:askingRole.professional' },
];
const RELATIONSHIPS = ['family', 'friend', 'neighbour', 'other'].map((id) => ({ id, key: `intake:askingRelationship.${id}` }));

export const who = intake.createStateConfig({
  initial: 'askingRole',
  states: {
    askingRole: {
      ...question('askingRole', { choices: ROLES }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'third_party' } }, target: 'askingRelationship', actions: { type: 'recordChoice', params: { field: 'reporter.role' } } },
          { guard: { type: 'choiceIs', params: { id: 'professional' } }, target: 'askingOrganisation', actions: { type: 'recordChoice', params: { field: 'reporter.role' } } },
          { guard: 'hasChoice', target: 'done', actions: { type: 'recordChoice', params: { field: 'reporter.role' } } },
        ],
      },
    },
    askingRelationship: {
      ...question('askingRelationship', { choices: RELATIONSHIPS }),
      on: { 'user.message': { guard: 'hasChoice', target: 'askingVictimKnows', actions: { type: 'recordChoice', params: { field: 'reporter.relationship' } } } },
    },
    askingOrganisation: {
      ...question('askingOrganisation', { freeText: true, exampleKey: 'intake:askingOrganisation.example' }),
      on: { 'user.message': { guard: 'hasText', target: 'askingProfessionalRole', actions: { type: 'recordText', params: { field: 'reporter.organisation' } } } },
    },
    askingProfessionalRole: optionalText('askingProfessionalRole', 'reporter.professionalRole', 'askingMarac'),
    askingMarac: {
      ...question('askingMarac', { choices: YES_NO }),
      on: { 'user.message': { guard: 'hasChoice', target: 'askingVictimKnows', actions: { type: 'recordYesNo', params: { field: 'reporter.maracReferral' } } } },
    },
    askingVictimKnows: {
      ...question('askingVictimKnows', { choices: YES_NO_DONT_KNOW }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'yes' } }, target: 'askingConsent', actions: { type: 'recordAnswer', params: { field: 'victim.knowsAboutReport' } } },
          {
            // Someone who does not know about the report cannot have agreed to it.
            guard: { type: 'choiceIs', params: { id: 'no' } },
            target: 'askingVictimName',
            actions: [
              { type: 'recordAnswer', params: { field: 'victim.knowsAboutReport' } },
              { type: 'setAnswer', params: { field: 'victim.consentGiven', value: 'no' } },
              { type: 'say', params: { key: 'intake:askingConsent.withoutConsent' } },
            ],
          },
          {
            guard: 'hasChoice',
            target: 'askingVictimName',
            actions: [
              { type: 'recordAnswer', params: { field: 'victim.knowsAboutReport' } },
              { type: 'setAnswer', params: { field: 'victim.consentGiven', value: 'dont_know' } },
            ],
          },
        ],
      },
    },
    askingConsent: {
      ...question('askingConsent', { choices: YES_NO_DONT_KNOW }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'yes' } }, target: 'askingVictimName', actions: { type: 'recordAnswer', params: { field: 'victim.consentGiven' } } },
          {
            guard: 'hasChoice',
            target: 'askingVictimName',
            actions: [{ type: 'recordAnswer', params: { field: 'victim.consentGiven' } }, { type: 'say', params: { key: 'intake:askingConsent.withoutConsent' } }],
          },
        ],
      },
    },
    askingVictimName: optionalText('askingVictimName', 'victim.name', 'askingVictimContact'),
    askingVictimContact: optionalText('askingVictimContact', 'victim.safeContact', 'done'),
    done: { type: 'final' },
  },
});
