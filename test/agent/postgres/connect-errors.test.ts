import test from 'ava';
import net from 'node:net';
import { connectPostgres } from '../../../agent/postgres/connect.js';
import { SourceUnavailableError } from '../../../agent/errors.js';

// A port that accepts TCP and never speaks (a firewall black hole or a wrong service looks like this) used to
// end in "connection failed (run with --debug for details)": node-postgres gives its timeout error no code.
test('a server that accepts but never answers: one line saying nothing answered within the timeout', async (t) => {
  t.timeout(30_000);
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => { sockets.push(socket); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const error = await t.throwsAsync(connectPostgres(`postgres://qprof:secret@127.0.0.1:${port}/shop`));
    t.true(error instanceof SourceUnavailableError);
    t.regex(error!.message, /no answer within 10 s/);
    t.false(error!.message.includes('secret'));
  } finally {
    for (const socket of sockets) socket.destroy();
    server.close();
  }
});
