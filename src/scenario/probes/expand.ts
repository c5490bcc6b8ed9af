// Pure: turns a probe's text (YAML escapes already applied, macros not yet) into the exact bytes to send.

/** Most bytes one probe may send (the size probes reach about 1 MiB). */
export const maxProbeBytes = 2 * 1024 * 1024;

export class ProbeTextError extends Error {}

/**
 * Macros, from reference/adversarial.md §1 (NN = the probe's tag), expanded innermost first:
 *   {P}  = "POST /pNN HTTP/1.1\r\nHost: t\r\n"        {TE} = "Transfer-Encoding: chunked\r\n"
 *   {S}  = "GET /SMUGNN HTTP/1.1\r\nHost: t\r\n\r\n" (33 bytes)
 *   {SB} = "GET /SMUGNN HTTP/1.1\r\nHost: t\r\nContent-Length: 7\r\n\r\n" (52 bytes = 0x34)
 *   {NN} = the tag   {rep:N:text} = text N times (text may hold macros)   {LB} {RB} = a literal "{" or "}"
 */
export function macroTable(tag: string): Record<string, string> {
  return {
    P: `POST /p${tag} HTTP/1.1\r\nHost: t\r\n`,
    TE: 'Transfer-Encoding: chunked\r\n',
    S: `GET /SMUG${tag} HTTP/1.1\r\nHost: t\r\n\r\n`,
    SB: `GET /SMUG${tag} HTTP/1.1\r\nHost: t\r\nContent-Length: 7\r\n\r\n`,
    NN: tag,
    LB: '\uE000',
    RB: '\uE001',
  };
}

const macroPattern = /\{rep:(\d+):([^{}]*)\}|\{([A-Z]+)\}/g;

export function expandProbeText(text: string, tag: string): Buffer {
  const macros = macroTable(tag);
  let expanded = text;
  for (let round = 0; round < 8; round++) {
    const next = expanded.replace(macroPattern, (_whole, count: string | undefined, body: string | undefined, name: string | undefined) => {
      if (count !== undefined) {
        if (Number(count) * body!.length > maxProbeBytes) throw new ProbeTextError(`{rep:${count}:…} makes the probe longer than ${maxProbeBytes} bytes`);
        return body!.repeat(Number(count));
      }
      const value = macros[name!];
      if (value === undefined) throw new ProbeTextError(`unknown macro {${name}}; known: ${Object.keys(macros).map((k) => `{${k}}`).join(' ')} {rep:N:text}`);
      return value;
    });
    if (next.length > maxProbeBytes) throw new ProbeTextError(`the probe is longer than ${maxProbeBytes} bytes`);
    if (next === expanded) break;
    expanded = next;
  }
  expanded = expanded.replaceAll('\uE000', '{').replaceAll('\uE001', '}');
  for (let i = 0; i < expanded.length; i++) {
    if (expanded.charCodeAt(i) > 0xff) {
      throw new ProbeTextError(`character U+${expanded.charCodeAt(i).toString(16).toUpperCase()} at ${i} is not a byte: write bytes as \\xNN escapes`);
    }
  }
  return Buffer.from(expanded, 'latin1');
}

/** The tag: explicit, or the id's leading two digits, or "ZZ". */
export function probeTag(id: string, explicit: string | undefined): string {
  return explicit ?? /^(\d\d)/.exec(id)?.[1] ?? 'ZZ';
}

/** Bytes shown to people: printable ASCII as is, the rest as \r \n \t \xNN; cut at `max` bytes. */
export function escapeBytes(bytes: Uint8Array, max = 200): string {
  let out = '';
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    out += b === 0x0d ? '\\r' : b === 0x0a ? '\\n' : b === 0x09 ? '\\t' : b === 0x5c ? '\\\\' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return bytes.length > max ? `${out}… (${bytes.length} B)` : out;
}
