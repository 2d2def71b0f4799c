import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AppPaths {
  root: string;
  daemonBundle: string;
  rendererDir: string;
  version: string;
}

/** The app's files, found from this module whether it runs from source or from a bundle in dist/. */
export function appPaths(from: string = import.meta.url, env: NodeJS.ProcessEnv = process.env): AppPaths {
  let dir = env.SWITCHYARD_RESOURCES ?? path.dirname(fileURLToPath(from));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'switchyard') {
        return { root: dir, daemonBundle: path.join(dir, 'dist', 'daemon.mjs'), rendererDir: path.join(dir, 'dist', 'renderer'), version: pkg.version ?? '0.0.0' };
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find Switchyard\'s package.json above the running code; set SWITCHYARD_RESOURCES');
    dir = parent;
  }
}
