import { describe, expect, it } from 'vitest';
import { checkUpload, parseUploadRequest, sanitizeFileName, stagingKey, type UploadRequest } from '../src/request.js';

const MB = 1024 * 1024;
const valid: UploadRequest = {
  password: 'test-password-1',
  fileName: 'clip.mp4',
  contentType: 'video/mp4',
  size: 10 * MB,
};

describe('parseUploadRequest', () => {
  it('accepts the JSON body, also base64-encoded by API Gateway', () => {
    const body = JSON.stringify(valid);
    expect(parseUploadRequest(body)).toEqual({ ok: true, value: valid });
    expect(parseUploadRequest(Buffer.from(body).toString('base64'), true)).toEqual({ ok: true, value: valid });
  });

  it.each([
    [null, /empty body/],
    ['', /empty body/],
    ['{not json', /not JSON/],
    ['[1,2]', /; \(top level\): expected object, got array\.$/],
    [JSON.stringify({ ...valid, size: '10' }), /; size: expected number, got string\.$/],
    [
      JSON.stringify({ fileName: 'a.png', contentType: 'image/png', size: 1 }),
      /; password: is required \(expected string\)\.$/,
    ],
    [JSON.stringify({ ...valid, fileName: '' }), /; fileName: must not be empty\.$/],
    ['x'.repeat(20_000), /20000 characters/],
  ])('answers 400 for %j', (body, message) => {
    const result = parseUploadRequest(body);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.status).toBe(400);
      expect(result.error).toMatch(message);
    }
  });
});

describe('checkUpload', () => {
  const max = 500 * MB;

  it('accepts a supported type within the limit, with the canonical type and a safe name', () => {
    const result = checkUpload(
      { ...valid, contentType: 'image/JPG', fileName: '../../etc/my photo.jpg', size: max },
      max,
    );
    expect(result).toMatchObject({ ok: true, value: { fileName: 'my_photo.jpg', size: max } });
    if (result.ok) expect(result.value.mediaType.mime).toBe('image/jpeg');
  });

  it('answers 415 for an unsupported type and lists the supported ones', () => {
    const result = checkUpload({ ...valid, contentType: 'application/x-msdownload' }, max);
    expect(result).toMatchObject({ ok: false, status: 415 });
    if (!result.ok)
      expect(result.error).toContain(
        "'application/x-msdownload'. Supported: MP4, MPEG, QuickTime, AVI, WMV, WebM, JPEG",
      );
  });

  it('answers 413 one byte over the limit, naming both sizes', () => {
    const result = checkUpload({ ...valid, size: max + 1 }, max);
    expect(result).toMatchObject({ ok: false, status: 413 });
    if (!result.ok)
      expect(result.error).toBe('The file is 524,288,001 bytes — the limit is 524,288,000 bytes (500 MB).');
  });

  it('answers 413 for an SVG over the SVG limit, naming that limit; a video of that size is fine', () => {
    const svg = { ...valid, fileName: 'map.svg', contentType: 'image/svg+xml' };
    expect(checkUpload({ ...svg, size: 64 * MB }, max)).toMatchObject({ ok: true });
    expect(checkUpload({ ...svg, size: 70 * MB }, max)).toEqual({
      ok: false,
      status: 413,
      error: 'The file is 70 MB — the limit for SVG files is 64 MB.',
    });
    expect(checkUpload({ ...valid, size: 70 * MB }, max)).toMatchObject({ ok: true });
  });

  it.each([0, -5, 1.5, Number.MAX_SAFE_INTEGER + 2])('answers 400 for size %s', (size) => {
    expect(checkUpload({ ...valid, size }, max)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('sanitizeFileName', () => {
  it.each([
    ['clip.mp4', 'clip.mp4'],
    ['My Holiday (2).MOV', 'My_Holiday_2.MOV'],
    ['C:\\Users\\ana\\Pictures\\cat.png', 'cat.png'],
    ['../../../etc/passwd', 'passwd'],
    ['.htaccess', 'htaccess'],
    ['Crème brûlée.jpg', 'Creme_brulee.jpg'],
    ['日本語.png', 'file.png'],
    ['archive.tar.gz', 'archive.tar.gz'],
    ['trailing. .png', 'trailing.png'],
    ['...', 'file'],
    ['', 'file'],
    ['a<script>b.svg', 'a_script_b.svg'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('keeps the extension when it shortens a long name to 200 characters', () => {
    const name = sanitizeFileName(`${'x'.repeat(500)}.webm`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('.webm')).toBe(true);
  });
});

describe('stagingKey', () => {
  it('puts every upload under uploads/<id>/', () => {
    expect(stagingKey('0b7e', 'a.png')).toBe('uploads/0b7e/a.png');
  });
});
