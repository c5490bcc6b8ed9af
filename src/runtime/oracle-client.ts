// The prober's side of the oracle's control endpoints: mark (and set the answer mode), read the byte log, reset.
import { request } from 'node:http';
import { BenchError } from '../shared/errors.js';
import { assertLoopbackTarget } from '../traffic/safety.js';
import type { TargetAddress } from '../traffic/types.js';
import type { OracleSnapshot } from '../upstream/oracle-log.js';
import type { OracleMode } from '../scenario/probes/probe-schema.js';

export interface OracleClient {
  address: TargetAddress;
  /** Sets the answer mode; what is recorded afterwards is in log(marker). */
  mark(mode: OracleMode, bodyTimeoutMs?: number): Promise<number>;
  log(since: number): Promise<OracleSnapshot>;
  /** Drops every upstream connection and forgets the log. */
  reset(): Promise<void>;
}

export function createOracleClient(address: TargetAddress): OracleClient {
  assertLoopbackTarget(address);
  return {
    address,
    mark: async (mode, bodyTimeoutMs) => {
      const query = `mode=${mode}${bodyTimeoutMs === undefined ? '' : `&bodyTimeoutMs=${bodyTimeoutMs}`}`;
      return (JSON.parse(await call(address, 'POST', `/__pb/oracle/mark?${query}`)) as { marker: number }).marker;
    },
    log: async (since) => JSON.parse(await call(address, 'GET', `/__pb/oracle/log?since=${since}`)) as OracleSnapshot,
    reset: async () => {
      await call(address, 'POST', '/__pb/oracle/reset');
    },
  };
}

function call(address: TargetAddress, method: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address.host, port: address.port, method, path, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new BenchError('ORACLE', `oracle ${path}: HTTP ${res.statusCode}: ${body.trim()}`))));
    });
    req.on('timeout', () => req.destroy(new BenchError('ORACLE', `oracle ${path}: no answer within 5 s`)));
    req.on('error', (error) => reject(error instanceof BenchError ? error : new BenchError('ORACLE', `oracle ${path}: ${error.message}`, { cause: error, hint: 'the oracle upstream stopped: see upstream-oracle.log in the run’s work folder' })));
    req.end();
  });
}
