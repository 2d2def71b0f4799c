/**
 * What the host's Claude CLI offers, as its answer to `initialize` lists it: its models (value,
 * displayName, description, ...) and its slash commands (name, description, argumentHint).
 * Learnt from the first persistent CLI that answers; until then unknown, and health.check
 * leaves `models` and `commands` out rather than guess.
 */
import { ModelOption, parseEach, slashCommands, type SlashCommand } from '../shared/protocol.js';

export class ModelCatalog {
  private known: ModelOption[] | undefined;
  private knownCommands: SlashCommand[] | undefined;

  get models(): ModelOption[] | undefined {
    return this.known;
  }

  /**
   * The commands as the CLI lists them. The CLI already leaves out what it cannot run in this
   * non-interactive mode (`/login` is not listed), and its answer marks nothing else as such.
   */
  get commands(): SlashCommand[] | undefined {
    return this.knownCommands;
  }

  /** Takes the `models` and `commands` of an `initialize` answer; anything else leaves the catalog as it was. */
  learn(initializeAnswer: unknown): void {
    const answer = initializeAnswer as { models?: unknown; commands?: unknown } | null | undefined;
    if (Array.isArray(answer?.models)) {
      const { valid } = parseEach(ModelOption, answer.models);
      if (valid.length > 0) this.known = valid;
    }
    if (Array.isArray(answer?.commands)) this.knownCommands = slashCommands(answer.commands);
  }
}
