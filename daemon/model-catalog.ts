/**
 * The models the host's Claude CLI offers, as its answer to `initialize` lists them (value,
 * displayName, description, ...). Learnt from the first persistent CLI that answers; until
 * then unknown, and health.check leaves `models` out rather than guess.
 */
import { ModelOption, parseEach } from '../shared/protocol.js';

export class ModelCatalog {
  private known: ModelOption[] | undefined;

  get models(): ModelOption[] | undefined {
    return this.known;
  }

  /** Takes the `models` of an `initialize` answer; anything else leaves the catalog as it was. */
  learn(initializeAnswer: unknown): void {
    const models = (initializeAnswer as { models?: unknown } | null | undefined)?.models;
    if (!Array.isArray(models)) return;
    const { valid } = parseEach(ModelOption, models);
    if (valid.length > 0) this.known = valid;
  }
}
