// Typed errors: every failure the user can fix carries a code, the problem and the fix.

export class BenchError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }
}

/** A scenario file or a flag is wrong; `problems` holds every problem found, not just the first. */
export class ConfigError extends BenchError {
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[] = [], options: { hint?: string; cause?: unknown } = {}) {
    super('CONFIG', message, options);
    this.problems = problems;
  }
}

/** The command line was used wrongly (unknown variant, bad flag value). */
export class UsageError extends BenchError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('USAGE', message, options);
  }
}

/** The machine lacks something the run needs: a binary, a free port, a writable folder. */
export class EnvironmentError extends BenchError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('ENVIRONMENT', message, options);
  }
}

/** A proxy or the upstream did not start or become healthy. */
export class TargetStartError extends BenchError {
  readonly logTail: string;
  constructor(message: string, logTail = '', options: { hint?: string; cause?: unknown } = {}) {
    super('TARGET_START', message, options);
    this.logTail = logTail;
  }
}

/** Traffic was about to go to an address proxybench did not start a target at; `address` is host:port, `reason` why it is refused. */
export class UnsafeTargetError extends BenchError {
  readonly address: string;
  readonly reason: string;
  constructor(address: string, reason: string, options: { hint?: string; cause?: unknown } = {}) {
    super('UNSAFE_TARGET', `refusing adversarial traffic to ${address}: ${reason}`, options);
    this.address = address;
    this.reason = reason;
  }
}

/** The run was interrupted by SIGINT/SIGTERM; finished cells are kept. */
export class InterruptedError extends BenchError {
  readonly signal: string;
  constructor(signal: string) {
    super('INTERRUPTED', `interrupted by ${signal}`);
    this.signal = signal;
  }
}

/** Writing an output failed (disk full, I/O error, no permission): `path` is the file, `errno` the system's code (ENOSPC, EIO, EACCES…). */
export class OutputWriteError extends BenchError {
  readonly path: string;
  readonly errno: string;
  constructor(path: string, errno: string, detail: string, options: { hint?: string; cause?: unknown } = {}) {
    super('OUTPUT_WRITE', `cannot write ${path}: ${detail}`, options);
    this.path = path;
    this.errno = errno;
  }
}

/** A port the run needs is held by something else (another proxybench run, named when it says so): the run cannot go on. */
export class PortTakenError extends EnvironmentError {
  readonly port: number;
  constructor(port: number, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options);
    this.port = port;
  }
}

/** A run.json is not a run record this proxybench reads: `path` is the JSON path of the first bad field ('' for the whole file). */
export class BadRecordError extends BenchError {
  readonly path: string;
  constructor(path: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('BAD_RECORD', message, options);
    this.path = path;
  }
}
