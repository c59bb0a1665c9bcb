import { describe, expect, it } from 'vitest';
import { copySource, decodeS3Key, finalKey } from '../src/keys.js';

describe('decodeS3Key', () => {
  it.each([
    ['uploads/abc/clip.mp4', 'uploads/abc/clip.mp4'],
    ['uploads/abc/my+holiday+clip.mp4', 'uploads/abc/my holiday clip.mp4'],
    ['uploads/abc/a%2Bb.png', 'uploads/abc/a+b.png'],
    ['uploads/abc/caf%C3%A9+%281%29.jpg', 'uploads/abc/café (1).jpg'],
    ['uploads/abc/100%25.gif', 'uploads/abc/100%.gif'],
  ])('%s → %s', (raw, decoded) => {
    expect(decodeS3Key(raw)).toBe(decoded);
  });
});

describe('finalKey', () => {
  it('moves uploads/<id>/<name> to images/ or videos/, keeping the id', () => {
    expect(finalKey('uploads/0b7e/cat.png', 'images')).toBe('images/0b7e/cat.png');
    expect(finalKey('uploads/0b7e/clip.webm', 'videos')).toBe('videos/0b7e/clip.webm');
  });
  it('keeps a key outside uploads/ whole', () => {
    expect(finalKey('other/clip.webm', 'videos')).toBe('videos/other/clip.webm');
  });
});

describe('copySource', () => {
  it('URL-encodes each key segment and keeps the slashes', () => {
    expect(copySource('staging', 'uploads/id/my clip+1 é.mp4')).toBe('staging/uploads/id/my%20clip%2B1%20%C3%A9.mp4');
  });
});
