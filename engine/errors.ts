/**
 * The engine's errors. The engine may not import server/errors.ts, so it keeps its own small
 * catalog of stable `LF_` codes; the server maps each to its wire error.
 */

export const engineErrorCatalog = {
  LF_WORKFLOW_INVALID: 'The workflow definition is not valid.',
  LF_WORKFLOW_MISMATCH: 'The case runs on a different workflow or version than the one given.',
  LF_MIGRATION_INVALID: 'The case cannot be moved to the new workflow version with this mapping.',
  LF_DATE_INVALID: 'The date is not valid.',
} as const satisfies Record<string, string>;

/** A stable engine error code. */
export type EngineErrorCode = keyof typeof engineErrorCatalog;

/** An error raised by the engine: a stable code, a message and details saying what and where. */
export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly details: unknown;

  constructor(code: EngineErrorCode, message?: string, details?: unknown) {
    super(message ?? engineErrorCatalog[code]);
    this.name = 'EngineError';
    this.code = code;
    this.details = details;
  }
}

/** True when `value` is an EngineError, optionally with the given code. */
export function isEngineError(value: unknown, code?: EngineErrorCode): value is EngineError {
  return value instanceof EngineError && (code === undefined || value.code === code);
}
