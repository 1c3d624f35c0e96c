/** A scripted HttpTransport: a handler answers each request; every request is recorded for assertions. */
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../src/core/confluence/transport';

export type Handler = (req: HttpRequest, index: number) => HttpResponse | Promise<HttpResponse>;

export class FakeTransport implements HttpTransport {
  readonly requests: HttpRequest[] = [];
  inFlight = 0;
  peakInFlight = 0;
  constructor(public handler: Handler) {}

  async send(req: HttpRequest): Promise<HttpResponse> {
    this.requests.push(req);
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    try {
      return await this.handler(req, this.requests.length - 1);
    } finally {
      this.inFlight--;
    }
  }

  /** `METHOD path?query` of every request, relative to the origin. */
  get lines(): string[] {
    return this.requests.map((r) => {
      const u = new URL(r.url);
      return `${r.method} ${decodeURIComponent(u.pathname + u.search)}`;
    });
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? '' : JSON.stringify(body) };
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A route table: first matching `METHOD regex` wins; unmatched requests answer 599 so tests notice. */
export function routes(table: Array<[string, Handler]>): Handler {
  return (req, i) => {
    const u = new URL(req.url);
    const line = `${req.method} ${decodeURIComponent(u.pathname + u.search)}`;
    for (const [pattern, handler] of table) {
      const [method, ...rest] = pattern.split(' ');
      if (method === req.method && new RegExp(rest.join(' ')).test(decodeURIComponent(u.pathname + u.search))) return handler(req, i);
    }
    return json(599, { message: `no fake route for ${line}` });
  };
}
