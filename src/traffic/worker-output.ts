// The line a generator worker on another machine prints for each phase: its share and its result, as plain JSON.
import type { TrafficResult, WorkerShare } from './types.js';

/** Marks the lines that carry results in a worker's output (docker service logs, kubectl logs); other lines are ignored. */
export const workerOutputMarker = 'proxybench-worker-result ';
export const workerOutputFormat = 1;

export interface WorkerOutput {
  format: typeof workerOutputFormat;
  scenario: string;
  phase: string;
  share: WorkerShare;
  result: TrafficResult;
}

export function formatWorkerOutput(output: Omit<WorkerOutput, 'format'>): string {
  return `${workerOutputMarker}${JSON.stringify({ format: workerOutputFormat, ...output })}`;
}

/** Every result line of `text` (a worker's stdout, or many workers' logs together); `problems` names each bad line. */
export function parseWorkerOutputs(text: string, label: string): { outputs: WorkerOutput[]; problems: string[] } {
  const outputs: WorkerOutput[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    const at = line.indexOf(workerOutputMarker);
    if (at < 0) return;
    try {
      const value = JSON.parse(line.slice(at + workerOutputMarker.length)) as Partial<WorkerOutput>;
      const ok = value.format === workerOutputFormat && typeof value.phase === 'string' && typeof value.scenario === 'string' &&
        Number.isInteger(value.share?.index) && Number.isInteger(value.share?.count) && typeof value.result?.latencyUs === 'string';
      if (ok) outputs.push(value as WorkerOutput);
      else problems.push(`${label}:${i + 1}: not a format-${workerOutputFormat} worker result (made by another proxybench version?)`);
    } catch (error) {
      problems.push(`${label}:${i + 1}: unreadable worker result: ${(error as Error).message}`);
    }
  });
  return { outputs, problems };
}
