// Counts the TCP connections a server holds on its listen port, from /proc/net/tcp and /proc/net/tcp6 (Linux).
import { readFileSync } from 'node:fs';

/** Kernel TCP states as /proc/net/tcp writes them (hex), the ones the ladder reports. */
export const tcpStates = { established: '01', synRecv: '03', closeWait: '08', listen: '0A' } as const;

export interface PortConnections {
  /** Sockets in ESTABLISHED whose local port is the port: the server's side of live connections. */
  established: number;
  /** Sockets in CLOSE_WAIT on the port: the client has closed, the server has not yet. */
  closeWait: number;
  /**
   * Handshakes in SYN_RECV on the port: not yet accepted by the kernel's rules. Either half-open, or complete but held
   * back until the client sends data (a listener with TCP_DEFER_ACCEPT, as trafficserver's by default).
   */
  synRecv: number;
}

/**
 * Pure: parses the text of /proc/net/tcp or /proc/net/tcp6 and counts the server-side sockets on `port`.
 * Columns: "sl local_address rem_address st …"; addresses are HEXIP:HEXPORT (the port in big-endian hex).
 */
export function countPortConnections(text: string, port: number): PortConnections {
  const counts: PortConnections = { established: 0, closeWait: 0, synRecv: 0 };
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4 || !fields[0]!.endsWith(':')) continue; // the header line or a blank one
    const local = fields[1]!;
    if (local.slice(local.lastIndexOf(':') + 1).toUpperCase() !== portHex) continue;
    const pair = `${local} ${fields[2]}`;
    if (seen.has(pair)) continue; // the kernel's table is read in pieces while it changes: a socket can appear twice
    seen.add(pair);
    const state = fields[3]!.toUpperCase();
    if (state === tcpStates.established) counts.established++;
    else if (state === tcpStates.closeWait) counts.closeWait++;
    else if (state === tcpStates.synRecv) counts.synRecv++;
  }
  return counts;
}

/** The TCP tables of this network namespace. A runtime whose targets live elsewhere passes /proc/<pid>/net/tcp{,6}. */
export const hostTcpTables = ['/proc/net/tcp', '/proc/net/tcp6'] as const;

/**
 * Counts the port's connections `reads` times and keeps the highest count: the kernel writes the table in pieces, so
 * sockets opened or closed elsewhere meanwhile can make one read skip (or repeat: removed above) a line.
 */
export function readPortConnections(port: number, tables: readonly string[] = hostTcpTables, reads = 3): PortConnections | undefined {
  let best: PortConnections | undefined;
  for (let i = 0; i < reads; i++) {
    const counts = readOnce(port, tables);
    if (counts && (!best || counts.established > best.established)) best = counts;
  }
  return best;
}

/** Sums countPortConnections over the tables; undefined when none can be read (not Linux, or the namespace is gone). */
function readOnce(port: number, tables: readonly string[]): PortConnections | undefined {
  let read = 0;
  const total: PortConnections = { established: 0, closeWait: 0, synRecv: 0 };
  for (const table of tables) {
    let text: string;
    try {
      text = readFileSync(table, 'latin1');
    } catch {
      continue; // e.g. no IPv6
    }
    read++;
    const counts = countPortConnections(text, port);
    total.established += counts.established;
    total.closeWait += counts.closeWait;
    total.synRecv += counts.synRecv;
  }
  return read > 0 ? total : undefined;
}
