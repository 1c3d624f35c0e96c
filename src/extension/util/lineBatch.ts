// Host-free: gathers log lines of the same level and hands them on as one entry (issue 13). A publish logs one line
// per page; each output-channel call is a message to the log service and the renderer, so 2,000 pages were 2,000
// messages (measured: ~0.3 s of extension-host CPU at 2,000 docs). Lines of one level are kept in their order and
// flushed as one multi-line entry when the level changes, on `flush()` (the publish's progress tick, its end), or when
// `maxLines` are waiting. Unit-tested in test/unit/extension/lineBatch.test.ts.

export type LineLevel = 'info' | 'warn' | 'error';

export class LineBatch {
  #level: LineLevel | undefined;
  #lines: string[] = [];

  constructor(
    private readonly sink: (level: LineLevel, text: string) => void,
    private readonly maxLines = 500,
  ) {}

  add(level: LineLevel, line: string): void {
    if (this.#level !== level) this.flush();
    this.#level = level;
    this.#lines.push(line);
    if (this.#lines.length >= this.maxLines) this.flush();
  }

  /** Hands on what is waiting, as one entry. */
  flush(): void {
    if (!this.#lines.length || !this.#level) return;
    const text = this.#lines.join('\n');
    const level = this.#level;
    this.#lines = [];
    this.#level = undefined;
    this.sink(level, text);
  }
}
