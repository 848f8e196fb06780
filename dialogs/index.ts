// Every dialog the runtime can run, by id and version.
import type { DialogDefinition } from './shared/contract';
import { intakeMachine, INTAKE_DIALOG_VERSION } from './intake/intake.machine';

export const INTAKE_DIALOG_ID = 'intake';

export const dialogs: DialogDefinition[] = [{ id: INTAKE_DIALOG_ID, version: INTAKE_DIALOG_VERSION, machine: intakeMachine, migrations: [] }];
