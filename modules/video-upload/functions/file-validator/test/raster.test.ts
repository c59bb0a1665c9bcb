import { describe, expect, it } from 'vitest';
import {
  bmp,
  gif,
  jpeg,
  png,
  tiff,
  webp,
  zipArchive as zip,
} from '../../../../../test/integration/functions/samples.js';
import { rasterProblem, type ImageBytes } from '../src/raster.js';

/** The object as the validator sees it, delivered in small chunks to cross every boundary. */
function bytesOf(data: Buffer, chunk = 7): ImageBytes {
  return {
    size: data.length,
    head: data.subarray(0, 4100),
    stream: async function* () {
      for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
    },
    range: async (offset, length) => data.subarray(offset, offset + length),
  };
}

const samples: [string, Buffer][] = [
  ['image/png', png(40, 30)],
  ['image/jpeg', jpeg()],
  ['image/gif', gif()],
  ['image/webp', webp()],
  ['image/bmp', bmp(3, 2)],
  ['image/tiff', tiff()],
];

describe('rasterProblem', () => {
  it.each(samples)('accepts a genuine %s, also with zero padding after its end', async (mime, data) => {
    expect(await rasterProblem(mime, bytesOf(data))).toBeUndefined();
    expect(await rasterProblem(mime, bytesOf(Buffer.concat([data, Buffer.alloc(16)])))).toBeUndefined();
  });

  it.each(samples)('rejects a %s with an archive appended (a polyglot)', async (mime, data) => {
    const polyglot = Buffer.concat([data, zip()]);
    const problem = await rasterProblem(mime, bytesOf(polyglot));
    expect(problem).toMatch(
      new RegExp(
        `^data after the end of the ${mime.slice(6).toUpperCase()} image \\(${zip().length} bytes after .* at byte ${data.length}\\)$`,
      ),
    );
  });

  it('names the marker a PNG, JPEG and GIF end at', async () => {
    expect(await rasterProblem('image/png', bytesOf(Buffer.concat([png(), zip()])))).toContain('after the IEND chunk');
    expect(await rasterProblem('image/jpeg', bytesOf(Buffer.concat([jpeg(), zip()])))).toContain(
      'after the EOI marker',
    );
    expect(await rasterProblem('image/gif', bytesOf(Buffer.concat([gif(), zip()])))).toContain('after the GIF trailer');
  });

  it('finds the end of a JPEG whose entropy-coded data holds stuffed bytes and restart markers, across chunks', async () => {
    const base = jpeg();
    const eoi = base.length - 2;
    // Entropy data of a scan: stuffed 0xFF00, a restart marker, fill bytes before EOI.
    const withScanBytes = Buffer.concat([
      base.subarray(0, eoi),
      Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd3, 0x56, 0xff, 0xff]),
      base.subarray(eoi),
    ]);
    for (const chunk of [1, 2, 3, 64])
      expect(await rasterProblem('image/jpeg', bytesOf(withScanBytes, chunk)), `chunk ${chunk}`).toBeUndefined();
    expect(await rasterProblem('image/jpeg', bytesOf(Buffer.concat([withScanBytes, Buffer.from('PK')]), 3))).toContain(
      '2 bytes after the EOI marker',
    );
  });

  it('does not trust the BMP file-size field: a polyglot that declares its whole size is still caught', async () => {
    const polyglot = Buffer.concat([bmp(), zip()]);
    polyglot.writeUInt32LE(polyglot.length, 2);
    expect(await rasterProblem('image/bmp', bytesOf(polyglot))).toContain('after the bitmap data');
  });

  it('reports a truncated or malformed image instead of accepting it', async () => {
    const data = png(10, 10);
    expect(await rasterProblem('image/png', bytesOf(data.subarray(0, data.length - 5)))).toMatch(
      /^not a well-formed PNG image: the file ends inside a block/,
    );
    expect(
      await rasterProblem('image/gif', bytesOf(Buffer.concat([gif().subarray(0, 19), Buffer.from([0x99])]))),
    ).toMatch(/^not a well-formed GIF image: .*unknown block 0x99/);
    expect(await rasterProblem('image/webp', bytesOf(webp().subarray(0, 20)))).toMatch(/^not a well-formed WEBP image/);
  });

  it('reads a TIFF directory whose value counts are huge in bounded pieces, and rejects it', async () => {
    const MiB = 1024 * 1024;
    /** A 500 MB TIFF that exists only as its first bytes; ranges beyond them are zeros. */
    const tiffWith = (tag: number, count: number): ImageBytes => {
      const head = Buffer.alloc(64);
      head.write('II', 0, 'latin1');
      head.writeUInt16LE(42, 2);
      head.writeUInt32LE(8, 4); // first directory
      head.writeUInt16LE(1, 8); // one entry
      head.writeUInt16LE(tag, 10);
      head.writeUInt16LE(4, 12); // LONG
      head.writeUInt32LE(count, 14);
      head.writeUInt32LE(64, 18); // values at byte 64
      const requests: number[] = [];
      return {
        size: 500 * MiB,
        head,
        stream: () => {
          throw new Error('a TIFF is read by ranges');
        },
        range: async (offset, length) => {
          requests.push(length);
          if (length > 16 * MiB) throw new Error(`asked for ${length} bytes at once`);
          const out = Buffer.alloc(length);
          head.copy(out, 0, offset);
          return out;
        },
      };
    };
    // 100 million strip offsets: 400 MB of values (and an array of 100 million numbers).
    expect(await rasterProblem('image/tiff', tiffWith(273, 100_000_000))).toMatch(
      /^not a well-formed TIFF image: tag 273 lists 100000000 strips or tiles/,
    );
    // 300,000 sub-directory pointers.
    expect(await rasterProblem('image/tiff', tiffWith(330, 300_000))).toMatch(
      /^not a well-formed TIFF image: tag 330 points at 300000 directories/,
    );
  });

  it('stops walking a JPEG of millions of empty segments early and rejects it', async () => {
    // 32 MB of 4-byte comment segments (FF FE 00 02): four reads per 4 bytes.
    const comments = Buffer.alloc(1 << 20);
    for (let i = 0; i < comments.length; i += 4) comments.set([0xff, 0xfe, 0x00, 0x02], i);
    const soi = Buffer.from([0xff, 0xd8]);
    const eoi = Buffer.from([0xff, 0xd9]);
    const size = soi.length + 32 * comments.length + eoi.length;
    const bytes: ImageBytes = {
      size,
      head: Buffer.concat([soi, comments]).subarray(0, 4100),
      stream: async function* () {
        yield soi;
        for (let i = 0; i < 32; i++) yield comments;
        yield eoi;
      },
      range: async () => new Uint8Array(),
    };
    expect(await rasterProblem('image/jpeg', bytes)).toMatch(/^not a well-formed JPEG image: more than 1524289 blocks/);
  });

  it('walks a 64 MB GIF of full 255-byte sub-blocks (as encoders write them) within the budget', async () => {
    const start = Buffer.concat([
      Buffer.from('GIF89a', 'latin1'),
      Buffer.from([1, 0, 1, 0, 0x00, 0, 0]), // 1×1 screen, no colour table
      Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0x00, 0x08]), // image descriptor, LZW code size 8
    ]);
    const blocks = Buffer.alloc(256 * 4096, 0x55);
    for (let i = 0; i < blocks.length; i += 256) blocks[i] = 255;
    const end = Buffer.from([0x00, 0x3b]);
    const bytes: ImageBytes = {
      size: start.length + 64 * blocks.length + end.length,
      head: Buffer.concat([start, blocks]).subarray(0, 4100),
      stream: async function* () {
        yield start;
        for (let i = 0; i < 64; i++) yield blocks;
        yield end;
      },
      range: async () => new Uint8Array(),
    };
    expect(await rasterProblem('image/gif', bytes)).toBeUndefined();
  });

  it('leaves types without a structure check alone', async () => {
    expect(await rasterProblem('video/mp4', bytesOf(Buffer.from('anything')))).toBeUndefined();
  });
});
