// Byte classes and constants for HTTP/1.1 parsing (RFC 9110 tchar, field values), as lookup tables.

export const CR = 0x0d;
export const LF = 0x0a;
export const SP = 0x20;
export const HTAB = 0x09;
export const COLON = 0x3a;
export const COMMA = 0x2c;
export const SEMICOLON = 0x3b;

function byteTable(isMember: (byte: number) => boolean): Uint8Array {
  const table = new Uint8Array(256);
  for (let byte = 0; byte < 256; byte++) table[byte] = isMember(byte) ? 1 : 0;
  return table;
}

const tcharSymbols = "!#$%&'*+-.^_`|~";

/** 1 for token characters (method names, field names, codings). */
export const TCHAR = byteTable(
  (b) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || tcharSymbols.includes(String.fromCharCode(b)),
);

/** 1 for bytes allowed in a request target (visible ASCII). */
export const TARGET_CHAR = byteTable((b) => b >= 0x21 && b <= 0x7e);

/** 1 for bytes allowed inside a field value: visible ASCII, SP, HTAB and obs-text. */
export const FIELD_VALUE_CHAR = byteTable((b) => b === HTAB || (b >= 0x20 && b !== 0x7f));

/** 1 for control bytes that may never appear in a request head (everything below SP except HTAB, CR, LF; and DEL). */
export const FORBIDDEN_CTL = byteTable((b) => (b < 0x20 && b !== HTAB && b !== CR && b !== LF) || b === 0x7f);

/** Value of a hexadecimal digit byte, or -1. */
export function hexDigitValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** Bytes of a lower-case ASCII word, for case-insensitive comparisons. */
export function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** True when buf[start, end) equals `lower` ignoring ASCII case (`lower` must be lower-case letters/symbols). */
export function equalsIgnoreCase(buf: Uint8Array, start: number, end: number, lower: Uint8Array): boolean {
  if (end - start !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    const byte = buf[start + i]!;
    const folded = byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte;
    if (folded !== lower[i]) return false;
  }
  return true;
}

/** True when buf[start, end) equals `exact` byte for byte. */
export function equalsExact(buf: Uint8Array, start: number, exact: Uint8Array): boolean {
  for (let i = 0; i < exact.length; i++) if (buf[start + i] !== exact[i]) return false;
  return true;
}
