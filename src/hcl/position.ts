import type { Position, Range } from './syntax.js';

/** Maps 0-based offsets to 1-based line/column positions in one text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    const row = this.row(offset);
    return { line: row + 1, column: offset - (this.starts[row] ?? 0) + 1 };
  }

  /** 0-based line of an offset: tree-sitter's row, which also counts `\n` only. */
  row(offset: number): number {
    // Offsets are mostly asked for in order: the line of the last answer is tried first.
    const { last, starts } = this;
    if ((starts[last] ?? 0) <= offset && (last + 1 >= starts.length || offset < (starts[last + 1] ?? 0))) return last;
    this.last = this.search(offset);
    return this.last;
  }

  private last = 0;

  private search(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The range's line and column are worked out when read: most ranges of a file are never reported. */
  range(startOffset: number, endOffset: number): Range {
    return new OffsetRange(this, startOffset, endOffset);
  }
}

/**
 * A range kept as its two offsets and the file's line index: one small object instead of three
 * for every node of the syntax model, which lives as long as the run. Read, it is a plain Range
 * (`start`, `end`; JSON gives all four fields).
 */
class OffsetRange implements Range {
  readonly #lines: LineIndex;

  constructor(
    lines: LineIndex,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {
    this.#lines = lines;
  }

  get start(): Position {
    return this.#lines.position(this.startOffset);
  }

  get end(): Position {
    return this.#lines.position(this.endOffset);
  }

  toJSON(): Range {
    return { start: this.start, end: this.end, startOffset: this.startOffset, endOffset: this.endOffset };
  }
}
