// The palette: a variant's colour depends on its name only, so two reports colour the same proxy alike.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { directColor, variantColor, variantColors } from './palette.js';

const shipped = ['node', 'nginx', 'nginx-lua', 'haproxy', 'caddy', 'trafficserver', 'go-httputil', 'hyper', 'pingora'];

test('the same name gets the same colour whatever the run held and in whatever order', () => {
  const a = variantColors(['direct', 'nginx', 'pingora']);
  const b = variantColors(['pingora', 'caddy', 'haproxy', 'nginx']);
  assert.equal(a.get('nginx'), b.get('nginx'));
  assert.equal(a.get('pingora'), b.get('pingora'));
  assert.equal(a.get('direct'), directColor);
});

test('the nine shipped proxies have nine distinct colours, none of them direct’s', () => {
  const colors = shipped.map(variantColor);
  assert.equal(new Set(colors).size, 9);
  assert.ok(!colors.includes(directColor));
});

test('an unknown variant gets a stable colour not used by a shipped proxy', () => {
  const mine = variantColor('my-envoy');
  assert.equal(variantColor('my-envoy'), mine);
  assert.match(mine, /^#[0-9A-F]{6}$/i);
  assert.ok(!shipped.map(variantColor).includes(mine));
});
