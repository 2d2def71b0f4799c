// Builds what the app runs before any spec, so specs always test the code as it is now.
// @ts-expect-error plain ESM script without types
import { buildApp, buildRenderer } from '../scripts/build-app.mjs';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  await (buildApp as () => Promise<void>)();
  await (buildRenderer as () => Promise<void>)();
  process.stdout.write(`e2e: built dist/ (app and renderer) in ${Date.now() - started} ms\n`);
}
