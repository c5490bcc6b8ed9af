// How `run` shows its progress on stderr: a live bar on a terminal (cli-progress), plain lines otherwise (CI, a pipe, a file).
import { MultiBar } from 'cli-progress';
import { advanceProgress, initialProgress, type ProgressState, type RunProgressEvent } from '../../run/progress.js';
import { progressLine, progressPayload } from './progress-text.js';

export interface RunDisplay {
  log(line: string): void;
  progress(event: RunProgressEvent): void;
  stop(): void;
}

export interface DisplayDeps {
  stream: NodeJS.WriteStream;
  nowMs: () => number;
  env: NodeJS.ProcessEnv;
}

/** A live bar when stderr is a terminal (and not CI=true), else plain lines. */
export function createRunDisplay(deps: DisplayDeps): RunDisplay {
  const live = deps.stream.isTTY === true && !isCi(deps.env);
  return live ? liveDisplay(deps) : plainDisplay(deps);
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI !== 'false';
}

/** Every log line as it is; each new cell's line also says the time so far and the estimate left. */
export function plainDisplay(deps: Pick<DisplayDeps, 'stream' | 'nowMs'>): RunDisplay {
  let state: ProgressState = initialProgress(deps.nowMs());
  return {
    log: (line) => void deps.stream.write(`${line}\n`),
    progress: (event) => {
      state = advanceProgress(state, event, deps.nowMs());
      if (event.kind === 'cell-start') deps.stream.write(`${progressLine(state, deps.nowMs())}\n`);
    },
    stop: () => undefined,
  };
}

function liveDisplay(deps: DisplayDeps): RunDisplay {
  let state: ProgressState = initialProgress(deps.nowMs());
  const bars = new MultiBar({
    stream: deps.stream,
    // Our own tokens only (cli-progress's {eta} and {duration} would time the bar, not the run).
    format: '{bar} {percent}% | cell {cell} | {variant} · {phase} | {run_elapsed} elapsed, ETA {run_eta}',
    barsize: 20,
    hideCursor: true,
    clearOnComplete: true,
    fps: 4,
    barCompleteChar: '█',
    barIncompleteChar: '░',
  });
  let bar: ReturnType<MultiBar['create']> | null = null;
  const refresh = () => bar?.update(Math.round(progressPayload(state, deps.nowMs()).fraction * 1000), progressPayload(state, deps.nowMs()));
  const ticker = setInterval(refresh, 1000);
  ticker.unref();
  return {
    log: (line) => (bar ? bars.log(`${line}\n`) : deps.stream.write(`${line}\n`)),
    progress: (event) => {
      state = advanceProgress(state, event, deps.nowMs());
      if (!bar && event.kind === 'run-start') bar = bars.create(1000, 0, progressPayload(state, deps.nowMs()));
      refresh();
    },
    stop: () => {
      clearInterval(ticker);
      if (bar) bars.update(); // writes log lines still buffered
      bars.stop();
    },
  };
}
