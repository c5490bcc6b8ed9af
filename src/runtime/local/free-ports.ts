// Picks free loopback ports for `ports: auto`: all held open together (so they differ), then released for the run to bind.
import { createServer, type Server } from 'node:net';

export async function pickFreePorts(host: string, count: number, exclude: readonly number[] = []): Promise<number[]> {
  const held: Server[] = [];
  const ports: number[] = [];
  try {
    for (let attempts = 0; ports.length < count && attempts < count + 20; attempts++) {
      const server = createServer();
      const port = await new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port: 0, exclusive: true }, () => resolve((server.address() as { port: number }).port));
      });
      held.push(server);
      if (!exclude.includes(port)) ports.push(port);
    }
  } finally {
    await Promise.all(held.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
  return ports;
}
