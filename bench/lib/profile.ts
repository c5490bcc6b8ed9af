// Pure: a V8 CPU profile's samples summed by function (self time), the hottest first.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface FunctionShare {
  name: string;
  where: string;
  sharePct: number;
}

export function selfTimeByFunction(profile: { nodes: ProfileNode[] }, top: number): FunctionShare[] {
  const total = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const byKey = new Map<string, FunctionShare & { hits: number }>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const file = f.url.split('/').slice(-2).join('/');
    const where = file === '' ? '(native)' : `${file}:${f.lineNumber + 1}`;
    const name = f.functionName || '(anonymous)';
    const key = `${name}@${where}`;
    const entry = byKey.get(key) ?? { name, where, sharePct: 0, hits: 0 };
    entry.hits += node.hitCount ?? 0;
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort((a, b) => b.hits - a.hits).slice(0, top)
    .map(({ name, where, hits }) => ({ name, where, sharePct: total > 0 ? (hits / total) * 100 : 0 }));
}
