/**
 * The one catalog of Lowform's errors. Every error that reaches a client carries a stable
 * `LF_` code from here, its HTTP status and a plain-English message; `details` say what and where.
 * The engine's and forms' own codes are here too, with their messages, and are sent as raised.
 */
import { engineErrorCatalog as engine } from '../engine/errors.ts';
import { formErrorCatalog as forms } from '../forms/errors.ts';

export const errorCatalog = {
  LF_BAD_REQUEST: { status: 400, message: 'The request is not valid.' },
  LF_VALIDATION: { status: 400, message: 'Some of the values sent are not valid.' },
  LF_UNAUTHENTICATED: { status: 401, message: 'Please log in.' },
  LF_FORBIDDEN: { status: 403, message: 'You do not have permission to do this.' },
  LF_PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    message:
      'Choose a new password first. The password you logged in with was given to you by an admin and can only be used to choose your own.',
  },
  LF_NOT_FOUND: { status: 404, message: 'That record does not exist.' },
  LF_CONFLICT: {
    status: 409,
    message: 'Someone else changed this record after you opened it. Reload to see their change.',
  },
  LF_DUPLICATE: { status: 409, message: 'A record with the same key already exists.' },
  LF_REQUEST_TIMEOUT: { status: 408, message: 'The request took too long to arrive. Try again.' },
  LF_PAYLOAD_TOO_LARGE: { status: 413, message: 'The request is too large.' },
  LF_URI_TOO_LONG: { status: 414, message: 'The URL is too long.' },
  LF_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the request as JSON.' },
  LF_REFUSED: { status: 422, message: 'This cannot be done yet.' },
  LF_SUBMISSION_INVALID: {
    status: 422,
    message: 'Some answers need correcting before the form can be submitted.',
  },
  LF_FORM_INVALID: { status: 422, message: forms.LF_FORM_INVALID.message },
  LF_FORM_TOO_LARGE: { status: 413, message: forms.LF_FORM_TOO_LARGE.message },
  LF_WORKFLOW_INVALID: { status: 422, message: engine.LF_WORKFLOW_INVALID },
  LF_WORKFLOW_MISMATCH: { status: 409, message: engine.LF_WORKFLOW_MISMATCH },
  LF_MIGRATION_INVALID: { status: 422, message: engine.LF_MIGRATION_INVALID },
  LF_DATE_INVALID: { status: 400, message: engine.LF_DATE_INVALID },
  LF_RATE_LIMITED: { status: 429, message: 'Too many attempts. Wait a little and try again.' },
  LF_HEADERS_TOO_LARGE: { status: 431, message: "The request's headers are too large." },
  LF_INTERNAL: { status: 500, message: 'Something went wrong on the server. Nothing was changed.' },
  LF_STORE_UNAVAILABLE: {
    status: 503,
    message: 'The database cannot be reached just now. Try again in a moment.',
  },
  LF_STORE_FULL: {
    status: 503,
    message: "The server's disk is full, so nothing was saved. Try again once space is freed.",
  },
  LF_CONFIG: { status: 500, message: 'The server configuration is not valid.' },
} as const satisfies Record<string, { status: number; message: string }>;

/** A stable error code from the catalog. */
export type ErrorCode = keyof typeof errorCatalog;

/** An error that carries a catalog code, its HTTP status and structured details. */
export class LowformError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? errorCatalog[code].message);
    this.name = 'LowformError';
    this.code = code;
    this.status = errorCatalog[code].status;
    this.details = details;
  }
}

/** The one error shape on the wire: `{ error: { code, message, details } }`. */
export function errorBody(error: LowformError): {
  error: { code: ErrorCode; message: string; details?: unknown };
} {
  const body: { code: ErrorCode; message: string; details?: unknown } = {
    code: error.code,
    message: error.message,
  };
  if (error.details !== undefined) body.details = error.details;
  return { error: body };
}

/** True when `value` is a LowformError with the given code. */
export function isLowformError(value: unknown, code?: ErrorCode): value is LowformError {
  return value instanceof LowformError && (code === undefined || value.code === code);
}
