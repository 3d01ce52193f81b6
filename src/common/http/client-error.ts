import type { Socket } from 'node:net';
import { envelope, labelFor } from '../errors/error-envelope.js';
import { newRequestId } from './request-id.js';

interface ClientError extends Error {
  code?: string;
}

const ANSWERS: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'REQUEST.HEADERS_TOO_LARGE',
    message: 'The request headers are larger than the server accepts (16 KB in all).',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'REQUEST.TIMEOUT',
    message: 'The request was not received in time.',
  },
};
const MALFORMED = { status: 400, code: 'REQUEST.MALFORMED', message: 'Malformed HTTP request.' };

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (headers over 16 KB, a request that
 * never finishes arriving, bytes that are not HTTP). Fastify's default answer is its own JSON shape; these
 * get the error envelope and a request id like every other error, written straight to the socket because
 * there is no request object to answer through.
 */
export function clientErrorHandler(err: ClientError, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = (err.code && ANSWERS[err.code]) || MALFORMED;
  const requestId = newRequestId();
  const body = JSON.stringify(envelope(answer.status, answer.code, answer.message, requestId));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${answer.status} ${labelFor(answer.status)}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(err);
}
