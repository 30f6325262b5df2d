/**
 * Engine benchmark: transitions per second on the 12-state fixture workflow through the engine's
 * `transition` (guards explained, roles, deadlines, effects, a JSON snapshot), beside bare XState
 * `transition` on the same machine in the same run. Target: the engine at least 50% of XState.
 *
 * npm run bench:core
 */
import {
  type AnyMachineSnapshot,
  initialTransition,
  transition as machineTransition,
} from 'xstate';
import type { CaseSnapshot, TransitionContext } from '../../engine/index.ts';
import { startCase, transition } from '../../engine/index.ts';
import { loadFixture, submitted } from '../engine/fixtures.ts';
import { median, opsPerSecond, printTable } from './table.ts';

const ROUNDS = 7;
const CYCLES = 2_000;
const NOW = '2026-03-02T09:00:00Z';

const workflow = loadFixture();

/** One trip through the workflow: referral to a plan, round its regions, and out to closure. */
const trip = [
  'accept-referral',
  'complete-assessment',
  'strategy-discussion-held',
  'convene-conference',
  'decide',
  'visit-made',
  'review-held',
  'review-held',
  'end-plan',
  'close',
];

const ctx: TransitionContext = {
  now: NOW,
  actor: { id: 'bench', roles: ['practitioner', 'manager'] },
  submissions: {
    contact: submitted({ decision: 'assess' }),
    assessment: submitted({ outcome: 'significant-harm' }),
    strategy: submitted(),
    enquiry: submitted({ concernsSubstantiated: true }),
    conference: submitted({ decision: 'plan' }),
    plan: submitted(),
    visit: submitted(),
    review: submitted({ decision: 'end-plan' }),
    closure: submitted(),
  },
};

function engineTrip(): void {
  let snapshot: CaseSnapshot = startCase(workflow, ctx).snapshot;
  for (const type of trip) {
    const result = transition(workflow, snapshot, type, ctx);
    if (result.kind !== 'accepted') throw new Error(`${type} not taken: ${JSON.stringify(result)}`);
    snapshot = result.snapshot;
  }
  if (!snapshot.done) throw new Error('the trip did not close the case');
}

/** The same trip on bare XState: same machine, same guards, same facts, no engine around it. */
function xstateTrip(): void {
  const scope = { facts: ctx, event: '', formTitle: workflow.formTitle };
  let [snapshot]: [AnyMachineSnapshot, unknown] = initialTransition(workflow.machine);
  for (const type of trip) {
    [snapshot] = machineTransition(workflow.machine, snapshot, {
      type,
      scope: { ...scope, event: type },
    });
  }
  if (snapshot.status !== 'done') throw new Error('the trip did not close the case');
}

/** The engine on snapshots read back from JSON, as a server sees them after a store round trip. */
function storedTrip(): void {
  let snapshot: CaseSnapshot = startCase(workflow, ctx).snapshot;
  for (const type of trip) {
    const stored = JSON.parse(JSON.stringify(snapshot)) as CaseSnapshot;
    const result = transition(workflow, stored, type, ctx);
    if (result.kind !== 'accepted') throw new Error(`${type} not taken: ${JSON.stringify(result)}`);
    snapshot = result.snapshot;
  }
}

const perTrip = trip.length + 1;
// Warm up first so the JIT has compiled all three before anything is timed.
for (const run of [xstateTrip, engineTrip, storedTrip]) await opsPerSecond(CYCLES / 4, run);
const rates = { xstate: [] as number[], engine: [] as number[], stored: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  rates.xstate.push((await opsPerSecond(CYCLES, xstateTrip)) * perTrip);
  rates.engine.push((await opsPerSecond(CYCLES, engineTrip)) * perTrip);
  rates.stored.push((await opsPerSecond(CYCLES, storedTrip)) * perTrip);
}

const baseline = median(rates.xstate);
const row = (name: string, values: number[]) => {
  const rate = median(values);
  return [
    name,
    Math.round(rate).toLocaleString('en-GB'),
    `${Math.round((rate / baseline) * 100)}%`,
  ];
};
console.log(
  `\nEngine: transitions per second, median of ${ROUNDS} rounds of ${CYCLES} trips (${perTrip} steps each)\n`,
);
printTable(
  ['operation', 'transitions/s', 'of XState'],
  [
    row('bare XState transition (baseline)', rates.xstate),
    row('engine transition', rates.engine),
    row('engine transition, snapshot from JSON', rates.stored),
  ],
);
const share = median(rates.engine) / baseline;
console.log(`\nTarget: engine at least 50% of XState; measured ${Math.round(share * 100)}%.`);
