/**
 * Conformance of Lowform's renderers to JSON Forms: every case of ui/bench/conformance/cases.ts is mounted
 * in real Chromium with @jsonforms/vue-vanilla's renderers (the reference) and with Lowform's
 * (ui/bench/conformance), the same edits are made through the controls' labels, and after every
 * step the controls visible, the controls enabled, the texts visible and the data must be the
 * same. Each case's own expectations are first checked on the reference, so a case cannot pass
 * by exercising nothing.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  type ConformanceCase,
  type ConformanceExpectation,
  conformanceCases,
} from '../../ui/bench/conformance/cases.ts';
import { launchBrowser, type TestBrowser } from './browser-harness.ts';
import { type ServedPage, servePage } from './conformance/page.ts';

/** What the page reports after one step (ui/bench/conformance/main.ts). */
interface Observation {
  controls: Record<string, ('enabled' | 'disabled')[]>;
  texts: Record<string, boolean>;
  data: unknown;
}

interface ConformancePage {
  lfConformance: {
    run(testCase: ConformanceCase, kind: Kind): Promise<Observation[]>;
  };
}

/** The reference, `<JsonForms>` with lowformRenderers, and the app's LfForm (its configuration). */
type Kind = 'vanilla' | 'lowform' | 'lfform';

function run(page: Page, testCase: ConformanceCase, kind: Kind) {
  return page.evaluate(
    ([c, k]) => (globalThis as unknown as ConformancePage).lfConformance.run(c, k),
    [testCase, kind] as const,
  );
}

function isShown(step: Observation, label: string): boolean {
  if (label in step.texts) return step.texts[label]!;
  return (step.controls[label]?.length ?? 0) > 0;
}

/** Checks a case's own expectations on the reference renderer's steps. */
function checkExpectation(steps: Observation[], expectation: ConformanceExpectation): void {
  const step = steps[expectation.step];
  assert.ok(step, `no step ${expectation.step}`);
  const at = `on the reference after step ${expectation.step}`;
  for (const label of expectation.visible ?? []) assert.ok(isShown(step, label), `${label} ${at}`);
  for (const label of expectation.hidden ?? []) {
    assert.ok(!isShown(step, label), `${label} should be hidden ${at}`);
  }
  for (const [list, state] of [
    [expectation.enabled, 'enabled'],
    [expectation.disabled, 'disabled'],
  ] as const) {
    for (const label of list ?? []) {
      const states = step.controls[label] ?? [];
      assert.ok(
        states.length > 0 && states.every((s) => s === state),
        `${label} should be ${state} ${at}: ${JSON.stringify(states)}`,
      );
    }
  }
  if ('data' in expectation) assert.deepEqual(step.data, expectation.data, `data ${at}`);
}

describe('Lowform renderers conform to JSON Forms (vanilla renderers as the reference)', function () {
  this.timeout(60_000);
  let served: ServedPage;
  let browser: TestBrowser;
  let page: Page;

  before(async () => {
    served = await servePage('conformance');
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(served.url);
    await page.waitForFunction(() => 'lfConformance' in globalThis);
  });

  after(async () => {
    await browser?.close();
    await served?.close();
  });

  it('has at least 30 cases, each with a distinct name', () => {
    const names = new Set(conformanceCases.map((c) => c.name));
    assert.ok(names.size >= 30, `${names.size} cases`);
    assert.equal(names.size, conformanceCases.length);
  });

  for (const testCase of conformanceCases) {
    it(testCase.name, async () => {
      const reference = await run(page, testCase, 'vanilla');
      for (const expectation of testCase.expect ?? []) checkExpectation(reference, expectation);
      for (const [kind, name] of [
        ['lowform', '<JsonForms> with lowformRenderers'],
        ['lfform', 'LfForm'],
      ] as const) {
        const steps = await run(page, testCase, kind);
        for (const [index, step] of reference.entries()) {
          const edit =
            index === 0 ? 'as mounted' : `after ${JSON.stringify(testCase.edits[index - 1])}`;
          assert.deepEqual(steps[index], step, `${name} differs from vanilla ${edit}`);
        }
      }
    });
  }
});
