// Finds an executable on PATH (plus the sbin folders, where Debian puts nginx and haproxy).
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export function which(name: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  const isExecutable = (file: string) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (isAbsolute(name)) return isExecutable(name) ? name : undefined;
  const dirs = [...pathEnv.split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'].filter(Boolean);
  for (const dir of dirs) {
    const file = join(dir, name);
    if (isExecutable(file)) return file;
  }
  return undefined;
}
