// `npm run staff -- <command>`: manage staff console accounts from the server's shell, on the embedded
// database (or MONGODB_URI), with the same services `npm start` builds.
//   add --username <name> --name "<full name>" --team <team id> --role <role id> [--role …] [--entra]
//   list
//   disable <username> | enable <username>
//   reset <username>          a new temporary password; the authenticator app is set up again
//   setup-link                a first-run link, while there is no administrator
// Passwords are printed once, to this terminal only (never logged).
import { createServices, type Services } from '../compose';
import { loadConfig } from '../config';
import { connectDatabase, type Database } from '../db/connection.mongo';
import { startEmbeddedDatabase } from '../db/embedded';
import { runningDatabase } from '../db/running-db';
import type { RunningDatabase } from '../db/embedded-db';
import { AppError } from '../errors';
import { createLogger } from '../log/logger';

const USAGE = `Usage: npm run staff -- <command>
  add --username <name> --name "<full name>" --team <team id> --role <role id> [--role <role id>] [--entra]
  list
  disable <username>
  enable <username>
  reset <username>
  setup-link`;

function options(args: string[], name: string): string[] {
  const found: string[] = [];
  args.forEach((a, i) => {
    if (a === `--${name}` && args[i + 1] !== undefined) found.push(args[i + 1] as string);
  });
  return found;
}

async function run(services: Services, args: string[], say: (line: string) => void): Promise<number> {
  const staff = services.staff;
  const [command, target] = args;
  switch (command) {
    case 'add': {
      const [username] = options(args, 'username');
      const [displayName] = options(args, 'name');
      const [teamId] = options(args, 'team');
      const roles = options(args, 'role');
      if (!username || !displayName || !teamId || roles.length === 0) {
        say(`add needs --username, --name, --team and at least one --role.\nTeams: ${staff.teamIds.join(', ')}\nRoles: ${staff.access.roleIds().join(', ')}`);
        return 64;
      }
      const entra = args.includes('--entra');
      const { account, password } = await staff.accounts.create({ username, displayName, teamId, roles, signIn: entra ? 'entra' : 'local' });
      await staff.audit.record({ actor: 'cli' }, 'account.created', { detail: `${account.id} ${roles.join(',')} in ${teamId}` });
      say(`Added ${account.username} (${roles.map((r) => staff.access.roleName(r)).join(', ')}, team ${teamId}).`);
      if (password) say(`Temporary password: ${password}\nThey set up an authenticator app and choose a new password when they first sign in at ${staff.signInUrl}`);
      else say(`They sign in with Microsoft at ${staff.signInUrl}`);
      return 0;
    }
    case 'list': {
      for (const a of await staff.accounts.list()) {
        say([a.username, a.displayName, a.teamId, a.roles.join(','), a.signIn, a.disabled ? 'disabled' : 'active', a.lastSignInAt?.toISOString() ?? 'never signed in'].join('\t'));
      }
      return 0;
    }
    case 'disable':
    case 'enable': {
      if (!target) return say(USAGE), 64;
      const account = await staff.accounts.setDisabled(target, command === 'disable');
      await staff.audit.record({ actor: 'cli' }, 'account.changed', { detail: `${account.id} ${command}d` });
      say(`${account.username} is ${command === 'disable' ? 'switched off: signed out at their next request' : 'switched on'}.`);
      return 0;
    }
    case 'reset': {
      if (!target) return say(USAGE), 64;
      const { account, password } = await staff.accounts.reset(target);
      await staff.audit.record({ actor: 'cli' }, 'account.changed', { detail: `${account.id} reset` });
      say(`Temporary password for ${account.username}: ${password}\nThey set up their authenticator app again at their next sign-in.`);
      return 0;
    }
    case 'setup-link': {
      const link = await staff.firstRunLink();
      say(link ? `Create the first administrator (link valid for one hour, once): ${link}` : 'There is already an administrator: use add.');
      return 0;
    }
    default:
      say(USAGE);
      return command ? 64 : 0;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  let embedded: RunningDatabase | undefined;
  // The service's own embedded database when `npm start` is running (its file cannot be opened twice).
  let uri = config.mongodbUri ?? runningDatabase(config.dataDir);
  if (!uri) {
    embedded = await startEmbeddedDatabase({ toolsDir: config.toolsDir, dataDir: config.dataDir, allowFallback: config.embeddedDbFallback, progress: (line) => process.stderr.write(`${line}\n`) });
    uri = embedded.uri;
  }
  const database: Database = connectDatabase(uri, config.mongodbDbName, logger);
  let code = 1;
  try {
    await database.connected;
    const services = await createServices({ config, logger, database }, { scheduler: false });
    await services.start();
    code = await run(services, process.argv.slice(2), (line) => process.stdout.write(`${line}\n`));
    await services.stop();
  } catch (error) {
    process.stderr.write(`${error instanceof AppError ? error.message : (error as Error).stack}\n`);
    code = error instanceof AppError ? 65 : 1;
  } finally {
    await database.close();
    await embedded?.stop();
  }
  process.exit(code);
}

void main();
