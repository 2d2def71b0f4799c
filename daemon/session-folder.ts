/** A session's folder: checked when the session is created, and again before a CLI starts in it. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { expandHome } from '../shared/node/home.js';
import { RpcError } from './rpc-error.js';

/** Why `folder` cannot hold a session (missing, or not a folder), or undefined when it can. */
async function folderProblem(folder: string): Promise<'missing' | 'not a folder' | undefined> {
  try {
    return (await stat(folder)).isDirectory() ? undefined : 'not a folder';
  } catch {
    return 'missing';
  }
}

/** The absolute folder for a new session; throws an RpcError saying what is wrong with it. */
export async function checkSessionFolder(rawPath: string): Promise<string> {
  const resolved = path.resolve(expandHome(rawPath));
  const problem = await folderProblem(resolved);
  if (problem === 'missing') throw new RpcError(-32000, `Path does not exist: ${rawPath} (resolved to ${resolved})`);
  if (problem) throw new RpcError(-32000, `Path is not a directory: ${rawPath}`);
  return resolved;
}

/** What to tell the user when an existing session's folder is gone, or undefined when it is there. */
export async function goneFolderMessage(folder: string): Promise<string | undefined> {
  if (!(await folderProblem(folder))) return undefined;
  return `This session's folder ${folder} no longer exists on this host (or is no longer a folder), so Claude cannot run in it. Recreate it, or start a new session in a folder that exists.`;
}
