// Test helper: a raw TCP client that sends exact bytes and parses HTTP/1.1 responses (Content-Length framed) as they come back.
import net from 'node:net';

export interface ParsedResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Map<string, string>;
  body: Buffer;
}

export class RawHttpClient {
  private received = Buffer.alloc(0);
  private readonly parsed: ParsedResponse[] = [];
  private closedFlag = false;
  private wake: (() => void) | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.parseAvailable();
      this.wake?.();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closedFlag = true;
      this.wake?.();
    });
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawHttpClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => resolve(new RawHttpClient(socket)));
      socket.once('error', reject);
    });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  send(bytes: string | Buffer): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** Half-closes the sending side (FIN). */
  endWriting(): void {
    this.socket.end();
  }

  /** Waits for `count` more responses (or the close); rejects after timeoutMs. */
  async responses(count: number, timeoutMs = 5000): Promise<ParsedResponse[]> {
    await this.waitFor(() => this.parsed.length >= count || this.closedFlag, timeoutMs);
    return this.parsed.splice(0, count);
  }

  /** Waits until the server closes the connection; rejects after timeoutMs. */
  async waitClosed(timeoutMs = 5000): Promise<void> {
    await this.waitFor(() => this.closedFlag, timeoutMs);
  }

  /** Waits for the close and returns the bytes not yet parsed as responses (e.g. a HEAD response). */
  async unparsedUntilClosed(timeoutMs = 5000): Promise<string> {
    await this.waitClosed(timeoutMs);
    return this.received.toString('latin1');
  }

  destroy(): void {
    this.socket.destroy();
  }

  private async waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const leftMs = deadline - Date.now();
      if (leftMs <= 0) throw new Error('timed out waiting for the server');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, leftMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private parseAvailable(): void {
    for (;;) {
      const headEnd = this.received.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const lines = this.received.toString('latin1', 0, headEnd).split('\r\n');
      const status = Number(lines[0]!.split(' ')[1]);
      const headers = new Map<string, string>();
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const bodyBytes = Number(headers.get('content-length') ?? 0);
      if (this.received.length < headEnd + 4 + bodyBytes) return;
      const body = this.received.subarray(headEnd + 4, headEnd + 4 + bodyBytes);
      this.parsed.push({ status, headers, body: Buffer.from(body) });
      this.received = this.received.subarray(headEnd + 4 + bodyBytes);
    }
  }
}
