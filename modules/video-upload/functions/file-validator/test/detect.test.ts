import { describe, expect, it } from 'vitest';
import { elfExecutable, gif, jpeg, mediaSamples, png, svg } from '../../../../../test/integration/functions/samples.js';
import { detectMime, judge, looksLikeSvg, SNIFF_BYTES } from '../src/detect.js';

const head = (bytes: Buffer) => bytes.subarray(0, SNIFF_BYTES);
const text = (s: string) => Buffer.from(s, 'utf8');

describe('detectMime + judge', () => {
  it.each(mediaSamples().map((s) => [s.name, s] as const))(
    'accepts a genuine %s as its declared type',
    async (_, sample) => {
      const verdict = judge(sample.contentType, await detectMime(head(sample.bytes)));
      expect(verdict).toMatchObject({ valid: true, mediaType: { mime: sample.contentType } });
    },
  );

  it('rejects an executable renamed to .jpg', async () => {
    const detected = await detectMime(head(elfExecutable()));
    expect(detected).toBe('application/x-elf');
    expect(judge('image/jpeg', detected)).toEqual({
      valid: false,
      reason: 'declared image/jpeg but the content is application/x-elf',
    });
  });

  it('rejects a real image declared as another image type', async () => {
    expect(judge('image/gif', await detectMime(png()))).toMatchObject({
      valid: false,
      reason: 'declared image/gif but the content is image/png',
    });
    expect(judge('video/mp4', await detectMime(jpeg()))).toMatchObject({ valid: false });
  });

  it('rejects content of no known type, a missing type and an unsupported declared type', async () => {
    expect(judge('image/png', await detectMime(text('just some words')))).toMatchObject({
      valid: false,
      reason: 'declared image/png but the content is of no recognised type',
    });
    expect(judge(undefined, 'image/png')).toMatchObject({ valid: false, reason: 'the object has no Content-Type' });
    expect(judge('application/pdf', 'application/pdf')).toMatchObject({
      valid: false,
      reason: 'declared type application/pdf is not a supported upload type',
    });
  });

  it('uses the declared alias, not the exact string', async () => {
    expect(judge('image/jpg', await detectMime(jpeg()))).toMatchObject({ valid: true });
    expect(judge('image/gif; charset=binary', await detectMime(gif()))).toMatchObject({ valid: true });
  });
});

describe('looksLikeSvg', () => {
  it.each([
    ['plain', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ['with BOM and XML declaration', '\uFEFF<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'],
    [
      'with comment and DOCTYPE',
      '<!-- made by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg>',
    ],
    ['with an internal DTD subset', '<!DOCTYPE svg [ <!ENTITY a "b"> ]><svg>'],
    ['prefixed root', '<svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>'],
  ])('recognises an SVG %s', (_, doc) => {
    expect(looksLikeSvg(text(doc))).toBe(true);
  });

  it.each([
    ['an HTML page with an inline SVG', '<!DOCTYPE html><html><body><svg></svg></body></html>'],
    ['other XML', '<?xml version="1.0"?><rss><svg/></rss>'],
    ['an svg element name prefix', '<svgfoo/>'],
    ['binary data after <svg', '<svg>\u0000\u0001'],
  ])('refuses %s', (_, doc) => {
    expect(looksLikeSvg(text(doc))).toBe(false);
  });

  it('refuses invalid UTF-8 but tolerates a character cut at the end of the bytes read', () => {
    expect(looksLikeSvg(Buffer.concat([text('<svg>'), Buffer.from([0xff, 0xfe, 0x41])]))).toBe(false);
    const long = Buffer.concat([
      text('<svg><desc>'),
      Buffer.alloc(SNIFF_BYTES - 12, 0x61),
      Buffer.from([0xc3, 0xa9]),
    ]).subarray(0, SNIFF_BYTES);
    expect(long[SNIFF_BYTES - 1]).toBe(0xc3); // the é is cut in half
    expect(looksLikeSvg(long)).toBe(true);
  });

  it('is what detectMime reports for the SVG sample (file-type alone calls it XML)', async () => {
    expect(await detectMime(svg())).toBe('image/svg+xml');
  });
});
