import { request as httpRequest } from 'node:http';

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as-is with Content-Type: application/json (malformed-JSON tests). */
  raw?: string;
  /** Bearer token. */
  token?: string;
  headers?: Record<string, string>;
  /**
   * Send from this loopback address (127.0.0.0/8 is all local on Linux), so the service sees
   * another client IP without trusting any forwarding header.
   */
  ip?: string;
}

export interface HttpReply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  /** The parsed JSON body; undefined when the body is empty or not JSON (then see `text`). */
  body: T;
  text: string;
}

export type HttpRequest = <T = Record<string, unknown>>(
  method: string,
  path: string,
  options?: RequestOptions,
) => Promise<HttpReply<T>>;

interface Outgoing {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Real HTTP against a service's base URL, JSON in and out: the one client every test uses. */
export function httpClient(baseUrl: string): HttpRequest {
  return async <T>(method: string, path: string, options: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers['content-type'] = 'application/json';
    const outgoing = { method, headers, body };
    const url = `${baseUrl}${path}`;
    const { status, replyHeaders, text } = options.ip
      ? await sendFrom(options.ip, url, outgoing)
      : await send(url, outgoing);
    return { status, headers: replyHeaders, body: parseJson(text) as T, text };
  };
}

async function send(url: string, { method, headers, body }: Outgoing) {
  const response = await fetch(url, { method, headers, body });
  return { status: response.status, replyHeaders: response.headers, text: await response.text() };
}

/** fetch cannot choose its local address; node:http can. */
function sendFrom(
  localAddress: string,
  url: string,
  { method, headers, body }: Outgoing,
): Promise<{ status: number; replyHeaders: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const replyHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) replyHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        resolve({ status: res.statusCode ?? 0, replyHeaders, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
