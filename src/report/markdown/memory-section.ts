// Pure: the "Memory per connection" section of report.md, from the run's connection ladders.
import { aggregateMemory, ladderMemoryName, memoryPerConnectionSeries, type MemoryAggregate } from '../../analyze/memory-series.js';
import type { RunRecord } from '../../record/run.js';
import type { LadderRecord } from '../../record/ladder.js';
import { formatBytes } from '../../shared/units.js';

/** '' when the run has no ladder. */
export function renderMemorySection(record: RunRecord): string {
  const aggregates = aggregateMemory(memoryPerConnectionSeries(record));
  if (aggregates.length === 0) return '';
  const many = record.scenario.repetitions > 1;
  const kernel = aggregates.some((a) => a.kernelBytesPerConn !== undefined);
  const notes = aggregates.flatMap((a) => a.notes.map((n) => `- ${a.variant} \`${a.ladder}\`: ${n}`));
  return [
    '## Memory per connection',
    '',
    'Connection ladders: at each step a separate worker process holds N keep-alive connections to the proxy, each opened ' +
      `with one exchange; once the proxy’s ${ladderMemoryName(record.provenance.runtime).long} settles it is read, and the proxy’s own count of ` +
      'connections on its listen port is read from /proc/net/tcp (held). bytes/conn is the slope of the least-squares ' +
      `line through (held, memory) over the steps, base its intercept.${many ? ' Median [min–max] over repetitions; spread = (max − min) / median.' : ''}`,
    '',
    ...ladderLegend(record),
    '',
    `| variant | ladder | bytes/conn |${many ? ' spread |' : ''}${kernel ? ' of which kernel |' : ''} R² | base | max held / opened |`,
    `|---|---|---:|${many ? '---:|' : ''}${kernel ? '---:|' : ''}---:|---:|---:|`,
    ...aggregates.map((a) => memoryRow(a, many, kernel)),
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
    'Steps, RSS and held counts: `connections.csv`.',
  ].join('\n');
}

/** One line per ladder: what each connection did. */
function ladderLegend(record: RunRecord): string[] {
  const seen = new Map<string, LadderRecord>();
  for (const cell of record.cells) for (const l of cell.ladders ?? []) if (!seen.has(l.name) && l.status !== 'skipped') seen.set(l.name, l);
  return [...seen.values()].map((l) => {
    const exchange = l.requestBodyBytes > 0 ? `one POST with a ${formatBytes(l.requestBodyBytes)} body` : 'one GET';
    const after = l.activeIntervalMs !== null ? `then a request every ${l.activeIntervalMs / 1000} s while held` : 'then idle';
    const steps = l.steps.map((s) => s.target).join(', ');
    const name = l.name === l.kind ? `\`${l.name}\`` : `\`${l.name}\` (${l.kind})`;
    return `- ${name}: ${exchange} and a ${formatBytes(l.responseBodyBytes)} response, ${after}; steps ${steps}.`;
  });
}

const wholeBytes = (bytes: number) => `${Math.round(bytes).toLocaleString('en-US')} B`;

function memoryRow(a: MemoryAggregate, many: boolean, kernel: boolean): string {
  const held = `${a.maxHeld ?? '?'} / ${a.maxOpened}`;
  const empty = ` ${a.unmeasured.length > 0 ? 'not measured (see below)' : '–'} |${many ? ' – |' : ''}${kernel ? ' – |' : ''}`;
  if (!a.bytesPerConn) return `| ${a.variant} | ${a.ladder} |${empty} – | – | ${held} |`;
  const b = a.bytesPerConn;
  const r2 = a.r2!;
  const bytes = wholeBytes(b.median) + (many ? ` [${wholeBytes(b.min)}–${wholeBytes(b.max)}]` : '');
  const spreadPct = b.median !== 0 ? `${(((b.max - b.min) / Math.abs(b.median)) * 100).toFixed(1)}%` : '–';
  const kernelBytes = a.kernelBytesPerConn ? wholeBytes(a.kernelBytesPerConn.median) : '–';
  const fit = r2.median.toFixed(3) + (many ? ` [${r2.min.toFixed(3)}–${r2.max.toFixed(3)}]` : '');
  const warn = a.closedByProxy ? ' ⚠ proxy closed connections' : '';
  return `| ${a.variant} | ${a.ladder} | ${bytes}${warn} |${many ? ` ${spreadPct} |` : ''}${kernel ? ` ${kernelBytes} |` : ''} ${fit} | ${formatBytes(a.baseBytes!.median)} | ${held} |`;
}
