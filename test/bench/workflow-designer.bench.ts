/**
 * Workflow designer benchmark, in one Chromium run on the real app and server with the
 * child-protection pack: the time the outline (every state a card with its transitions in
 * words) and the diagram (elkjs layout, drawn as SVG) take to appear when the admin switches to
 * them, beside a baseline in the same page: as many plain cards, or plain SVG boxes on a grid,
 * built with no logic (createElement and textContent, the same texts), appended and laid out.
 *
 * A sample is from the click on the view's button until every card (or box) is in the page and
 * two animation frames have passed (Vue has flushed, the page is laid out and painted once).
 * Median and slowest of RUNS, after one warm-up. Target (issue 16): both under 300 ms.
 *
 * npm run bench:workflow-designer
 */

import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { WorkflowDefinition } from '../../schemas/generated/workflow-definition.ts';
import { outlineOf } from '../../ui/src/workflows/edit-workflow.ts';
import { DEMO_PASSWORD, launchBrowser, startUiServer } from '../ui/browser-harness.ts';
import { median, printTable } from './table.ts';

const RUNS = 15;

/** Clicks a view's button and waits, in the page, until `count` elements match `selector`. */
async function switchTo(page: Page, view: string, selector: string, count: number) {
  return page.evaluate(
    `new Promise((resolve) => {
      const button = [...document.querySelectorAll('nav[aria-label="Views of the workflow"] button')]
        .find((b) => b.textContent.trim() === ${JSON.stringify(view)});
      const start = performance.now();
      const done = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
      const check = () => {
        if (document.querySelectorAll(${JSON.stringify(selector)}).length >= ${count}) {
          observer.disconnect();
          done();
          return true;
        }
        return false;
      };
      const observer = new MutationObserver(check);
      observer.observe(document.querySelector('main'), { childList: true, subtree: true });
      button.click();
      check();
    })`,
  ) as Promise<number>;
}

/** Builds plain cards (or SVG boxes) with the given texts, with no logic, and lays them out. */
async function baseline(page: Page, kind: 'cards' | 'boxes', texts: string[][]) {
  return page.evaluate(
    `new Promise((resolve) => {
      const texts = ${JSON.stringify(texts)};
      const host = document.createElement('div');
      document.querySelector('main').append(host);
      const start = performance.now();
      if (${JSON.stringify(kind)} === 'cards') {
        for (const [title, ...rows] of texts) {
          const card = document.createElement('section');
          card.className = 'panel';
          const heading = document.createElement('div');
          heading.textContent = title;
          card.append(heading);
          const list = document.createElement('ul');
          for (const row of rows) {
            const item = document.createElement('li');
            item.textContent = row;
            list.append(item);
          }
          card.append(list);
          host.append(card);
        }
      } else {
        const ns = 'http://www.w3.org/2000/svg';
        const svg = document.createElementNS(ns, 'svg');
        svg.setAttribute('width', '1200');
        svg.setAttribute('height', String(80 * Math.ceil(texts.length / 5)));
        texts.forEach(([title], i) => {
          const g = document.createElementNS(ns, 'g');
          const rect = document.createElementNS(ns, 'rect');
          const x = (i % 5) * 220;
          const y = Math.floor(i / 5) * 80;
          rect.setAttribute('x', String(x));
          rect.setAttribute('y', String(y));
          rect.setAttribute('width', '200');
          rect.setAttribute('height', '66');
          const text = document.createElementNS(ns, 'text');
          text.setAttribute('x', String(x + 10));
          text.setAttribute('y', String(y + 20));
          text.textContent = title;
          g.append(rect, text);
          svg.append(g);
        });
        host.append(svg);
      }
      void host.offsetHeight;
      requestAnimationFrame(() => requestAnimationFrame(() => {
        const ms = performance.now() - start;
        host.remove();
        resolve(ms);
      }));
    })`,
  ) as Promise<number>;
}

async function main() {
  const server = await startUiServer({ pack: 'child-protection' });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Workflows' }).waitFor();
    await page.getByRole('link', { name: 'Child protection' }).click();
    await page.getByTestId('outline').waitFor();
    const states = await page.locator('[data-testid="outline"] section[data-state]').count();
    // The outline's own texts: each card's title and its rows, for the plain cards.
    const texts = (await page.evaluate(
      `[...document.querySelectorAll('[data-testid="outline"] section[data-state]')].map((s) => [
        s.querySelector('[role=heading]').textContent.trim(),
        ...[...s.querySelectorAll(':scope > .state-card__transitions li span')].map((r) => r.textContent),
      ])`,
    )) as string[][];
    const transitions = texts.reduce((n, t) => n + t.length - 1, 0);
    const samples = {
      outline: [] as number[],
      diagram: [] as number[],
      cards: [] as number[],
      boxes: [] as number[],
    };
    for (let run = 0; run <= RUNS; run++) {
      const diagram = await switchTo(
        page,
        'Diagram',
        '[data-testid="diagram"] g[data-state]',
        states,
      );
      const outline = await switchTo(
        page,
        'Outline',
        '[data-testid="outline"] section[data-state]',
        states,
      );
      const cards = await baseline(page, 'cards', texts);
      const boxes = await baseline(page, 'boxes', texts);
      if (run === 0) continue; // warm-up: code loaded, ELK compiled
      samples.diagram.push(diagram);
      samples.outline.push(outline);
      samples.cards.push(cards);
      samples.boxes.push(boxes);
    }
    const row = (way: string, ms: number[]) => [
      way,
      states,
      transitions,
      median(ms).toFixed(1),
      Math.max(...ms).toFixed(1),
    ];
    // Reading the definition into the outline (pure, what the page computes once per edit).
    const pack = JSON.parse(
      await readFile(
        new URL('../../schemas/packs/child-protection/workflow.json', import.meta.url),
        'utf8',
      ),
    ) as WorkflowDefinition;
    const reads: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const start = performance.now();
      outlineOf(pack);
      if (run > 0) reads.push(performance.now() - start);
    }
    printTable(
      ['way', 'states', 'transitions', 'median (ms)', 'slowest (ms)'],
      [
        row('outlineOf: the definition read as cards (Node, no DOM)', reads),
        row('baseline: plain cards, no logic', samples.cards),
        row('outline (StateCard, transitions in words)', samples.outline),
        row('baseline: plain SVG boxes on a grid', samples.boxes),
        row('diagram (elkjs layout + SVG)', samples.diagram),
      ],
    );
    console.log(`\n${RUNS} runs after a warm-up; target: outline and diagram under 300 ms.`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
