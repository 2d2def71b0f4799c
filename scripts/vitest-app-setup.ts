// Builds the desk's browser-mode server once per run, for tests that start the desk as its own process.
// @ts-expect-error plain ESM script without types
import { buildApp } from './build-app.mjs';

export default async function setup(): Promise<void> {
  await buildApp();
}
