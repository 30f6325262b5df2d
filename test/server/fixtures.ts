/** Publishes the tiny test workflow and its forms through the designers' API. */
import { readFile } from 'node:fs/promises';
import type { Client } from './harness.ts';

async function readFixture(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

/** Creates a draft and publishes it; throws with the response body on any failure. */
export async function publishDefinition(
  client: Client,
  kind: 'forms' | 'workflows',
  definition: Record<string, unknown>,
) {
  const created = await client.request({
    method: 'POST',
    url: `/api/${kind}`,
    payload: { definition },
  });
  if (created.statusCode !== 201) throw new Error(`create ${definition.id}: ${created.body}`);
  const published = await client.request({
    method: 'POST',
    url: `/api/${kind}/${definition.id}/publish`,
    payload: { expectedVersion: created.json().recordVersion },
  });
  if (published.statusCode !== 200) throw new Error(`publish ${definition.id}: ${published.body}`);
  return published.json();
}

/** Publishes the intake and review forms and the tiny-care workflow. */
export async function publishTinyCare(practiceLead: Client, admin: Client): Promise<void> {
  await publishDefinition(practiceLead, 'forms', await readFixture('intake.form.json'));
  await publishDefinition(practiceLead, 'forms', await readFixture('review.form.json'));
  await publishDefinition(admin, 'workflows', await readFixture('tiny-care.workflow.json'));
}

/** Valid intake answers. */
export function intakeAnswers(decision: 'assess' | 'nfa' = 'assess') {
  return {
    childName: 'Ada Example',
    dateOfBirth: '2019-03-14',
    concerns: 'School reports bruising seen twice this month.',
    decision,
  };
}
