/** A session's folder: checked when the session is created, and again before a CLI starts in it. */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { expandHome } from '../shared/node/home.js';
import { RpcErrorCode } from '../shared/protocol.js';
import { RpcError } from './rpc-error.js';

/** Why `folder` cannot hold a session (missing, or not a folder), or undefined when it can. */
async function folderProblem(folder: string): Promise<'missing' | 'not a folder' | undefined> {
  try {
    return (await stat(folder)).isDirectory() ? undefined : 'not a folder';
  } catch {
    return 'missing';
  }
}

/**
 * The absolute folder for a new session; throws an RpcError saying what is wrong with it. A
 * missing folder is created (with its parents) when `createFolder` asks for it, else it is
 * error -32006, so a client can offer to create it.
 */
export async function checkSessionFolder(rawPath: string, createFolder = false): Promise<string> {
  const resolved = path.resolve(expandHome(rawPath));
  let problem = await folderProblem(resolved);
  if (problem === 'missing' && createFolder) {
    try {
      await mkdir(resolved, { recursive: true, mode: 0o755 });
    } catch (error) {
      throw new RpcError(RpcErrorCode.application, `Cannot create the folder ${resolved}: ${(error as Error).message}`);
    }
    problem = await folderProblem(resolved);
  }
  if (problem === 'missing') {
    throw new RpcError(
      RpcErrorCode.folderMissing,
      `Path does not exist: ${rawPath} (resolved to ${resolved}). Pass createFolder: true to have it created, or pick another folder.`,
    );
  }
  if (problem) throw new RpcError(RpcErrorCode.application, `Path is not a directory: ${rawPath} (resolved to ${resolved})`);
  return resolved;
}

/** What to tell the user when an existing session's folder is gone, or undefined when it is there. */
export async function goneFolderMessage(folder: string): Promise<string | undefined> {
  if (!(await folderProblem(folder))) return undefined;
  return `This session's folder ${folder} no longer exists on this host (or is no longer a folder), so Claude cannot run in it. Recreate it, or start a new session in a folder that exists.`;
}
