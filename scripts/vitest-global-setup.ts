// Builds the daemon bundle once per test run: the tests start the file that ships.
// @ts-expect-error plain ESM script without types
import { buildDaemon } from './build-daemon.mjs';

export default async function setup(): Promise<void> {
  await buildDaemon();
}
