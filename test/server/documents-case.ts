/**
 * A case like the demo's Freya, taken from contact to a child protection plan through the API:
 * the demo pack's steps (schemas/packs/child-protection/demo.json), then the plan submitted.
 */
import { readDemoCases } from '../../server/demo/seed-cases.ts';
import type { Client } from './harness.ts';

/** The plan's answers the seeded case is given. */
export const PLAN_ANSWERS = {
  child: { fullName: 'Freya Fictional', dateOfBirth: '2019-01-23' },
  category: 'neglect',
  planActions:
    'Kayleigh to take Freya to the dentist by 30 April; school to offer breakfast club daily.',
  contingency: 'A legal planning meeting if Freya misses two appointments.',
  coreGroupMembers: 'Sam Worker (social worker), Sarah Patel (school), health visitor',
  visitFrequency: 'Every 10 working days',
  coreGroupDate: '2026-03-20',
  coreGroupProgress: 'Breakfast club started; the dentist appointment is booked.',
};

/** Sends one API request as a logged-in user (the browser harness's apiClientFor is one). */
export type Send = (
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
) => Promise<{ status: number; body: unknown }>;

/** A Send over an API test's client. */
export function sendAs(client: Client): Send {
  return async (method, url, payload) => {
    const response = await client.request({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: response.statusCode, body: response.body ? response.json() : undefined };
  };
}

let keys = 0;

async function ok(send: Send, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const response = await send(method, url, payload);
  if (response.status >= 300)
    throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Record<string, unknown>;
}

/** Submits a form on a case through the API. */
export async function submitForm(send: Send, caseId: string, formId: string, data: unknown) {
  keys += 1;
  await ok(send, 'POST', `/api/cases/${caseId}/forms/${formId}/submit`, {
    data,
    idempotencyKey: `seed-${process.pid}-${keys}-${formId}`,
  });
}

/** Opens Freya's case and replays her demo steps, then submits her plan; returns the case id. */
export async function seedCaseToPlan(send: Send, plan: Record<string, unknown> = PLAN_ANSWERS) {
  const demo = await readDemoCases('child-protection');
  const freya = demo!.cases.find((c) => c.subject.firstName === 'Freya')!;
  const opened = await ok(send, 'POST', '/api/cases', {
    workflowId: demo!.workflowId,
    subject: freya.subject,
  });
  const caseId = String(opened.id);
  for (const step of freya.steps) {
    if ('submit' in step) await submitForm(send, caseId, step.submit, step.data);
    else {
      const current = await ok(send, 'GET', `/api/cases/${caseId}`);
      await ok(send, 'POST', `/api/cases/${caseId}/events`, {
        type: step.event,
        expectedVersion: current.version,
        ...(step.reason ? { reason: step.reason } : {}),
      });
    }
  }
  await submitForm(send, caseId, 'child-protection-plan', plan);
  return caseId;
}
