/**
 * Errors raised before any route, hook or error handler runs: Fastify's router refusing a URL
 * (`frameworkErrors`) and Node's HTTP parser refusing a request (`clientErrorHandler`, on a raw
 * socket). Both answer in the one error shape with the app's security headers, like every
 * other response.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, LowformError } from './errors.ts';
import { toLowformError } from './http-errors.ts';

/** Fastify's `frameworkErrors` option: a bad URL or an over-long path parameter. */
export function frameworkErrors(headers: Record<string, string>) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const mapped = toLowformError(error);
    // The URL is the client's own; it says where the problem is (too long to repeat for a 414).
    const details =
      mapped.code === 'LF_BAD_REQUEST' ? { in: 'url', path: request.url } : { in: 'url' };
    void reply
      .headers(headers)
      .status(mapped.status)
      .send(errorBody(new LowformError(mapped.code, mapped.message, details)));
  };
}

/** The catalog error for a request Node's HTTP parser refused. */
export function clientErrorToLowform(error: { code?: string }): LowformError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new LowformError(
        'LF_HEADERS_TOO_LARGE',
        `The request's URL and headers together are over ${http.maxHeaderSize / 1024} KB. Shorten the URL or clear this site's cookies.`,
        { limitBytes: http.maxHeaderSize },
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new LowformError('LF_REQUEST_TIMEOUT');
    default:
      return new LowformError('LF_BAD_REQUEST', 'The request is not valid HTTP.');
  }
}

/** Fastify's `clientErrorHandler` option: writes the whole HTTP response onto the raw socket. */
export function clientErrorHandler(headers: Record<string, string>) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    // A reset connection has nobody to answer (Node's own advice for 'clientError').
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const mapped = clientErrorToLowform(error);
    const body = JSON.stringify(errorBody(mapped));
    const lines = [
      `HTTP/1.1 ${mapped.status} ${http.STATUS_CODES[mapped.status]}`,
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    if (!socket.writable) return void socket.destroy();
    // Close once the answer is flushed: the parser has given up on this connection.
    socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
  };
}
