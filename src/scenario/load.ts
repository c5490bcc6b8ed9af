// Reads a scenario file from disk and applies run-time overrides (--quick, --repeat, --retries, --variants).
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../shared/errors.js';
import { parseScenarioText, type ParsedScenario } from './parse.js';
import type { Scenario } from './schema.js';
import { quickLadder } from './ladder-schema.js';
import type { ScenarioEnvironment } from './machine-rules.js';

/** Reads and validates a scenario; `env` adds the rules that need this machine and the probe catalogue. */
export async function loadScenarioFile(file: string, env: ScenarioEnvironment = {}): Promise<ParsedScenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read scenario file ${file}`, [], {
      hint: 'check the path; the shipped scenarios are in scenarios/ (e.g. scenarios/quickstart.yaml)',
      cause,
    });
  }
  const outcome = parseScenarioText(text, file, env);
  if (!outcome.ok) {
    const n = outcome.problems.length;
    throw new ConfigError(`${file} has ${n} problem${n === 1 ? '' : 's'}`, outcome.problems, {
      hint: 'fix the fields named above; scenarios/README.md documents every field',
    });
  }
  return outcome.value;
}

export interface ScenarioOverrides {
  quick?: boolean;
  repeat?: number;
  retries?: number;
  variants?: string[];
  /** --generators: N local workers or "swarm:N". */
  generators?: Scenario['generators'];
}

/** Pure: the scenario as this invocation runs it. --quick shortens every phase to the scenario's quick durations. */
export function applyOverrides(scenario: Scenario, overrides: ScenarioOverrides): Scenario {
  const phases = overrides.quick
    ? scenario.phases.map((p) =>
        p.traffic.loop === 'ladder'
          ? { ...p, traffic: quickLadder(p.traffic) } // a ladder's duration is its time limit: its steps shrink instead
          : p.traffic.loop === 'search'
            ? { ...p, duration: Math.min(p.duration, Math.max(p.traffic.settle + 1000, scenario.quick.phaseDuration)) } // a step still settles
            : { ...p, duration: Math.min(p.duration, p.warmup ? scenario.quick.warmupDuration : scenario.quick.phaseDuration) },
      )
    : scenario.phases;
  return {
    ...scenario,
    phases,
    repetitions: overrides.repeat ?? scenario.repetitions,
    retries: overrides.retries ?? scenario.retries,
    generatorWarmup: overrides.quick ? Math.min(scenario.generatorWarmup, scenario.quick.generatorWarmup) : scenario.generatorWarmup,
    variants: overrides.variants ?? scenario.variants,
    ...(overrides.generators !== undefined ? { generators: overrides.generators } : {}),
  };
}
