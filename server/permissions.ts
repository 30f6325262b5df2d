/**
 * The one table of who may call each route. `public` needs no session; `signed-in` needs any
 * session; a list of roles needs a session whose user holds at least one of them. A route that is
 * not in this table cannot be registered (app.ts refuses it at start-up).
 */
import { ROLES } from '../engine/roles.ts';
import type { Role } from '../schemas/generated/records.ts';

/** Who may call a route. */
export type Access = 'public' | 'signed-in' | readonly Role[];

/** Every role, for routes open to all signed-in staff but still listed by role in the docs. */
export const ALL_ROLES: readonly Role[] = ROLES;

const caseWorkers: readonly Role[] = ['practitioner', 'manager'];
const overseers: readonly Role[] = ['manager', 'admin'];

/** Route (method and URL pattern) to access. */
export const routeAccess: Record<string, Access> = {
  'GET /health': 'public',
  'GET /ready': 'public',
  'GET /': 'public',
  'GET /*': 'public',
  'POST /api/session': 'public',
  'GET /api/session': 'signed-in',
  'DELETE /api/session': 'signed-in',
  'POST /api/session/password': 'signed-in',

  'GET /api/users': overseers,
  'POST /api/users': ['admin'],
  'PATCH /api/users/:id': ['admin'],

  'GET /api/forms': ALL_ROLES,
  'GET /api/forms/:id': ALL_ROLES,
  'GET /api/forms/:id/versions/:version': ALL_ROLES,
  'POST /api/forms': ['practice_lead'],
  'GET /api/forms/:id/draft': ['practice_lead'],
  'PUT /api/forms/:id/draft': ['practice_lead'],
  'POST /api/forms/:id/lint': ['practice_lead'],
  'GET /api/forms/:id/diff': ['practice_lead'],
  'POST /api/forms/:id/publish': ['practice_lead'],
  'GET /api/forms/:id/versions': ['practice_lead'],
  'POST /api/forms/:id/versions/:version/restore': ['practice_lead'],
  'GET /api/forms/:id/dependents': ['practice_lead'],
  'GET /api/forms/:id/usage': ['practice_lead'],
  'GET /api/form-drafts': ['practice_lead'],
  'GET /api/form-burden': ['practice_lead'],

  'GET /api/workflows': ALL_ROLES,
  'GET /api/workflows/:id': ALL_ROLES,
  'GET /api/workflows/:id/versions/:version': ALL_ROLES,
  'POST /api/workflows': ['admin'],
  'GET /api/workflows/:id/draft': ['admin'],
  'PUT /api/workflows/:id/draft': ['admin'],
  'POST /api/workflows/:id/lint': ['admin'],
  'POST /api/workflows/:id/publish': ['admin'],
  'GET /api/workflows/:id/versions': ['admin'],
  'POST /api/workflows/:id/versions/:version/restore': ['admin'],
  'GET /api/workflows/:id/open-cases': ['admin'],
  'POST /api/workflows/:id/migrations': ['admin'],
  'GET /api/workflows/:id/migrations/:migrationId': ['admin'],
  'GET /api/workflows/:id/export': ['admin'],
  'POST /api/workflows/:id/import': ['admin'],
  'GET /api/calendar': ALL_ROLES,

  'GET /api/document-templates': ALL_ROLES,
  'GET /api/document-templates/:id': ALL_ROLES,
  'GET /api/document-templates/:id/versions/:version': ALL_ROLES,
  'POST /api/document-templates': ['practice_lead'],
  'GET /api/document-templates/:id/draft': ['practice_lead'],
  'PUT /api/document-templates/:id/draft': ['practice_lead'],
  'POST /api/document-templates/:id/lint': ['practice_lead'],
  'POST /api/document-templates/:id/publish': ['practice_lead'],
  'GET /api/document-templates/:id/versions': ['practice_lead'],
  'POST /api/document-templates/:id/versions/:version/restore': ['practice_lead'],
  // The preview reads a case: the practice lead's teams' cases, in the access log.
  'POST /api/document-templates/:id/preview': ['practice_lead'],

  'POST /api/cases': caseWorkers,
  'GET /api/cases': caseWorkers,
  'GET /api/cases/:id': caseWorkers,
  'PATCH /api/cases/:id': ['manager'],
  'GET /api/cases/:id/forms/:formId': caseWorkers,
  'PUT /api/cases/:id/forms/:formId/draft': caseWorkers,
  'POST /api/cases/:id/forms/:formId/submit': caseWorkers,
  'POST /api/cases/:id/events': caseWorkers,
  // Who signs an event off is the stage's `signOff.by`, checked by the sign-off service.
  'POST /api/cases/:id/sign-offs/:event': ['practitioner', 'manager'],
  'GET /api/cases/:id/chronology': caseWorkers,
  'GET /api/sign-offs': ['manager'],
  'GET /api/cases/:id/access-log': overseers,
  'GET /api/reports/indicators': overseers,
  'GET /api/reports/indicators/export': overseers,
  'GET /api/reports/indicators/:id/cases': overseers,
  'GET /api/reports/indicators/:id/cases/export': overseers,
  'GET /api/reports/caseload': overseers,
  'GET /api/reports/sign-offs': overseers,
  'GET /api/reports/annex-a/:table': overseers,
  'GET /api/reports/census/:table': overseers,
  'GET /api/cases/:id/documents': caseWorkers,
  'GET /api/cases/:id/documents/preview': caseWorkers,
  'POST /api/cases/:id/documents': caseWorkers,
  'GET /api/cases/:id/documents/:documentId': caseWorkers,
};

/**
 * What a session may call while its user must choose a new password (their password is one an
 * admin made or set): see who they are, choose the password, or log out. Everything else is
 * LF_PASSWORD_CHANGE_REQUIRED.
 */
const openBeforePasswordChange = new Set([
  'GET /api/session',
  'POST /api/session/password',
  'DELETE /api/session',
]);

/** True when a user who must choose a new password may still call this route. */
export function mayCallBeforePasswordChange(method: string, url: string): boolean {
  return openBeforePasswordChange.has(`${method === 'HEAD' ? 'GET' : method} ${url}`);
}

/** Every route under these prefixes is public: the OpenAPI document and its UI. */
export const publicPrefixes = ['/docs'];

/** The access rule for a route; HEAD routes share their GET's. */
export function accessFor(method: string, url: string): Access | undefined {
  if (publicPrefixes.some((prefix) => url === prefix || url.startsWith(`${prefix}/`))) {
    return 'public';
  }
  return routeAccess[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}

/** True when a user with these roles may call a route with this access. */
export function mayCall(access: Access, roles: readonly Role[] | null): boolean {
  if (access === 'public') return true;
  if (roles === null) return false;
  if (access === 'signed-in') return true;
  return access.some((role) => roles.includes(role));
}
