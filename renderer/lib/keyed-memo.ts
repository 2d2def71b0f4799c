/**
 * Costly results (a diff, highlighted lines) kept by key, such as a row id: a virtualised row
 * that scrolls away and back gets them again without the work. An entry holds while its inputs
 * are the same objects; the least recently used go past `limit`.
 */
export class KeyedMemo<T> {
  private readonly entries = new Map<string, { inputs: readonly unknown[]; value: T }>();

  constructor(private readonly limit: number) {}

  get(key: string, inputs: readonly unknown[], compute: () => T): T {
    const held = this.entries.get(key);
    this.entries.delete(key);
    const value = held && held.inputs.length === inputs.length && held.inputs.every((input, at) => Object.is(input, inputs[at])) ? held.value : compute();
    this.entries.set(key, { inputs, value });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
