// A loopback TCP proxy in front of the test database that can stop passing bytes, so a test sees exactly
// what a paused or stalled database looks like from the service (connections open, no answers), without
// pausing the database the other test files share.
import net from 'node:net';

export interface PausableProxy {
  /** A MongoDB URI like the target's, through the proxy. */
  uri: string;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startPausableProxy(targetUri: string): Promise<PausableProxy> {
  const target = new URL(targetUri.replace(/^mongodb:/, 'http:'));
  const host = target.hostname;
  const port = Number(target.port || 27017);
  let paused = false;

  // Bytes held while paused, per direction, delivered in order on resume.
  const held: { to: net.Socket; chunks: Buffer[] }[] = [];
  const forward = (from: net.Socket, to: net.Socket) => {
    const queue = { to, chunks: [] as Buffer[] };
    held.push(queue);
    from.on('data', (chunk: Buffer) => {
      if (paused) queue.chunks.push(chunk);
      else to.write(chunk);
    });
    return queue;
  };
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const upstream = net.connect({ host, port });
    sockets.add(client).add(upstream);
    const queues = [forward(client, upstream), forward(upstream, client)];
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      for (const q of queues) held.splice(held.indexOf(q), 1);
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.once('close', end).on('error', () => {});
    upstream.once('close', end).on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  const uri = targetUri.replace(`${target.hostname}:${target.port}`, `127.0.0.1:${address.port}`);

  return {
    uri,
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      for (const queue of held) {
        for (const chunk of queue.chunks.splice(0)) queue.to.write(chunk);
      }
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
