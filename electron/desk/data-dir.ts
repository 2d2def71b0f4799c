import os from 'node:os';
import path from 'node:path';

/** The app's data folder: SWITCHYARD_DATA_DIR, else the platform's usual place. */
export function appDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SWITCHYARD_DATA_DIR) return path.resolve(env.SWITCHYARD_DATA_DIR);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Switchyard');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'Switchyard');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'switchyard');
}
