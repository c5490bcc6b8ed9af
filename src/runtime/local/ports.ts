// Checks that a loopback port is free before anything is started on it.
import { createServer } from 'node:net';
import { EnvironmentError } from '../../shared/errors.js';

export async function assertPortFree(host: string, port: number, setting: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new EnvironmentError(`port ${port} on ${host} is already in use`, {
            hint: `stop whatever listens there (ss -ltnp 'sport = :${port}') or choose another port with ${setting} in the scenario`,
          }),
        );
      } else reject(new EnvironmentError(`cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}
