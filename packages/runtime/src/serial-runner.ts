/**
 * Runs `drain` one at a time. A wake while it runs asks for one more run right after, so no
 * notification is lost and runs never overlap.
 */
export class SerialRunner {
  private running = false;
  private again = false;

  constructor(
    private readonly drain: () => Promise<void>,
    /** false while runs must wait (stopped, or backing off) */
    private readonly mayRun: () => boolean,
  ) {}

  wake(): void {
    if (!this.mayRun()) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  async idle(): Promise<void> {
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function runBounded<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    }),
  );
}
