import { describe, expect, it } from 'vitest';
import { passwordMatches } from '../src/password.js';

describe('passwordMatches', () => {
  const passwords = ['test-password-1', 'test-password-2-longer'];

  it('accepts any configured password', () => {
    expect(passwordMatches('test-password-1', passwords)).toBe(true);
    expect(passwordMatches('test-password-2-longer', passwords)).toBe(true);
  });

  it('rejects near misses, other lengths and the empty string without throwing', () => {
    // timingSafeEqual throws on buffers of different length; hashing first makes them equal.
    for (const guess of ['test-password-', 'test-password-10', 'TEST-PASSWORD-1', 'x', '', 'test-password-1 ']) {
      expect(passwordMatches(guess, passwords)).toBe(false);
    }
  });

  it('rejects everything when no password is configured', () => {
    expect(passwordMatches('test-password-1', [])).toBe(false);
  });

  it('compares Unicode passwords by their UTF-8 bytes', () => {
    expect(passwordMatches('pässwörd-ü', ['pässwörd-ü'])).toBe(true);
    expect(passwordMatches('pässwörd-u', ['pässwörd-ü'])).toBe(false);
  });
});
