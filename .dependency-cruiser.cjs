// The layers of src/ and the import rules between them, checked by dependency-cruiser (`npm run lint:deps`, part of `npm test`).
//
// Bottom to top; a folder imports its own layer's folder or folders below it, never one above, never a sibling in
// the same layer. The order is the README's (Development section); change both together.
const layers = [
  ['shared'], //      errors, exit codes, units
  ['tls'], //         TLS key types and versions, the run's CA + certificate generation
  ['measure'], //     histograms, /proc and cgroup sampling, TCP tables
  ['http1'], //       HTTP/1 byte classes and reference parsers (the oracle upstream and the classifier)
  ['upstream'], //    the upstream server program (benign and oracle)
  ['scenario'], //    scenario and probe-catalogue schemas, rules, parsing
  ['traffic'], //     generators, ladder holder, attacker, raw probe exchange
  ['record'], //      the run record's shapes (run.json) and its reader
  ['runtime'], //     variants, local processes, docker
  ['analyze'], //     pure figures: cell x phase rows, validity, ladder, probes, attacks
  ['report'], //      CSV, Markdown, HTML, .hlog from a record
  ['compare', 'run'], // the gate between two records; the orchestration of one run
  ['cli'], //         commander commands, the one place errors become exit codes
];

const levelOf = new Map(layers.flatMap((folders, level) => folders.map((folder) => [folder, level])));
const folderPattern = (folders) => `^src/(${folders.join('|')})/`;

/** For each folder: no import of a folder in a higher layer, nor of another folder of its own layer. */
const layerRules = [...levelOf].map(([folder, level]) => {
  const forbidden = [...levelOf].filter(([other, otherLevel]) => other !== folder && otherLevel >= level).map(([other]) => other);
  return {
    name: `layer-${folder}`,
    comment: `${folder} (layer ${level}) imports only the layers below it: never ${forbidden.join(', ')}`,
    severity: 'error',
    from: { path: folderPattern([folder]) },
    to: { path: folderPattern(forbidden) },
  };
}).filter((rule) => !rule.to.path.endsWith('()/'));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import circles: each module sits below the modules that import it.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'unlayered-folder',
      comment: 'Every folder of src/ is in a layer (add a new one to `layers` here and to the README).',
      severity: 'error',
      from: { path: '^src/', pathNot: [folderPattern([...levelOf.keys()]), '^src/testing/'] },
      to: {},
    },
    {
      name: 'test-support-only-in-tests',
      comment:
        'Test support (src/testing/, any testing/ folder) sits outside the layers so any test may use it; ' +
        'it is why a test may reach above its own layer. Shipped code never imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['\\.test\\.ts$', '/testing/'] },
      to: { path: '/testing/' },
    },
  ],
  options: {
    // TypeScript 7 has no compiler API for dependency-cruiser to call; swc parses the sources, type-only imports included.
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },

};
