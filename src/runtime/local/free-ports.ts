// Picks free loopback ports for `ports: auto`, below the kernel's ephemeral range (so no outgoing connection takes one
// between the pick and the bind); all held open together (so they differ), then released for the run to bind.
import { randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:net';

/** Where auto ports come from: above the well-known and registered-service crowd, below Linux's ephemeral 32768–60999. */
export const autoPortRange = { min: 20_000, max: 32_000 } as const;

async function tryListen(host: string, port: number): Promise<Server | undefined> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen({ host, port, exclusive: true }, () => resolve(server));
  });
}

export async function pickFreePorts(host: string, count: number, exclude: readonly number[] = [], random: (min: number, max: number) => number = randomInt): Promise<number[]> {
  const held: Server[] = [];
  const ports: number[] = [];
  try {
    for (let attempts = 0; ports.length < count && attempts < count * 50; attempts++) {
      const port = random(autoPortRange.min, autoPortRange.max);
      if (exclude.includes(port) || ports.includes(port)) continue;
      const server = await tryListen(host, port);
      if (!server) continue; // taken
      held.push(server);
      ports.push(port);
    }
  } finally {
    await Promise.all(held.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
  return ports;
}
