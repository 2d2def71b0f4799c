/**
 * A cap on what all SSE clients together leave unsent. Each client is capped on its own
 * (sse-sink.ts), but many clients that never read could still run the daemon out of memory;
 * over this cap, the client furthest behind is cut. It catches up from history, by seq, when
 * it reconnects.
 */
export interface BudgetedClient {
  /** Who the client is, for the log: the method and the session. */
  readonly label: string;
  /** Ends the client's stream at once. */
  cut(): void;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export class SseBudget {
  private readonly unsent = new Map<BudgetedClient, number>();
  private total = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly log: (message: string) => void,
  ) {}

  /** The client's unsent bytes now. */
  update(client: BudgetedClient, bytes: number): void {
    this.total += bytes - (this.unsent.get(client) ?? 0);
    this.unsent.set(client, bytes);
    while (this.total > this.maxBytes) this.cutFurthestBehind();
  }

  remove(client: BudgetedClient): void {
    this.total -= this.unsent.get(client) ?? 0;
    this.unsent.delete(client);
  }

  private cutFurthestBehind(): void {
    let furthest: BudgetedClient | undefined;
    let most = -1;
    for (const [client, bytes] of this.unsent) {
      if (bytes > most) [furthest, most] = [client, bytes];
    }
    if (!furthest) return;
    this.log(
      `cut ${furthest.label}, the SSE client furthest behind (${mb(most)} unsent): all clients together held ${mb(this.total)}, over --max-buffered-bytes ${mb(this.maxBytes)}; it catches up from history when it reconnects`,
    );
    this.remove(furthest);
    furthest.cut();
  }
}
