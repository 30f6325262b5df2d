/**
 * Errors raised before a route runs (Fastify's URL checks, Node's request parser) reach clients
 * in the one error shape. inject() bypasses Node's parser, so these go over a real socket.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { clientErrorToLowform } from '../../server/pre-route-errors.ts';
import { startTestApp, type TestApp } from './harness.ts';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `request` as-is to the port and reads the whole response until the server closes. */
function rawRequest(port: number, request: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    // Not end(): a half-closed socket can be dropped before a slow answer is written.
    socket.write(request);
  });
}

const get = (target: string, extraHeaders = '') =>
  `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${extraHeaders}\r\n`;

describe('errors before a route runs, over a real socket', () => {
  let test: TestApp;
  let port: number;

  before(async () => {
    // Without the web app: its catch-all route turns an over-long parameter into a plain 404.
    test = await startTestApp('embedded', { serveUi: false });
    await test.app.listen({ port: 0, host: '127.0.0.1' });
    port = (test.app.server.address() as AddressInfo).port;
  });
  after(() => test.close());

  /** Asserts the one error shape, JSON, with the app's security headers. */
  function assertOneShape(response: RawResponse, status: number, code: string) {
    assert.equal(response.status, status, response.body);
    assert.match(response.headers['content-type'] ?? '', /^application\/json/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.match(response.headers['content-security-policy'] ?? '', /default-src 'self'/);
    const body = JSON.parse(response.body) as {
      error: { code: string; message: string; details?: unknown };
    };
    assert.equal(body.error.code, code);
    assert.match(body.error.message, /^[A-Z].*\.$/);
    return body;
  }

  it('answers a malformed percent-encoding in the path with 400 LF_BAD_REQUEST', async () => {
    const response = await rawRequest(port, get('/api/cases/%zz'));
    const body = assertOneShape(response, 400, 'LF_BAD_REQUEST');
    assert.deepEqual(body.error.details, { in: 'url', path: '/api/cases/%zz' });
  });

  it('answers a path parameter over the length limit with 414 LF_URI_TOO_LONG', async () => {
    const response = await rawRequest(port, get(`/api/cases/${'a'.repeat(150)}`));
    assertOneShape(response, 414, 'LF_URI_TOO_LONG');
  });

  it('answers a URL longer than Node allows with 431 LF_HEADERS_TOO_LARGE', async () => {
    const response = await rawRequest(port, get(`/api/cases?q=${'a'.repeat(20_000)}`));
    assertOneShape(response, 431, 'LF_HEADERS_TOO_LARGE');
  });

  it('answers a header larger than Node allows with 431 LF_HEADERS_TOO_LARGE', async () => {
    const response = await rawRequest(port, get('/health', `X-Big: ${'b'.repeat(20_000)}\r\n`));
    assertOneShape(response, 431, 'LF_HEADERS_TOO_LARGE');
  });

  it('answers a request Node cannot parse with 400 LF_BAD_REQUEST', async () => {
    const response = await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n');
    assertOneShape(response, 400, 'LF_BAD_REQUEST');
  });

  it('maps a request Node timed out to 408 LF_REQUEST_TIMEOUT', () => {
    // Node checks its request timeout every 30 s at the soonest: too slow for a socket test.
    const error = clientErrorToLowform({ code: 'ERR_HTTP_REQUEST_TIMEOUT' });
    assert.deepEqual([error.status, error.code], [408, 'LF_REQUEST_TIMEOUT']);
  });

  it('still answers a well-formed request normally', async () => {
    const response = await rawRequest(port, get('/health'));
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(response.body), { status: 'ok' });
  });
});
