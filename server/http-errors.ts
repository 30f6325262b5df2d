/**
 * Maps everything that can go wrong in a request to the catalog: Fastify's own errors (schema
 * validation, content type, body size, malformed JSON) become 4xx in the one shape; anything
 * unexpected becomes a 500 whose message leaks nothing.
 */
import type { FastifyError } from 'fastify';
import { isEngineError } from '../engine/index.ts';
import { isFormError } from '../forms/index.ts';
import { LowformError } from './errors.ts';

interface SchemaIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword?: string;
}

/** Where each problem is and what is wrong, for a 400 caused by a route schema. */
function validationDetails(error: FastifyError): { in: string; path: string; problem: string }[] {
  const issues = (error.validation ?? []) as SchemaIssue[];
  return issues.map((issue) => {
    let path = issue.instancePath || '/';
    const extra = issue.params?.additionalProperty;
    if (issue.keyword === 'additionalProperties' && typeof extra === 'string') {
      path = `${issue.instancePath}/${extra}`;
      return { in: error.validationContext ?? 'body', path, problem: 'is not a known field' };
    }
    const missing = issue.params?.missingProperty;
    if (issue.keyword === 'required' && typeof missing === 'string') {
      path = `${issue.instancePath}/${missing}`;
      return { in: error.validationContext ?? 'body', path, problem: 'is required' };
    }
    return {
      in: error.validationContext ?? 'body',
      path,
      problem: issue.message ?? 'is not valid',
    };
  });
}

/** The catalog error for any error thrown while handling a request. */
export function toLowformError(error: unknown): LowformError {
  if (error instanceof LowformError) return error;
  // The engine's and forms' codes are in the catalog: a failure keeps its code end to end.
  if (isFormError(error) || isEngineError(error)) {
    return new LowformError(error.code, error.message, error.details);
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) {
    const details = validationDetails(fastifyError as FastifyError);
    const first = details[0];
    const where = first ? ` ${first.in} ${first.path} ${first.problem}` : '';
    return new LowformError('LF_VALIDATION', `The request is not valid:${where}.`, details);
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new LowformError(
        'LF_UNSUPPORTED_MEDIA_TYPE',
        'Send the request body as JSON (application/json).',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new LowformError('LF_PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new LowformError('LF_BAD_REQUEST', 'The request body is empty; send a JSON object.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new LowformError('LF_BAD_REQUEST', 'The request body is not valid JSON.');
    case 'FST_ERR_BAD_URL':
      return new LowformError(
        'LF_BAD_REQUEST',
        'The URL is not valid: a % must be followed by two hexadecimal digits of UTF-8.',
      );
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new LowformError('LF_URI_TOO_LONG', 'A part of the URL is over 100 characters.');
  }
  const status = fastifyError.statusCode;
  if (error instanceof SyntaxError || (status !== undefined && status >= 400 && status < 500)) {
    // The JSON parser's errors (bad JSON, a __proto__ or constructor key) are SyntaxErrors.
    const message =
      error instanceof SyntaxError
        ? 'The request body is not valid JSON, or uses a reserved key such as __proto__.'
        : 'The request is not valid.';
    return new LowformError('LF_BAD_REQUEST', message);
  }
  return new LowformError('LF_INTERNAL');
}
