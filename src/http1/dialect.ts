// Parser dialects: how a reference parser (or the oracle) reads ambiguous HTTP/1.1 bytes; one knob per ambiguity class.

export interface Dialect {
  name: string;
  /** A line ended by LF alone: an error, or a line end (RFC 9112 §2.2 MAY). */
  bareLf: 'reject' | 'accept';
  /** A CR not followed by LF inside a line: an error, or kept as data. */
  bareCr: 'reject' | 'data';
  /** A field line starting with SP/HTAB (obs-fold, or whitespace before the first field). */
  obsFold: 'reject' | 'unfold';
  /** Control bytes other than HTAB (NUL, DEL, 0x01–0x1F) in a field value. */
  ctlInValue: 'reject' | 'accept';
  /** Whitespace between a field name and its colon (RFC 9112 §5.1 MUST reject). */
  spaceBeforeColon: 'reject' | 'strip';
  /** A field line without a colon, or with an empty name. */
  badFieldLine: 'reject' | 'ignore';
  /** Request line: exactly `method SP target SP HTTP/1.x`, or any run of blanks between parts. */
  requestLine: 'strict' | 'lenient';
  /** HTTP/1.1 needs exactly one Host field (RFC 9112 §3.2), or any number is taken. */
  host: 'require-one' | 'any';
  /** Content-Length: 1*DIGIT, or a C-library style integer (blanks, '+', leading digits, first list element). */
  contentLength: 'digits' | 'lenient';
  /** Several Content-Length fields: always an error, same value tolerated, or the last one wins. */
  duplicateContentLength: 'reject' | 'same-ok' | 'last';
  /** Both Content-Length and Transfer-Encoding: an error, Transfer-Encoding wins, or Content-Length wins. */
  bothLengths: 'reject' | 'te' | 'cl';
  /** Transfer-Encoding is chunked when: the list is exactly `chunked`, its last coding is chunked, or it mentions chunked. */
  chunked: 'exact' | 'last' | 'contains';
  /** Transfer-Encoding in an HTTP/1.0 request: an error (RFC 9112 §6.1 faulty framing), or honoured. */
  teInHttp10: 'reject' | 'honour';
  /** chunk-size: 1*HEXDIG, or strtoul-like (blanks, 0x, a valid prefix). */
  chunkSize: 'hex' | 'lenient';
  /** The chunk-size line and the CRLF after chunk data may end with LF alone. */
  chunkLf: 'reject' | 'accept';
  /** chunk-ext: the RFC grammar, or anything up to the line end. */
  chunkExt: 'grammar' | 'any';
  /** After chunk data: CRLF (or LF per chunkLf), or any two bytes skipped unchecked. */
  chunkDataEnd: 'crlf' | 'skip-two';
}

/** RFC 9112 read strictly: every MAY-reject rejected. A stream it accepts is canonical. */
export const strictDialect: Dialect = {
  name: 'strict',
  bareLf: 'reject', bareCr: 'reject', obsFold: 'reject', ctlInValue: 'reject', spaceBeforeColon: 'reject', badFieldLine: 'reject',
  requestLine: 'strict', host: 'require-one', contentLength: 'digits', duplicateContentLength: 'reject', bothLengths: 'reject', chunked: 'exact',
  teInHttp10: 'reject', chunkSize: 'hex', chunkLf: 'reject', chunkExt: 'grammar', chunkDataEnd: 'crlf',
};

/** A lenient, Content-Length-first reader (the classic CL side of CL.TE), tolerant of LF, folds and sloppy numbers. */
export const lenientDialect: Dialect = {
  name: 'lenient',
  bareLf: 'accept', bareCr: 'data', obsFold: 'unfold', ctlInValue: 'accept', spaceBeforeColon: 'strip', badFieldLine: 'ignore',
  requestLine: 'lenient', host: 'any', contentLength: 'lenient', duplicateContentLength: 'last', bothLengths: 'cl', chunked: 'contains',
  teInHttp10: 'honour', chunkSize: 'lenient', chunkLf: 'accept', chunkExt: 'any', chunkDataEnd: 'crlf',
};

/** Transfer-Encoding first, with the chunk quirks of "funky chunks": LF-terminated lines, extensions to LF, 2-byte skip. */
export const chunkVariantDialect: Dialect = {
  name: 'chunk-variant',
  bareLf: 'accept', bareCr: 'data', obsFold: 'reject', ctlInValue: 'accept', spaceBeforeColon: 'reject', badFieldLine: 'reject',
  requestLine: 'strict', host: 'any', contentLength: 'digits', duplicateContentLength: 'same-ok', bothLengths: 'te', chunked: 'last',
  teInHttp10: 'honour', chunkSize: 'lenient', chunkLf: 'accept', chunkExt: 'any', chunkDataEnd: 'skip-two',
};

/**
 * The oracle upstream's own live framing: RFC-preferring where the RFC decides (Transfer-Encoding wins over
 * Content-Length, §6.3 #3; differing lengths are an error), lenient where it only allows (bare LF, obs-fold,
 * control bytes in values), so that whatever a proxy forwards is framed the way a typical lenient origin would.
 */
export const oracleDialect: Dialect = {
  name: 'oracle',
  bareLf: 'accept', bareCr: 'reject', obsFold: 'unfold', ctlInValue: 'accept', spaceBeforeColon: 'reject', badFieldLine: 'reject',
  requestLine: 'strict', host: 'any', contentLength: 'digits', duplicateContentLength: 'same-ok', bothLengths: 'te', chunked: 'last',
  teInHttp10: 'honour', chunkSize: 'hex', chunkLf: 'accept', chunkExt: 'any', chunkDataEnd: 'crlf',
};

/** The reference parsers every forwarded stream is run through. */
export const referenceDialects: readonly Dialect[] = [strictDialect, lenientDialect, chunkVariantDialect];
