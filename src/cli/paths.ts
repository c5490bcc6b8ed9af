// Where the installed tool lives: the repository root holds docker/, scenarios/ and package.json.
import { fileURLToPath } from 'node:url';

/** dist/src/cli/paths.js → the repository root. */
export function repoRoot(): string {
  return fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
}
