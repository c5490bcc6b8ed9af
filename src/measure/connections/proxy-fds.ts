// Open file descriptors of the processes holding a listen socket (the proxy's), from /proc (Linux; a container's too, given its tables).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { hostTcpTables } from './tcp-table.js';

/** Pure: the inode of the LISTEN socket on `port` in a /proc/net/tcp{,6} text, if any. */
export function listenInode(text: string, port: number): string | undefined {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !f[0]!.endsWith(':')) continue;
    if (f[1]!.slice(f[1]!.lastIndexOf(':') + 1).toUpperCase() === portHex && f[3] === '0A') return f[9];
  }
  return undefined;
}

/** Pids with an fd on the socket inode (a one-time scan of /proc: the proxy's master and workers). */
export function pidsHoldingSocket(inode: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readdirSync(`/proc/${entry}/fd`).some((fd) => safeReadlink(`/proc/${entry}/fd/${fd}`) === `socket:[${inode}]`)) pids.push(Number(entry));
    } catch {
      // not ours to read, or gone
    }
  }
  return pids;
}

function safeReadlink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** A reader of the proxy's open fds (summed over its processes); undefined when the port's owner cannot be found. */
export function proxyFdReader(port: number, tables: readonly string[] = hostTcpTables): (() => number | undefined) | undefined {
  let inode: string | undefined;
  for (const table of tables) {
    try {
      inode ??= listenInode(readFileSync(table, 'latin1'), port);
    } catch {
      // no IPv6
    }
  }
  if (inode === undefined) return undefined;
  const pids = pidsHoldingSocket(inode);
  if (pids.length === 0) return undefined;
  return () => {
    let total = 0;
    for (const pid of pids) {
      try {
        total += readdirSync(`/proc/${pid}/fd`).length;
      } catch {
        return undefined;
      }
    }
    return total;
  };
}
