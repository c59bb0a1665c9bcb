import { describe, expect, it } from 'vitest';
import { logLine, showControls } from './control-characters.js';

describe('control characters', () => {
  const hostile = 'a\n::error::x\r\u001b[2J\u202egnp.mp4\u2028\ttab é';

  it('keeps the line breaks of a report and escapes what steers the terminal', () => {
    expect(showControls(hostile)).toBe('a\n::error::x\\r\\u001b[2J\\u202egnp.mp4\\u2028\ttab é');
  });

  it('keeps one line of a log one line, bidirectional overrides included', () => {
    expect(logLine(hostile)).toBe('a\\n::error::x\\r\\u001b[2J\\u202egnp.mp4\\u2028\ttab é');
  });
});
