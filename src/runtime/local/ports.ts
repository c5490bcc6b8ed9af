// Checks that a loopback port is free before anything is started on it, and names what holds it when not.
import { createServer } from 'node:net';
import { EnvironmentError, PortTakenError } from '../../shared/errors.js';
import { identityInHealth, runIdOf } from '../identity.js';
import { probeHealth } from './health.js';

/** "proxybench run <id>" when a proxybench upstream (or a proxy in front of one) answers there, else undefined. */
export async function portHolder(host: string, port: number): Promise<string | undefined> {
  const answer = await probeHealth(host, port, '/__pb/health', 500);
  const identity = answer.status === 200 ? identityInHealth(answer.body) : undefined;
  return identity ? `proxybench run ${runIdOf(identity)}` : undefined;
}

export function portTaken(host: string, port: number, setting: string, holder: string | undefined, detail?: string): PortTakenError {
  return new PortTakenError(port, `port ${port} on ${host} is already in use${holder ? ` by ${holder}` : ''}${detail ? `: ${detail}` : ''}`, {
    hint: holder
      ? `wait for that run to end, or let each run pick free ports with \`ports: auto\` (the default) instead of ${setting}`
      : `stop whatever listens there (ss -ltnp 'sport = :${port}') or choose another port with ${setting} in the scenario (or \`ports: auto\`)`,
  });
}

export async function assertPortFree(host: string, port: number, setting: string): Promise<void> {
  const inUse = await new Promise<boolean>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(true);
      else reject(new EnvironmentError(`cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(false)));
  });
  if (inUse) throw portTaken(host, port, setting, await portHolder(host, port));
}
