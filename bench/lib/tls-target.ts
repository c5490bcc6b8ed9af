// The TLS bench's target: Debian's nginx with the run's certificate (one worker, pinned), answering 200 itself.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { TargetStartError } from '../../src/shared/errors.js';
import { processTreePids } from '../../src/measure/resources/procfs.js';
import { probeTls } from '../../src/runtime/tls-listener.js';
import type { TlsMaterial } from '../../src/tls/certificates.js';
import { parseProcessTicks } from './noise.js';

export interface TlsTarget {
  port: number;
  pid: number;
  /** CPU seconds of nginx's whole process tree so far (master + worker). */
  cpuSec(): number;
  stop(): Promise<void>;
}

/** nginx.conf for the target: TLS 1.3 only, tickets and a shared session cache as the variants have, no upstream. */
export function targetConfig(dir: string, port: number, material: TlsMaterial, bodyBytes: number): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${dir}/${t}_temp;`).join('\n');
  return `daemon off;
user root;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 9000; }
http {
    access_log off;
    server_tokens off;
${temp}
    keepalive_timeout 60s;
    keepalive_requests 10000000;
    server {
        listen 127.0.0.1:${port} ssl;
        ssl_certificate     ${material.certFile};
        ssl_certificate_key ${material.keyFile};
        ssl_protocols       TLSv1.3;
        ssl_session_tickets on;
        ssl_session_cache   shared:SSL:10m;
        ssl_session_timeout 1h;
        location / { return 200 "${'x'.repeat(bodyBytes)}"; }
    }
}
`;
}

export async function startTlsTarget(dir: string, port: number, cpus: string, material: TlsMaterial, bodyBytes: number): Promise<TlsTarget> {
  mkdirSync(dir, { recursive: true });
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, targetConfig(dir, port, material, bodyBytes));
  const child: ResultPromise = execa('taskset', ['-c', cpus, 'nginx', '-p', dir, '-e', join(dir, 'error.log'), '-c', conf], { reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'pipe' });
  child.catch(() => undefined);
  const tls = { listenPort: port, version: '1.3' as const, material };
  let last = 'not tried';
  for (let i = 0; i < 50; i++) {
    const probe = await probeTls('127.0.0.1', port, '/', tls, 1000);
    if (probe.ok) break;
    last = probe.reason;
    if (child.exitCode !== null || i === 49) {
      child.kill('SIGKILL');
      throw new TargetStartError(`nginx did not answer over TLS on 127.0.0.1:${port}: ${last}`, readTail(join(dir, 'error.log')));
    }
    await sleep(100);
  }
  const cpuSec = () => processTreePids(child.pid!).reduce((n, pid) => {
    try {
      return n + parseProcessTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'), false) / 100;
    } catch {
      return n;
    }
  }, 0);
  return {
    port,
    pid: child.pid!,
    cpuSec,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([child, sleep(3000)]);
      child.kill('SIGKILL');
    },
  };
}

function readTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-800);
  } catch {
    return '';
  }
}
