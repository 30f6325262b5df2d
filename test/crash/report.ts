/** The crash run's summary: kills, writes by kind and outcome, reads, and violations with examples. */
import { median, printTable } from '../bench/table.ts';
import type { CrashConfig } from './crash-config.ts';
import type { Ledger } from './ledger.ts';
import type { Reconciled } from './verify.ts';

/** How many examples of each violation (and note) are printed. */
const EXAMPLES = 5;

/** Prints the summary tables. */
export function printReport(
  config: CrashConfig,
  run: { kills: number; seconds: number; relogins: number; startMs: number[] },
  ledger: Ledger,
  reconciled: Reconciled,
): void {
  console.log(
    `\nCrash test: ${run.kills} SIGKILLs under ${config.clients} clients, then one more with the clients stopped and a clean start for the check; ${run.seconds.toFixed(0)} s on the embedded store.\n`,
  );
  const writes = [...ledger.writeCounts()].map(([kind, c]) => [kind, c.acked, c.unknown]);
  printTable(['write', 'acknowledged', 'answer lost'], writes);
  console.log(
    `\nLost answers, afterwards: ${reconciled.openedFound} of ${reconciled.openedFound + reconciled.openedLost} openings and ${reconciled.movesFound} of ${reconciled.movesFound + reconciled.movesLost} moves had happened (either is allowed); submits were retried with their key until answered.`,
  );
  const reads = [...ledger.reads].map(([kind, n]) => `${n} ${kind}`).join(', ');
  console.log(
    `Reads recorded: ${reads}; ${reconciled.casesChecked} cases checked; ${run.relogins} log-ins again after a session was unknown.`,
  );
  const starts = [...run.startMs].sort((a, b) => a - b);
  console.log(
    `Starts to /ready: median ${median(starts)} ms, slowest ${starts.at(-1) ?? 0} ms (${starts.length} starts).`,
  );
  console.log('');
  if (ledger.violations.size === 0) console.log('Violations: none.');
  else {
    printTable(
      ['violation', 'count'],
      [...ledger.violations].map(([kind, examples]) => [kind, examples.length]),
    );
    for (const [kind, examples] of ledger.violations) {
      console.log(`\n${kind}, for example:`);
      for (const e of examples.slice(0, EXAMPLES)) console.log(`  - ${e}`);
    }
  }
  if (ledger.notes.size > 0) {
    console.log('\nNotes (no guarantee broken, but unexpected):');
    for (const [kind, examples] of ledger.notes)
      console.log(`  ${kind}: ${examples.length}, e.g. ${examples[0]}`);
  }
}
