/** The agent's HTTP endpoints on node:http: GET /healthz (200 or 503, JSON) and GET /metrics (Prometheus). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SourceUnavailableError } from '../errors.js';

export interface HttpHandlers {
  health(): { ok: boolean; body: unknown };
  metrics(): string;
}

export async function startHttpServer(host: string, port: number, handlers: HttpHandlers): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/healthz') {
      const health = handlers.health();
      res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify(health.body)}\n`);
    } else if (path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(handlers.metrics());
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new SourceUnavailableError(
      `cannot listen on ${host}:${port}: ${error.code ?? error.message}`, 'choose another port with --port, QPROF_HTTP_PORT or "http.port" in the config')));
    server.listen(port, host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
