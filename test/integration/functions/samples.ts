/**
 * Sample media files built byte by byte from the format specifications, so the tests need
 * no committed binaries and no download. The images are complete, decodable files (the
 * upload-page test has Chromium decode them); the videos are valid container headers with
 * a little payload, which is what a magic-byte validator looks at. `file` (libmagic) is used
 * by samples.int.test.ts as an independent check that each sample is what it claims.
 */
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

export interface Sample {
  name: string;
  contentType: string;
  bytes: Buffer;
}

const u16le = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff]);
const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
const ascii = (text: string) => Buffer.from(text, 'latin1');

/** Filler that keeps each sample unique (so content hashes, e.g. ClamAV's, tell them apart). */
function payload(seed: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = 2166136261;
  for (const ch of seed) x = Math.imul(x ^ ch.charCodeAt(0), 16777619);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

// ---------------------------------------------------------------- images

/** PNG (RFC 2083): signature, IHDR, one zlib-compressed IDAT, IEND, each chunk with its CRC-32. */
export function png(width = 2, height = 2, rgb: [number, number, number] = [200, 30, 60]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([ascii(type), data]);
    return Buffer.concat([u32be(data.length), body, u32be(crc32(body))]);
  };
  const ihdr = Buffer.concat([u32be(width), u32be(height), Buffer.from([8, 2, 0, 0, 0])]); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).map((_, i) => rgb[i % 3] ?? 0)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Baseline JPEG (ITU T.81) of one 8×8 grey block: JFIF APP0, a flat quantisation table, one
 * component, a DC and an AC Huffman table with a single 1-bit code each (DC category 0,
 * AC end-of-block), and the entropy-coded block `0` `0` padded with 1-bits.
 */
export function jpeg(comment = 'phenom test'): Buffer {
  const segment = (marker: number, data: Buffer) =>
    Buffer.concat([Buffer.from([0xff, marker]), u16be(data.length + 2), data]);
  const huffman = (tableClass: number) =>
    Buffer.concat([
      Buffer.from([tableClass << 4]),
      Buffer.from([1, ...new Array<number>(15).fill(0)]),
      Buffer.from([0]),
    ]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]), // SOI
    segment(0xe0, Buffer.concat([ascii('JFIF\0'), Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0])])),
    segment(0xfe, ascii(comment)), // COM
    segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])), // DQT
    segment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0])), // SOF0: 8×8, 1 component
    segment(0xc4, huffman(0)), // DHT DC
    segment(0xc4, huffman(1)), // DHT AC
    segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])), // SOS
    Buffer.from([0x3f]), // DC diff 0 (code 0), EOB (code 0), pad 111111
    Buffer.from([0xff, 0xd9]), // EOI
  ]);
}

function u16be(n: number): Buffer {
  return Buffer.from([(n >> 8) & 0xff, n & 0xff]);
}

/** GIF89a, 1×1, two-colour global table, LZW data for one pixel of colour 0. */
export function gif(): Buffer {
  return Buffer.concat([
    ascii('GIF89a'),
    u16le(1),
    u16le(1),
    Buffer.from([0x80, 0, 0]), // global colour table, 2 entries
    Buffer.from([0xff, 0x80, 0x00, 0x00, 0x00, 0x00]),
    Buffer.from([0x2c]),
    u16le(0),
    u16le(0),
    u16le(1),
    u16le(1),
    Buffer.from([0]),
    Buffer.from([2, 2, 0x44, 0x01, 0]), // min code size 2; clear, 0, end
    Buffer.from([0x3b]),
  ]);
}

/** Windows BMP, BITMAPINFOHEADER, 24 bits per pixel, rows padded to 4 bytes. */
export function bmp(width = 2, height = 2): Buffer {
  const rowSize = Math.ceil((width * 3) / 4) * 4;
  const pixels = Buffer.alloc(rowSize * height, 0x7f);
  const header = Buffer.concat([
    u32le(40),
    u32le(width),
    u32le(height),
    u16le(1),
    u16le(24),
    u32le(0),
    u32le(pixels.length),
    u32le(2835),
    u32le(2835),
    u32le(0),
    u32le(0),
  ]);
  return Buffer.concat([
    ascii('BM'),
    u32le(14 + header.length + pixels.length),
    u32le(0),
    u32le(14 + header.length),
    header,
    pixels,
  ]);
}

/** Baseline TIFF (little-endian), 1×1 8-bit greyscale, uncompressed, one strip. */
export function tiff(): Buffer {
  const entries: [number, number, number, number][] = [
    // tag, type (3 = SHORT, 4 = LONG), count, value
    [256, 3, 1, 1], // ImageWidth
    [257, 3, 1, 1], // ImageLength
    [258, 3, 1, 8], // BitsPerSample
    [259, 3, 1, 1], // Compression: none
    [262, 3, 1, 1], // PhotometricInterpretation: BlackIsZero
    [273, 4, 1, 0], // StripOffsets (filled below)
    [277, 3, 1, 1], // SamplesPerPixel
    [278, 3, 1, 1], // RowsPerStrip
    [279, 4, 1, 1], // StripByteCounts
  ];
  const ifdSize = 2 + entries.length * 12 + 4;
  const dataOffset = 8 + ifdSize;
  const ifd = Buffer.concat([
    u16le(entries.length),
    ...entries.map(([tag, type, count, value]) => {
      const v = tag === 273 ? dataOffset : value;
      return Buffer.concat([
        u16le(tag),
        u16le(type),
        u32le(count),
        type === 3 ? Buffer.concat([u16le(v), u16le(0)]) : u32le(v),
      ]);
    }),
    u32le(0),
  ]);
  return Buffer.concat([ascii('II'), u16le(42), u32le(8), ifd, Buffer.from([0x80])]);
}

