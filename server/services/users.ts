/**
 * Local user accounts: creation with an argon2id hash, updates by compare-and-set, and the view
 * of a user that clients may see.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../../schemas/generated/records.ts';
import { hashPassword } from '../auth/passwords.ts';
import { endStaleSessions, noteSessionChange } from '../auth/sessions.ts';
import { LowformError } from '../errors.ts';
import type { Store, UserRecord } from '../store/store.ts';

/** What it takes to create a user. */
export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  teams: string[];
  /** The password is one the server or an admin made: the user must choose their own first. */
  mustChangePassword?: boolean;
}

/** A user as clients see them. */
export type UserView = Omit<UserRecord, 'passwordHash' | 'createdAt' | 'updatedAt'>;

/** Strips what clients must never see. */
export function toUserView(user: UserRecord): UserView {
  const { passwordHash: _hash, createdAt: _c, updatedAt: _u, ...view } = user;
  return view;
}

/** Rules a new password must meet, with the reason when it does not. */
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return 'The password must be at least 12 characters long.';
  if (password.length > 256) return 'The password must be at most 256 characters long.';
  return null;
}

/**
 * A one-time password for a new account: 18 random bytes as 24 URL-safe characters, shown to the
 * admin once (the server keeps only its hash).
 */
export function oneTimePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Creates a user; a taken username is LF_DUPLICATE. */
export async function createUser(store: Store, input: NewUser, now: Date): Promise<UserRecord> {
  if (input.roles.length === 0) {
    throw new LowformError('LF_VALIDATION', 'A user needs at least one role.', [
      { path: '/roles', problem: 'must not be empty' },
    ]);
  }
  const stamp = now.toISOString();
  const user: UserRecord = {
    id: randomUUID(),
    version: 1,
    username: input.username.toLowerCase(),
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    roles: [...new Set(input.roles)],
    teams: [...new Set(input.teams)],
    active: true,
    ...(input.mustChangePassword ? { mustChangePassword: true } : {}),
    createdAt: stamp,
    updatedAt: stamp,
  };
  try {
    return await store.users.insert(user);
  } catch (error) {
    if (error instanceof LowformError && error.code === 'LF_DUPLICATE') {
      throw new LowformError('LF_DUPLICATE', `The username "${user.username}" is taken.`, {
        path: '/username',
      });
    }
    throw error;
  }
}

/** Changes to a user an admin may make. */
export interface UserChanges {
  displayName?: string;
  roles?: Role[];
  teams?: string[];
  active?: boolean;
  password?: string;
  /** Set with a password an admin chose for someone else: they must choose their own first. */
  mustChangePassword?: boolean;
}

/**
 * Updates a user at the version the admin saw; a stale version is LF_CONFLICT. A change to their
 * password, roles, teams or standing ends the sessions they had.
 */
export async function updateUser(
  store: Store,
  id: string,
  expectedVersion: number,
  changes: UserChanges,
  now: Date,
): Promise<UserRecord> {
  const { password, ...rest } = changes;
  const update: Partial<UserRecord> = { ...rest, updatedAt: now.toISOString() };
  if (password !== undefined) update.passwordHash = await hashPassword(password);
  const before = await store.users.get(id);
  if (before && isActiveAdmin(before) && !isActiveAdmin({ ...before, ...update }))
    await refuseLastAdmin(store, id);
  const result = await store.users.update(id, expectedVersion, update);
  if (result.ok) {
    // Two admins removed at once could both pass the check above: each that finds no active
    // admin left puts its user back (at the version it wrote) and is refused, so at worst both
    // are refused and neither is removed.
    if (!isActiveAdmin(result.record) && (await activeAdmins(store)) === 0) {
      await store.users.update(id, result.record.version, {
        roles: before?.roles ?? result.record.roles,
        active: before?.active ?? true,
        updatedAt: now.toISOString(),
      });
      throw lastAdminRefusal();
    }
    await endStaleSessions(store, result.record);
    await noteSessionChange(store);
    return result.record;
  }
  if (result.reason === 'missing') throw new LowformError('LF_NOT_FOUND', 'There is no such user.');
  throw new LowformError('LF_CONFLICT', undefined, { current: toUserView(result.current) });
}

function isActiveAdmin(user: Pick<UserRecord, 'roles' | 'active'>): boolean {
  return user.active && user.roles.includes('admin');
}

function activeAdmins(store: Store): Promise<number> {
  return store.users.count({ roles: { has: 'admin' }, active: true });
}

/** Refuses a change that would leave no active admin: someone must be able to manage users. */
async function refuseLastAdmin(store: Store, id: string): Promise<void> {
  const others = await store.users.count({ roles: { has: 'admin' }, active: true, id: { ne: id } });
  if (others > 0) return;
  throw lastAdminRefusal();
}

function lastAdminRefusal(): LowformError {
  return new LowformError(
    'LF_REFUSED',
    'This is the last active admin: make another user an admin first, so that someone can still manage users and workflows.',
    { reasons: [{ code: 'last-admin', params: {}, text: 'This is the last active admin.' }] },
  );
}
