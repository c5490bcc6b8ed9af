// Errors across the process boundary: a worker's error travels as plain data and is rebuilt with its full detail.
import { BenchError, ConfigError, EnvironmentError, TargetStartError, UnsafeTargetError, UsageError } from '../errors.js';

/** Everything a BenchError (or any Error) carries that the user may need: code, hint, problems, log tail, cause chain. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  hint?: string;
  problems?: string[];
  logTail?: string;
  address?: string;
  reason?: string;
  /** The messages of the error's `cause` chain, outermost first. */
  causes?: string[];
  /** For errors that were not BenchErrors (bugs): where it happened, so the report is useful. */
  stack?: string;
}

function causeChain(error: unknown): string[] {
  const causes: string[] = [];
  let next = (error as { cause?: unknown } | null)?.cause;
  for (let depth = 0; next !== undefined && next !== null && depth < 5; depth++) {
    causes.push(next instanceof Error ? next.message : String(next));
    next = (next as { cause?: unknown }).cause;
  }
  return causes;
}

export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const wire: WireError = { name: error.name, message: error.message };
  const causes = causeChain(error);
  if (causes.length > 0) wire.causes = causes;
  if (!(error instanceof BenchError)) {
    if (error.stack !== undefined) wire.stack = error.stack;
    return wire;
  }
  wire.code = error.code;
  if (error.hint !== undefined) wire.hint = error.hint;
  if (error instanceof ConfigError) wire.problems = [...error.problems];
  if (error instanceof TargetStartError) wire.logTail = error.logTail;
  if (error instanceof UnsafeTargetError) {
    wire.address = error.address;
    wire.reason = error.reason;
  }
  return wire;
}

/**
 * Rebuilds the error a worker raised, as the same class with the same detail. A worker's bug (not a BenchError)
 * comes back as a BenchError with `fallbackCode` and the worker's stack in the message, so it is reported, not lost.
 */
export function fromWireError(wire: WireError, fallbackCode: string, who: string): BenchError {
  const cause = wire.causes && wire.causes.length > 0 ? new Error(wire.causes.join(': ')) : undefined;
  const options = { ...(wire.hint !== undefined ? { hint: wire.hint } : {}), ...(cause ? { cause } : {}) };
  switch (wire.code) {
    case 'CONFIG': return new ConfigError(wire.message, wire.problems ?? [], options);
    case 'ENVIRONMENT': return new EnvironmentError(wire.message, options);
    case 'USAGE': return new UsageError(wire.message, options);
    case 'TARGET_START': return new TargetStartError(wire.message, wire.logTail ?? '', options);
    case 'UNSAFE_TARGET':
      if (wire.address !== undefined && wire.reason !== undefined) return new UnsafeTargetError(wire.address, wire.reason, options);
      return new BenchError('UNSAFE_TARGET', wire.message, options);
    case undefined: return new BenchError(fallbackCode, `${who}: ${wire.stack ?? wire.message}`, options);
    default: return new BenchError(wire.code, wire.message, options);
  }
}

/** One line per detail of an error (message, problems, hint): what a cell failure records so nothing is dropped. */
export function errorDetail(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts = [error.message];
  if (error instanceof ConfigError && error.problems.length > 0) parts.push(...error.problems);
  if (error instanceof BenchError && error.hint !== undefined) parts.push(`fix: ${error.hint}`);
  return parts.join('; ');
}