/** Least-significant-bit-first bit writer (the bit order of WebP lossless). */
class BitWriter {
  private bytes: number[] = [];
  private bit = 0;
  write(value: number, bits: number): this {
    for (let i = 0; i < bits; i++) {
      if (this.bit % 8 === 0) this.bytes.push(0);
      if ((value >> i) & 1) this.bytes[this.bytes.length - 1]! |= 1 << (this.bit % 8);
      this.bit++;
    }
    return this;
  }
  buffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}

/**
 * Lossless WebP (VP8L), 1×1: no transforms, no colour cache, and five "simple" prefix codes of
 * one symbol each (green, red, blue, alpha, distance), so the single pixel costs no bits.
 */
export function webp(argb: [number, number, number, number] = [255, 20, 160, 90]): Buffer {
  const [a, r, g, b] = argb;
  const bits = new BitWriter()
    .write(0x2f, 8) // signature
    .write(0, 14) // width - 1
    .write(0, 14) // height - 1
    .write(1, 1) // alpha used
    .write(0, 3) // version
    .write(0, 1) // no transform
    .write(0, 1) // no colour cache
    .write(0, 1); // no meta prefix codes
  for (const symbol of [g, r, b, a]) bits.write(1, 1).write(0, 1).write(1, 1).write(symbol, 8); // simple, 1 symbol, 8-bit
  bits.write(1, 1).write(0, 1).write(0, 1).write(0, 1); // distance: simple, 1 symbol, 1-bit symbol 0
  let vp8l = bits.buffer();
  const chunk = Buffer.concat([
    ascii('VP8L'),
    u32le(vp8l.length),
    vp8l,
    vp8l.length % 2 ? Buffer.from([0]) : Buffer.alloc(0),
  ]);
  vp8l = Buffer.concat([ascii('WEBP'), chunk]);
  return Buffer.concat([ascii('RIFF'), u32le(vp8l.length), vp8l]);
}

export function svg(title = 'phenom test'): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${title} -->\n<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4" viewBox="0 0 4 4"><rect width="4" height="4" fill="#c81e3c"/></svg>\n`,
  );
}

// ---------------------------------------------------------------- archives

/** A stored (uncompressed) ZIP archive with one file: what a GIF+ZIP polyglot appends. */
export function zipArchive(name = 'payload.html', content = '<script>alert(1)</script>'): Buffer {
  const body = Buffer.from(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt32LE(crc32(body), 14);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(body.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(crc32(body), 16);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(body.length, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length + body.length, 16);
  return Buffer.concat([local, Buffer.from(name), body, central, Buffer.from(name), end]);
}

// ---------------------------------------------------------------- videos

/** ISO base media box: size, type, data. */
function box(type: string, ...data: Buffer[]): Buffer {
  const body = Buffer.concat(data);
  return Buffer.concat([u32be(8 + body.length), ascii(type), body]);
}

/** ISO BMFF (MP4 with brand `isom`, QuickTime with `qt  `): ftyp, free, mdat. */
export function isoMedia(majorBrand: 'isom' | 'qt  ', seed: string, length = 2048): Buffer {
  const compatible = majorBrand === 'isom' ? ['isom', 'iso2', 'avc1', 'mp41'] : ['qt  '];
  return Buffer.concat([
    box('ftyp', ascii(majorBrand), u32be(majorBrand === 'isom' ? 0x200 : 0), ...compatible.map(ascii)),
    box('free'),
    box('mdat', payload(seed, length)),
  ]);
}

export const mp4 = (seed = 'mp4') => isoMedia('isom', seed);
export const quicktime = (seed = 'mov') => isoMedia('qt  ', seed);

/** EBML variable-length size: one byte below 127, else the 8-byte form. */
function ebmlSize(n: number): Buffer {
  if (n < 127) return Buffer.from([0x80 | n]);
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n) | (1n << 56n));
  return b;
}
function ebml(id: number[], ...data: Buffer[]): Buffer {
  const body = Buffer.concat(data);
  return Buffer.concat([Buffer.from(id), ebmlSize(body.length), body]);
}
const ebmlUint = (n: number) => Buffer.from([n]);

