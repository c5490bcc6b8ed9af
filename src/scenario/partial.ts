// The parts of a scenario the schema accepts when it refuses others, so cross-field rules still report their problems.
import type { Problem } from './problem.js';
import { phaseSchema, scenarioSchema, type Scenario } from './schema.js';

/** Stand-ins for required sections the schema refused (rules read them as empty). */
const placeholders: Record<string, unknown> = { name: 'scenario', variants: [], phases: [] };

export interface PartialScenario {
  scenario: Scenario;
  /** scenario.phases[i] is the file's phases[phaseIndex[i]] (refused phases are left out). */
  phaseIndex: number[];
}

/** Each top-level section and each phase parsed on its own; a refused one becomes its default (or is left out). */
export function partialScenario(raw: unknown): PartialScenario | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const fields = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const phaseIndex: number[] = [];
  for (const [key, schema] of Object.entries(scenarioSchema.shape)) {
    if (key === 'phases') {
      const phases: unknown[] = Array.isArray(fields.phases) ? fields.phases : [];
      out.phases = phases.flatMap((phase, i) => {
        const parsed = phaseSchema.safeParse(phase);
        if (!parsed.success) return [];
        phaseIndex.push(i);
        return [parsed.data];
      });
      continue;
    }
    const parsed = schema.safeParse(fields[key]);
    const fallback = parsed.success ? parsed : schema.safeParse(undefined);
    out[key] = fallback.success ? fallback.data : placeholders[key];
  }
  return { scenario: out as Scenario, phaseIndex };
}

/** Rule problems of a partial scenario, with phase indices of the file, minus those about a field the schema refused. */
export function partialRuleProblems(partial: PartialScenario, problems: readonly Problem[], refused: readonly Problem[]): Problem[] {
  const inFile = problems.map((p) => (p.path[0] === 'phases' && typeof p.path[1] === 'number' ? { ...p, path: ['phases', partial.phaseIndex[p.path[1]]!, ...p.path.slice(2)] } : p));
  const related = (a: Problem['path'], b: Problem['path']) => a.slice(0, Math.min(a.length, b.length)).every((k, i) => k === b[i]);
  return inFile.filter((p) => !refused.some((r) => related(p.path, r.path)));
}
