/**
 * The command line: `npm run lowform -- user add --username alice --name "Alice Smith"
 * --roles practitioner,manager --teams north [--password-stdin]`. It works on the configured store
 * (LOWFORM_DATA_DIR or MONGODB_URI), like the server.
 */
import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { ROLES } from '../engine/roles.ts';
import type { Role } from '../schemas/generated/records.ts';
import { calendarImportUsage, runCalendarImport } from './commands/calendar-import.ts';
import { packImportUsage, runPackImport } from './commands/pack-import.ts';
import { loadConfig } from './config.ts';
import { isLowformError } from './errors.ts';
import { createUser, passwordProblem } from './services/users.ts';
import { openStore } from './store/index.ts';

const usage = `Usage:
  npm run lowform -- user add --username NAME --name "Display Name" --roles ROLE[,ROLE] [--teams TEAM[,TEAM]] [--password-stdin]
  ${packImportUsage}
  ${calendarImportUsage}

Roles: ${ROLES.join(', ')}. Without --password-stdin a password is generated and printed once.`;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Runs the CLI with arguments; returns the exit code. */
export async function runCli(
  argv: string[],
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      roles: { type: 'string' },
      teams: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      yes: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (positionals[0] === 'pack' && !values.help)
    return runPackImport(positionals.slice(1), { yes: values.yes === true });
  if (positionals[0] === 'calendar' && !values.help) return runCalendarImport(positionals.slice(1));
  if (values.help || positionals.join(' ') !== 'user add') {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  const roles = list(values.roles);
  const unknown = roles.filter((r) => !ROLES.includes(r as Role));
  if (!values.username || !values.name || roles.length === 0 || unknown.length > 0) {
    console.error(
      unknown.length
        ? `Unknown role: ${unknown.join(', ')}.\n${usage}`
        : `Missing an option.\n${usage}`,
    );
    return 2;
  }
  const generated = !values['password-stdin'];
  const password = generated ? randomBytes(12).toString('base64url') : (await text(stdin)).trim();
  const problem = passwordProblem(password);
  if (problem) {
    console.error(problem);
    return 2;
  }
  const config = loadConfig();
  const store = await openStore({ dataDir: config.dataDir, mongodbUri: config.mongodbUri });
  try {
    const user = await createUser(
      store,
      {
        username: values.username,
        displayName: values.name,
        password,
        roles: roles as Role[],
        teams: list(values.teams),
      },
      new Date(),
    );
    console.log(`Created ${user.username} (${user.roles.join(', ')}).`);
    if (generated) console.log(`Password: ${password}`);
    return 0;
  } finally {
    await store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error(isLowformError(error) ? error.message : error);
      process.exit(1);
    });
}
