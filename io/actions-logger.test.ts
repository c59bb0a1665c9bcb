import { describe, expect, it, vi } from 'vitest';

const written = vi.hoisted(() => [] as string[]);
vi.mock('@actions/core', () => ({
  info: (message: string) => written.push(message),
  debug: () => undefined,
  warning: () => undefined,
  error: () => undefined,
}));

const { createActionsLogger } = await import('./actions-logger.js');

describe('createActionsLogger', () => {
  it('writes an info message as one line: a name holding a line break cannot start a workflow command', () => {
    createActionsLogger((m) => m.replace('secret', '***')).info('changed: a\n::error::forged secret\r.tf');
    expect(written).toEqual(['changed: a\\n::error::forged ***\\r.tf']);
  });
});
