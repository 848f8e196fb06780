// Every dialog the runtime can run, by id and version.
import type { AnyMachineSnapshot } from 'xstate';
import type { DialogDefinition } from './shared/contract';
import { isDiscreet, type IntakeContext } from './intake/intake.context';
import { intakeMachine, INTAKE_DIALOG_VERSION } from './intake/intake.machine';
import { migrateIntakeV1, migrateIntakeV2, migrateIntakeV3 } from './intake/intake.migrations';

export const INTAKE_DIALOG_ID = 'intake';

export const dialogs: DialogDefinition[] = [
  {
    id: INTAKE_DIALOG_ID,
    version: INTAKE_DIALOG_VERSION,
    machine: intakeMachine,
    migrations: [
      { from: 1, migrate: migrateIntakeV1 },
      { from: 2, migrate: migrateIntakeV2 },
      { from: 3, migrate: migrateIntakeV3 },
    ],
    lastTextAt: (snapshot: AnyMachineSnapshot) => {
      const context = snapshot.context as IntakeContext;
      return context.lastText !== null && context.lastText.until === context.asked ? context.lastText.at : undefined;
    },
    discreet: (snapshot: AnyMachineSnapshot) => isDiscreet(snapshot.context as IntakeContext),
  },
];
