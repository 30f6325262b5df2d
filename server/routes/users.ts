/** Users: admins create and change them; managers may list them to allocate cases. */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { LowformError } from '../errors.ts';
import { errorResponses, idSchema, roleSchema, userViewSchema } from '../schemas.ts';
import {
  createUser,
  oneTimePassword,
  passwordProblem,
  toUserView,
  updateUser,
} from '../services/users.ts';
import type { Filter } from '../store/store.ts';
import type { SchemaTypeProvider } from '../type-provider.ts';

const teamsSchema = {
  type: 'array',
  maxItems: 50,
  items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
} as const;
const rolesSchema = { type: 'array', minItems: 1, maxItems: 4, items: roleSchema } as const;

function checkPassword(password: string | undefined): void {
  const problem = password === undefined ? null : passwordProblem(password);
  if (problem)
    throw new LowformError('LF_VALIDATION', problem, [{ in: 'body', path: '/password', problem }]);
}

/** User routes. */
export async function userRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  // Handler types (params, query, body) come from the route schemas.
  const typed = app.withTypeProvider<SchemaTypeProvider>();
  const { store, now } = deps;

  typed.get(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { team: { type: 'string', maxLength: 64 } },
        },
        response: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: { $ref: 'User#' } } },
          },
          ...errorResponses(),
        },
      },
    },
    async (request) => {
      const filter: Filter = request.query.team ? { teams: { has: request.query.team } } : {};
      const page = await store.users.list({
        filter,
        sort: { field: 'username', direction: 'asc' },
        limit: 500,
      });
      return { items: page.items.map(toUserView) };
    },
  );

  typed.post(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'displayName', 'roles'],
          properties: {
            username: { type: 'string', pattern: '^[a-zA-Z0-9_.-]{2,64}$' },
            displayName: { type: 'string', minLength: 1, maxLength: 200 },
            password: {
              type: 'string',
              maxLength: 256,
              description: 'Left out, the server makes a one-time password and answers it once.',
            },
            roles: rolesSchema,
            teams: teamsSchema,
          },
        },
        response: {
          201: {
            type: 'object',
            required: [...userViewSchema.required],
            properties: {
              ...userViewSchema.properties,
              oneTimePassword: {
                type: 'string',
                description:
                  'Only when the server made the password: shown this once, never again.',
              },
            },
          },
          ...errorResponses(409),
        },
      },
    },
    async (request, reply) => {
      checkPassword(request.body.password);
      const made = request.body.password === undefined ? oneTimePassword() : undefined;
      const user = await createUser(
        store,
        {
          ...request.body,
          password: made ?? request.body.password!,
          teams: request.body.teams ?? [],
          // Only the user should know their password: the one made here works once, to choose it.
          mustChangePassword: made !== undefined,
        },
        now(),
      );
      return reply
        .status(201)
        .send({ ...toUserView(user), ...(made ? { oneTimePassword: made } : {}) });
    },
  );

  typed.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        params: { type: 'object', properties: { id: idSchema }, required: ['id'] },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['expectedVersion'],
          properties: {
            expectedVersion: { type: 'integer', minimum: 1 },
            displayName: { type: 'string', minLength: 1, maxLength: 200 },
            password: { type: 'string', maxLength: 256 },
            roles: rolesSchema,
            teams: teamsSchema,
            active: { type: 'boolean' },
          },
        },
        response: { 200: { $ref: 'User#' }, ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => {
      const { expectedVersion, ...changes } = request.body;
      checkPassword(changes.password);
      // A password an admin resets for someone else is known to the admin: it works only to
      // choose a new one. An admin setting their own is choosing it.
      const reset =
        changes.password !== undefined && request.params.id !== request.auth!.user.id
          ? { mustChangePassword: true }
          : {};
      const user = await updateUser(
        store,
        request.params.id,
        expectedVersion,
        { ...changes, ...reset },
        now(),
      );
      // Sessions remembered with the old roles, teams or standing are read again.
      deps.sessions.forgetAll();
      return toUserView(user);
    },
  );
}