/** WebM: EBML header with DocType "webm", then a Segment with Info (timecode scale) and a Void payload. */
export function webm(seed = 'webm'): Buffer {
  const header = ebml(
    [0x1a, 0x45, 0xdf, 0xa3],
    ebml([0x42, 0x86], ebmlUint(1)), // EBMLVersion
    ebml([0x42, 0xf7], ebmlUint(1)), // EBMLReadVersion
    ebml([0x42, 0xf2], ebmlUint(4)), // EBMLMaxIDLength
    ebml([0x42, 0xf3], ebmlUint(8)), // EBMLMaxSizeLength
    ebml([0x42, 0x82], ascii('webm')), // DocType
    ebml([0x42, 0x87], ebmlUint(4)), // DocTypeVersion
    ebml([0x42, 0x85], ebmlUint(2)), // DocTypeReadVersion
  );
  const info = ebml([0x15, 0x49, 0xa9, 0x66], ebml([0x2a, 0xd7, 0xb1], Buffer.from([0x0f, 0x42, 0x40]))); // TimecodeScale 1 ms
  const voidElement = ebml([0xec], payload(seed, 1024));
  return Buffer.concat([header, ebml([0x18, 0x53, 0x80, 0x67], info, voidElement)]);
}

/** MPEG-2 program stream: pack header, then a video sequence header. */
export function mpeg(seed = 'mpeg'): Buffer {
  return Buffer.concat([
    Buffer.from([0x00, 0x00, 0x01, 0xba, 0x44, 0x00, 0x04, 0x00, 0x04, 0x01, 0x01, 0x89, 0xc3, 0xf8]),
    Buffer.from([0x00, 0x00, 0x01, 0xb3, 0x14, 0x00, 0xf0, 0x13, 0xff, 0xff, 0xe0, 0x18]),
    payload(seed, 1024),
  ]);
}

/** AVI: RIFF 'AVI ' with an hdrl list holding the main header, and a movi list. */
export function avi(seed = 'avi'): Buffer {
  const riffChunk = (id: string, data: Buffer) => Buffer.concat([ascii(id), u32le(data.length), data]);
  const list = (type: string, ...data: Buffer[]) => riffChunk('LIST', Buffer.concat([ascii(type), ...data]));
  const avih = riffChunk(
    'avih',
    Buffer.concat([
      u32le(33333),
      u32le(0),
      u32le(0),
      u32le(0x10),
      u32le(1),
      u32le(0),
      u32le(1),
      u32le(0),
      u32le(16),
      u32le(16),
      Buffer.alloc(16),
    ]),
  );
  const body = Buffer.concat([ascii('AVI '), list('hdrl', avih), list('movi', riffChunk('00dc', payload(seed, 512)))]);
  return Buffer.concat([ascii('RIFF'), u32le(body.length), body]);
}

const guid = (hex: string) => Buffer.from(hex.replace(/-/g, ''), 'hex');

/** ASF (WMV): header object holding a stream properties object whose stream type is video. */
export function wmv(seed = 'wmv'): Buffer {
  const object = (id: Buffer, data: Buffer) => {
    const size = Buffer.alloc(8);
    size.writeBigUInt64LE(BigInt(24 + data.length));
    return Buffer.concat([id, size, data]);
  };
  const streamProperties = object(
    guid('9107DCB7B7A9CF118EE600C00C205365'),
    Buffer.concat([
      guid('C0EF19BC4D5BCF11A8FD00805F5C442B'),
      guid('00577FB0E1C4CF11A8FD00805F5C442B'),
      Buffer.alloc(8),
      u32le(0),
      u32le(0),
      u16le(1),
      u32le(0),
    ]),
  );
  const header = object(
    guid('3026B2758E66CF11A6D900AA0062CE6C'),
    Buffer.concat([u32le(1), Buffer.from([1, 2]), streamProperties]),
  );
  const data = object(guid('3626B2758E66CF11A6D900AA0062CE6C'), payload(seed, 512));
  return Buffer.concat([header, data]);
}

// ---------------------------------------------------------------- not media

/** A real executable (this machine's /bin/true, an ELF binary), for posing as a JPEG. */
export function elfExecutable(): Buffer {
  return readFileSync('/bin/true');
}

/** Every supported type with a sample and the name a user would give it. */
export function mediaSamples(): Sample[] {
  return [
    { name: 'photo.png', contentType: 'image/png', bytes: png() },
    { name: 'photo.jpg', contentType: 'image/jpeg', bytes: jpeg() },
    { name: 'anim.gif', contentType: 'image/gif', bytes: gif() },
    { name: 'pic.webp', contentType: 'image/webp', bytes: webp() },
    { name: 'logo.svg', contentType: 'image/svg+xml', bytes: svg() },
    { name: 'scan.tiff', contentType: 'image/tiff', bytes: tiff() },
    { name: 'old.bmp', contentType: 'image/bmp', bytes: bmp() },
    { name: 'clip.mp4', contentType: 'video/mp4', bytes: mp4() },
    { name: 'clip.mpg', contentType: 'video/mpeg', bytes: mpeg() },
    { name: 'clip.mov', contentType: 'video/quicktime', bytes: quicktime() },
    { name: 'clip.avi', contentType: 'video/x-msvideo', bytes: avi() },
    { name: 'clip.wmv', contentType: 'video/x-ms-wmv', bytes: wmv() },
    { name: 'clip.webm', contentType: 'video/webm', bytes: webm() },
  ];
}
