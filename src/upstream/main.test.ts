// Tests of the upstream program as a process: the listening line, SIGTERM exit, a taken port, bad flags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { RawHttpClient } from './raw-http-client.js';

const mainPath = fileURLToPath(new URL('./main.js', import.meta.url));

interface Outcome { code: number | null; stdout: string; stderr: string }

/** Starts the program; `whileRunning` gets the first stdout line and the child; resolves when it exits. */
function runProgram(args: string[], whileRunning?: (line: string, stop: () => void) => Promise<void>): Promise<Outcome> {
  const child = spawn(process.execPath, [mainPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let started = false;
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const newline = stdout.indexOf('\n');
      if (started || newline === -1 || whileRunning === undefined) return;
      started = true;
      whileRunning(stdout.slice(0, newline), () => child.kill('SIGTERM')).catch((error: unknown) => {
        child.kill('SIGKILL');
        reject(error);
      });
    });
    child.on('exit', (code) => {
      clearTimeout(killTimer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('prints one listening line, serves, and exits 0 on SIGTERM', async () => {
  const outcome = await runProgram(['--port', '0', '--body-bytes', '7'], async (line, stop) => {
    const event = JSON.parse(line);
    assert.deepEqual(Object.keys(event), ['event', 'host', 'port', 'pid']);
    assert.equal(event.event, 'listening');
    assert.equal(event.host, '127.0.0.1');
    assert.ok(event.port > 0);
    const client = await RawHttpClient.connect(event.port);
    client.send('GET / HTTP/1.1\r\nHost: t\r\n\r\n');
    const [r] = await client.responses(1);
    assert.equal(r?.body.length, 7);
    client.destroy();
    stop();
  });
  assert.equal(outcome.code, 0);
  assert.equal(outcome.stdout.trim().split('\n').length, 1);
});

test('a taken port: non-zero exit and a one-line message naming it', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const outcome = await runProgram(['--port', String(port)]);
    assert.notEqual(outcome.code, 0);
    assert.equal(outcome.stdout, '');
    assert.equal(outcome.stderr.trim().split('\n').length, 1);
    assert.match(outcome.stderr, new RegExp(`port ${port} is in use`));
  } finally {
    blocker.close();
  }
});

test('bad flags: exit 2 with the problem on stderr', async () => {
  const outcome = await runProgram(['--latency', '{"distribution":"gamma"}']);
  assert.equal(outcome.code, 2);
  assert.match(outcome.stderr, /--latency/);
});
