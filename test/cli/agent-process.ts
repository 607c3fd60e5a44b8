/** Run `qprof agent` as a child process for tests: its port from the log, its metrics, its exit. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const mainJs = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

export interface AgentProcess {
  readonly child: ChildProcess;
  readonly port: Promise<number>;
  readonly exit: Promise<number | null>;
  /** Everything written to stdout (JSON log lines) so far. */
  output(): string;
}

export function spawnAgent(args: readonly string[], env: Record<string, string> = {}): AgentProcess {
  const child = spawn(process.execPath, [mainJs, 'agent', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let resolvePort: (port: number) => void;
  const port = new Promise<number>((resolve) => { resolvePort = resolve; });
  child.stdout!.on('data', (data: Buffer) => {
    out += data.toString();
    const match = /"port":(\d+)[^\n]*"msg":"serving/.exec(out);
    if (match) resolvePort(Number(match[1]));
  });
  child.stderr!.on('data', (data: Buffer) => { out += data.toString(); });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, port, exit, output: () => out };
}

/** The value of one sample line of /metrics, e.g. metric(text, 'qprof_target_up', { engine: 'mysql' }). */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
