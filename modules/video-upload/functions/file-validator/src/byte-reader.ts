/**
 * Sequential reads over a stream of byte chunks (an S3 object body or a file): exact reads
 * and skips without holding more than the chunk at hand, and the offset of the next byte.
 */
export class TruncatedError extends Error {
  override name = 'TruncatedError';
}

/** The walk took more reads than its budget: a file of countless tiny blocks. */
export class StepLimitError extends Error {
  override name = 'StepLimitError';
}

export class ByteReader {
  private buffer: Buffer = Buffer.alloc(0);
  private position = 0;
  private consumed = 0;
  private done = false;
  private steps = 0;
  private readonly source: AsyncIterator<Uint8Array>;

  /**
   * `maxSteps` bounds the reads, skips and marker scans: each costs about a microsecond, so a
   * file made of millions of empty blocks would otherwise outlast the function's timeout.
   */
  constructor(
    source: AsyncIterable<Uint8Array>,
    private readonly maxSteps = Number.POSITIVE_INFINITY,
  ) {
    this.source = source[Symbol.asyncIterator]();
  }

  private step(): void {
    if (++this.steps > this.maxSteps)
      throw new StepLimitError(`more than ${this.maxSteps} blocks before byte ${this.offset}`);
  }

  /** Offset of the next unread byte from the start of the stream. */
  get offset(): number {
    return this.consumed + this.position;
  }

  /** Makes at least `n` unread bytes available; false when the stream ends first. */
  private async fill(n: number): Promise<boolean> {
    while (this.buffer.length - this.position < n) {
      if (this.done) return false;
      const next = await this.source.next();
      if (next.done) {
        this.done = true;
        return false;
      }
      const rest = this.buffer.subarray(this.position);
      this.consumed += this.position;
      this.buffer = rest.length === 0 ? Buffer.from(next.value) : Buffer.concat([rest, next.value]);
      this.position = 0;
    }
    return true;
  }

  async read(n: number): Promise<Buffer> {
    this.step();
    if (!(await this.fill(n))) throw new TruncatedError(`the file ends inside a block at byte ${this.offset}`);
    const out = this.buffer.subarray(this.position, this.position + n);
    this.position += n;
    return out;
  }

  async byte(): Promise<number> {
    return (await this.read(1))[0]!;
  }

  async skip(n: number): Promise<void> {
    this.step();
    let left = n;
    while (left > 0) {
      if (!(await this.fill(1))) throw new TruncatedError(`the file ends inside a block at byte ${this.offset}`);
      const step = Math.min(left, this.buffer.length - this.position);
      this.position += step;
      left -= step;
    }
  }

  /**
   * Moves to the next 0xFF byte that is followed by `accept(next)` and returns that next
   * byte, leaving the reader just after it (JPEG's entropy-coded data ends at a marker).
   */
  async scanForMarker(accept: (next: number) => boolean): Promise<number> {
    this.step();
    for (;;) {
      if (!(await this.fill(2)))
        throw new TruncatedError(`the file ends inside entropy-coded data at byte ${this.offset}`);
      const at = this.buffer.indexOf(0xff, this.position);
      if (at === -1 || at === this.buffer.length - 1) {
        // Keep a trailing 0xFF: its partner byte is in the next chunk.
        this.position = at === -1 ? this.buffer.length : at;
        if (!(await this.fill(2)))
          throw new TruncatedError(`the file ends inside entropy-coded data at byte ${this.offset}`);
        continue;
      }
      const next = this.buffer[at + 1]!;
      this.position = at + 2;
      if (accept(next)) return next;
      if (next === 0xff) this.position = at + 1; // fill byte: the second 0xFF may start the marker
    }
  }

  /** Reads to the end: how many bytes are left, and whether any of them is not zero. */
  async rest(): Promise<{ bytes: number; nonZero: boolean }> {
    let bytes = 0;
    let nonZero = false;
    for (;;) {
      const chunk = this.buffer.subarray(this.position);
      bytes += chunk.length;
      if (!nonZero && chunk.some((b) => b !== 0)) nonZero = true;
      this.position = this.buffer.length;
      if (!(await this.fill(1))) return { bytes, nonZero };
    }
  }
}
