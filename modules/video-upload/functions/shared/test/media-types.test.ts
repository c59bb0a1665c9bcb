import { describe, expect, it } from 'vitest';
import {
  contentMatches,
  MEDIA_TYPES,
  mediaTypeForFileName,
  mediaTypeOf,
  mimeEssence,
  sizeLimitOf,
} from '../src/media-types.js';

describe('media types', () => {
  it('lists exactly the supported types: six video and seven image formats', () => {
    expect(MEDIA_TYPES.filter((t) => t.category === 'videos').map((t) => t.label)).toEqual([
      'MP4',
      'MPEG',
      'QuickTime',
      'AVI',
      'WMV',
      'WebM',
    ]);
    expect(MEDIA_TYPES.filter((t) => t.category === 'images').map((t) => t.label)).toEqual([
      'JPEG',
      'PNG',
      'GIF',
      'WebP',
      'SVG',
      'TIFF',
      'BMP',
    ]);
  });

  it('resolves case, parameters and aliases to the canonical type', () => {
    expect(mimeEssence(' Image/SVG+XML; charset=utf-8')).toBe('image/svg+xml');
    expect(mediaTypeOf('IMAGE/JPG')?.mime).toBe('image/jpeg');
    expect(mediaTypeOf('video/avi')?.mime).toBe('video/x-msvideo');
    expect(mediaTypeOf('image/x-ms-bmp')?.mime).toBe('image/bmp');
    expect(mediaTypeOf('application/pdf')).toBeUndefined();
    expect(mediaTypeOf('')).toBeUndefined();
  });

  it('finds a type from a file extension, case-insensitively', () => {
    expect(mediaTypeForFileName('Holiday.MOV')?.mime).toBe('video/quicktime');
    expect(mediaTypeForFileName('a.b.wmv')?.mime).toBe('video/x-ms-wmv');
    expect(mediaTypeForFileName('noextension')).toBeUndefined();
    expect(mediaTypeForFileName('virus.exe')).toBeUndefined();
  });

  it('accepts only detections that belong to the declared type', () => {
    const jpeg = mediaTypeOf('image/jpeg')!;
    expect(contentMatches(jpeg, 'image/jpeg')).toBe(true);
    expect(contentMatches(jpeg, 'image/png')).toBe(false);
    expect(contentMatches(jpeg, 'application/x-elf')).toBe(false);
    expect(contentMatches(jpeg, undefined)).toBe(false);
    expect(contentMatches(mediaTypeOf('video/x-msvideo')!, 'video/vnd.avi')).toBe(true);
  });

  it('limits SVG below the upload limit (the validator parses it in memory), other types not', () => {
    const MiB = 1024 * 1024;
    expect(sizeLimitOf(mediaTypeOf('image/svg+xml')!, 500 * MiB)).toBe(64 * MiB);
    expect(sizeLimitOf(mediaTypeOf('image/svg+xml')!, 10 * MiB)).toBe(10 * MiB);
    expect(sizeLimitOf(mediaTypeOf('video/mp4')!, 500 * MiB)).toBe(500 * MiB);
    expect(sizeLimitOf(mediaTypeOf('image/png')!, 500 * MiB)).toBe(500 * MiB);
  });
});
