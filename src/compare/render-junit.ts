// Pure: JUnit XML for CI test reporters — one testsuite per variant, one testcase per check; failures carry the message.
import { checkLabel, formatChange, formatSide, formatThreshold } from './format.js';
import type { CheckResult, CompareResult } from './types.js';

/** XML 1.0 allows tab, LF, CR and U+0020 upwards (minus surrogates and U+FFFE/U+FFFF); the rest is dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

const attr = (name: string, value: string | number) => `${name}="${escapeXml(String(value))}"`;

function testcase(check: CheckResult): string {
  const name = `${check.phase === '*' ? '' : `${check.phase} ${check.trafficClass} `}${checkLabel(check)}`;
  const details =
    `baseline ${formatSide(check, 'baseline')}, candidate ${formatSide(check, 'candidate')}, change ${formatChange(check)}, ` +
    `threshold ${formatThreshold(check)}${check.pValue === null ? '' : `, p = ${check.pValue.toFixed(3)}`}`;
  const open = `    <testcase ${attr('classname', `proxybench.compare.${check.variant}`)} ${attr('name', name)}>`;
  const body =
    check.verdict === 'fail' ? `      <failure ${attr('type', 'regression')} ${attr('message', check.message)}>${escapeXml(details)}</failure>`
    : check.verdict === 'inconclusive' ? `      <skipped ${attr('message', `inconclusive: ${check.message}`)}/>`
    : `      <system-out>${escapeXml(`${check.message}; ${details}`)}</system-out>`;
  return [open, body, '    </testcase>'].join('\n');
}

export function renderCompareJunit(result: CompareResult): string {
  const variants = [...new Set(result.checks.map((c) => c.variant))];
  const count = (checks: CheckResult[], verdict: CheckResult['verdict']) => checks.filter((c) => c.verdict === verdict).length;
  const suites = variants.map((variant) => {
    const checks = result.checks.filter((c) => c.variant === variant);
    return [
      `  <testsuite ${attr('name', `proxybench compare ${variant}`)} ${attr('tests', checks.length)} ${attr('failures', count(checks, 'fail'))} ` +
        `${attr('errors', 0)} ${attr('skipped', count(checks, 'inconclusive'))}>`,
      ...checks.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  const all = result.checks;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attr('name', `proxybench compare ${result.baseline.runId} → ${result.candidate.runId}: ${result.verdict}`)} ` +
      // junit-10.xsd (Jenkins xunit) allows no `skipped` here: each testsuite carries its own count.
      `${attr('tests', all.length)} ${attr('failures', count(all, 'fail'))} ${attr('errors', 0)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
