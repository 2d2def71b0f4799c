/**
 * Costly results (a diff, highlighted lines) kept by key, such as a row id: a virtualised row
 * that scrolls away and back gets them again without the work. An entry holds while its inputs
 * are the same objects; the least recently used go past `limit`.
 */
export class KeyedMemo<T> {
  private readonly entries = new Map<string, { inputs: readonly unknown[]; value: T }>();

  constructor(private readonly limit: number) {}

  get(key: string, inputs: readonly unknown[], compute: () => T): T {
    const held = this.peek(key, inputs);
    const value = held === undefined ? compute() : held;
    this.set(key, inputs, value);
    return value;
  }

  /** The value kept for `key` from these same inputs, or undefined (nothing is computed). */
  peek(key: string, inputs: readonly unknown[]): T | undefined {
    const held = this.entries.get(key);
    if (!held || held.inputs.length !== inputs.length || !held.inputs.every((input, at) => Object.is(input, inputs[at]))) return undefined;
    this.set(key, inputs, held.value);
    return held.value;
  }

  set(key: string, inputs: readonly unknown[], value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { inputs, value });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}
