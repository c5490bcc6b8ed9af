// Named process exit codes; documented in README.md ("Exit codes").

export const ExitCode = {
  ok: 0,
  /** Internal error: a bug in proxybench. */
  internal: 1,
  /** Wrong command line: unknown flag, variant or command. */
  usage: 2,
  /** The scenario file is invalid. */
  config: 3,
  /** The machine lacks something: binary, free port, writable folder. */
  environment: 4,
  /** A run finished but some cells crashed, failed or did not start. */
  runIncomplete: 5,
  /** A run finished but some measured proxy × phase has no valid repetition (nothing to report for it; `direct` aside). */
  noValidResult: 6,
  /** An output could not be written (disk full, I/O error, no permission); nothing half-written is left. */
  outputWrite: 7,
  /** A run.json that is not a run record this proxybench reads: not JSON, a wrong or missing field, another schema version. */
  badRecord: 8,
  /** `compare`: the release gate failed (a regression beyond its threshold and beyond the noise). */
  compareFail: 10,
  /** `compare`: the gate cannot tell (too few repetitions, noise, invalid phases, nothing to compare). */
  compareInconclusive: 11,
  /** Interrupted by SIGINT (128 + 2). */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
