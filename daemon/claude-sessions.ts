/**
 * Whether Claude itself still has a session (so `--resume` can work): the CLI keeps each as
 * `<config dir>/projects/<project folder>/<session id>.jsonl`. The project folder's name is
 * derived from the cwd by rules of the CLI's own, so every project folder is searched.
 */
import { access, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export function claudeConfigDir(env: NodeJS.ProcessEnv): string {
  return env.CLAUDE_CONFIG_DIR || path.join(os.homedir(), '.claude');
}

export async function claudeSessionExists(env: NodeJS.ProcessEnv, sdkSessionId: string): Promise<boolean> {
  if (!/^[\w-]+$/.test(sdkSessionId)) return false;
  const projects = path.join(claudeConfigDir(env), 'projects');
  let folders: string[];
  try {
    folders = await readdir(projects);
  } catch {
    return false;
  }
  for (const folder of folders) {
    try {
      await access(path.join(projects, folder, `${sdkSessionId}.jsonl`));
      return true;
    } catch {
      // Not in this project.
    }
  }
  return false;
}
