import { benchEndToEnd } from './end-to-end';
import { benchAudit, benchRecurrence, benchReminders } from './events';
import { benchFanout } from './fanout';
import { benchTasks } from './tasks';
import { benchWeb } from './web';

/** `npm run bench [suite…]`: every suite by default; figures go to the console and the README. */
const SUITES: Record<string, () => Promise<Record<string, unknown>>> = {
  tasks: benchTasks,
  reminders: () => benchReminders(),
  recurrence: () => benchRecurrence(),
  audit: () => benchAudit(),
  fanout: () => benchFanout(),
  'end-to-end': () => benchEndToEnd(),
  web: () => benchWeb(),
};

async function main(): Promise<void> {
  const chosen = process.argv.slice(2);
  const unknown = chosen.filter((name) => !SUITES[name]);
  if (unknown.length) throw new Error(`unknown suite ${unknown.join(', ')}; choose from ${Object.keys(SUITES).join(', ')}`);
  const results: Record<string, unknown> = { node: process.version, at: new Date().toISOString() };
  for (const name of chosen.length ? chosen : Object.keys(SUITES)) {
    console.log(`\n== ${name}`);
    results[name] = await SUITES[name]();
  }
  console.log(`\n${JSON.stringify(results)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
