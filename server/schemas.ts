/**
 * JSON Schemas shared by routes: the error shape, ids and the views sent to clients. The same
 * schemas validate requests, serialise responses and make the OpenAPI document.
 */
import { ROLES } from '../engine/roles.ts';

/** The one error shape. */
export const errorSchema = {
  $id: 'LowformError',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', pattern: '^LF_[A-Z_]+$' },
        message: { type: 'string' },
        details: {},
      },
    },
  },
} as const;

/** Error responses every authenticated route may give. */
export function errorResponses(...statuses: number[]): Record<number, { $ref: string }> {
  const all = new Set([400, 401, 403, 500, 503, ...statuses]);
  return Object.fromEntries([...all].map((s) => [s, { $ref: 'LowformError#' }]));
}

/** A record id in a URL. */
export const idSchema = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } as const;

/** A definition (form or workflow) id. */
export const definitionIdSchema = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' } as const;

/** A role. */
export const roleSchema = { type: 'string', enum: ROLES } as const;

/** A user as clients see them: never the password hash. */
export const userViewSchema = {
  $id: 'User',
  type: 'object',
  required: ['id', 'username', 'displayName', 'roles', 'teams', 'active', 'version'],
  properties: {
    id: { type: 'string' },
    version: { type: 'integer' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    roles: { type: 'array', items: roleSchema },
    teams: { type: 'array', items: { type: 'string' } },
    active: { type: 'boolean' },
    mustChangePassword: {
      type: 'boolean',
      description: 'True until the user replaces the password an admin made or set for them.',
    },
  },
} as const;
