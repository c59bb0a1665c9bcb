import { ByteReader, StepLimitError, TruncatedError } from './byte-reader.js';

/**
 * Where a raster image really ends. Viewers stop at the image's end marker (PNG's IEND,
 * JPEG's EOI, GIF's trailer) or at the size its header declares (WebP, BMP), so whatever
 * follows is invisible to them — and exactly where a polyglot keeps its second file (a ZIP,
 * whose directory sits at the end of the file, or an HTML page). Such files are rejected.
 * Zero bytes after the end (padding some encoders add) are allowed: they carry nothing.
 */
export interface ImageBytes {
  /** The object's length in bytes. */
  size: number;
  /** Its first bytes (what the type detection read). */
  head: Uint8Array;
  /** The whole object, from the start. */
  stream(): AsyncIterable<Uint8Array>;
  /** `length` bytes at `offset` (fewer at the end of the object). */
  range(offset: number, length: number): Promise<Uint8Array>;
}

/** Undefined when the image ends where the file ends; otherwise why it is rejected. */
export async function rasterProblem(mime: string, bytes: ImageBytes): Promise<string | undefined> {
  const check = CHECKS[mime];
  if (!check) return undefined;
  const label = mime.slice('image/'.length).toUpperCase();
  try {
    const end = await check(bytes);
    return end === undefined ? undefined : `data after the end of the ${label} image (${end})`;
  } catch (error) {
    if (error instanceof TruncatedError || error instanceof StructureError || error instanceof StepLimitError)
      return `not a well-formed ${label} image: ${error.message}`;
    throw error;
  }
}

class StructureError extends Error {
  override name = 'StructureError';
}

/** Returns undefined when nothing but zeros follows the image, else a description of what does. */
type Check = (bytes: ImageBytes) => Promise<string | undefined>;

/**
 * A walk's budget of reads: real images have few blocks for their size (PNG's IDAT chunks are
 * kilobytes, GIF's sub-blocks 255 bytes, JPEG has a few dozen segments), while a file of
 * 4-byte JPEG comments takes four reads per 4 bytes — 500 MB of them, six minutes.
 */
const walk = (bytes: ImageBytes) => new ByteReader(bytes.stream(), 1_000_000 + Math.ceil(bytes.size / 64));

const CHECKS: Record<string, Check> = {
  'image/png': async (bytes) => trailer(await pngEnd(walk(bytes)), 'the IEND chunk'),
  'image/jpeg': async (bytes) => trailer(await jpegEnd(walk(bytes)), 'the EOI marker'),
  'image/gif': async (bytes) => trailer(await gifEnd(walk(bytes)), 'the GIF trailer'),
  'image/webp': async (bytes) => declaredEnd(bytes, webpLength(bytes.head), 'the RIFF size'),
  'image/bmp': async (bytes) => declaredEnd(bytes, bmpLength(bytes.head), 'the bitmap data'),
  'image/tiff': async (bytes) => declaredEnd(bytes, await tiffLength(bytes), 'the last TIFF structure'),
};

async function trailer(reader: ByteReader, marker: string): Promise<string | undefined> {
  const end = reader.offset;
  const rest = await reader.rest();
  return rest.nonZero ? `${rest.bytes} bytes after ${marker} at byte ${end}` : undefined;
}

async function declaredEnd(bytes: ImageBytes, end: number, what: string): Promise<string | undefined> {
  if (end > bytes.size) throw new TruncatedError(`${what} ends at byte ${end} but the file has ${bytes.size}`);
  if (end === bytes.size) return undefined;
  // Only the tail: the extra bytes, read in pieces, may all be padding.
  for (let offset = end; offset < bytes.size; offset += 1 << 20) {
    const piece = await bytes.range(offset, Math.min(1 << 20, bytes.size - offset));
    if (piece.some((b) => b !== 0)) return `${bytes.size - end} bytes after ${what} at byte ${end}`;
  }
  return undefined;
}

// ---------------------------------------------------------------- PNG (ISO/IEC 15948)

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function pngEnd(reader: ByteReader): Promise<ByteReader> {
  if (!(await reader.read(8)).equals(PNG_SIGNATURE)) throw new StructureError('no PNG signature');
  for (;;) {
    const header = await reader.read(8);
    const length = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    if (length > 0x7fffffff) throw new StructureError(`chunk ${type} declares ${length} bytes`);
    await reader.skip(length + 4); // data and CRC
    if (type === 'IEND') return reader;
  }
}

// ---------------------------------------------------------------- JPEG (ITU T.81)

async function jpegEnd(reader: ByteReader): Promise<ByteReader> {
  const soi = await reader.read(2);
  if (soi[0] !== 0xff || soi[1] !== 0xd8) throw new StructureError('no SOI marker');
  let marker = await nextMarker(reader);
  for (;;) {
    if (marker === 0xd9) return reader; // EOI
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      marker = await nextMarker(reader); // no length
      continue;
    }
    const length = (await reader.read(2)).readUInt16BE(0);
    if (length < 2) throw new StructureError(`segment 0xFF${hex(marker)} declares length ${length}`);
    await reader.skip(length - 2);
    if (marker === 0xda) {
      // Entropy-coded data follows a scan header, up to the next marker that is neither a
      // stuffed zero (FF 00) nor a restart marker (FF D0–D7).
      marker = await reader.scanForMarker((next) => next !== 0x00 && next !== 0xff && (next < 0xd0 || next > 0xd7));
    } else {
      marker = await nextMarker(reader);
    }
  }
}

async function nextMarker(reader: ByteReader): Promise<number> {
  const first = await reader.byte();
  if (first !== 0xff) throw new StructureError(`expected a marker at byte ${reader.offset - 1}`);
  let marker = await reader.byte();
  while (marker === 0xff) marker = await reader.byte(); // fill bytes
  return marker;
}

const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

// ---------------------------------------------------------------- GIF (GIF89a specification)

async function gifEnd(reader: ByteReader): Promise<ByteReader> {
  const signature = (await reader.read(6)).toString('latin1');
  if (signature !== 'GIF87a' && signature !== 'GIF89a') throw new StructureError('no GIF signature');
  const screen = await reader.read(7);
  await skipColourTable(reader, screen[4]!);
  for (;;) {
    const introducer = await reader.byte();
    if (introducer === 0x3b) return reader; // trailer
    if (introducer === 0x21) {
      await reader.skip(1); // extension label
      await skipSubBlocks(reader);
    } else if (introducer === 0x2c) {
      const descriptor = await reader.read(9);
      await skipColourTable(reader, descriptor[8]!);
      await reader.skip(1); // LZW minimum code size
      await skipSubBlocks(reader);
    } else {
      throw new StructureError(`unknown block 0x${hex(introducer)} at byte ${reader.offset - 1}`);
    }
  }
}

async function skipColourTable(reader: ByteReader, packed: number): Promise<void> {
  if (packed & 0x80) await reader.skip(3 * 2 ** ((packed & 0x07) + 1));
}

async function skipSubBlocks(reader: ByteReader): Promise<void> {
  for (let size = await reader.byte(); size !== 0; size = await reader.byte()) await reader.skip(size);
}

// ---------------------------------------------------------------- WebP (RIFF container)

function webpLength(head: Uint8Array): number {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WEBP')
    throw new StructureError('no RIFF/WEBP header');
  const size = bytes.readUInt32LE(4);
  return 8 + size + (size % 2);
}

// ---------------------------------------------------------------- BMP (Windows bitmap)

/**
 * Pixel data offset plus the pixel data's size (from the dimensions for uncompressed
 * bitmaps, else the header's image size), or the embedded colour profile if that ends
 * later. The file-size field is not trusted: a polyglot can simply declare its whole size.
 */
function bmpLength(head: Uint8Array): number {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.length < 54 || bytes.toString('latin1', 0, 2) !== 'BM') throw new StructureError('no BMP header');
  const dataOffset = bytes.readUInt32LE(10);
  const headerSize = bytes.readUInt32LE(14);
  if (headerSize < 40) return bytes.readUInt32LE(2); // OS/2 BITMAPCOREHEADER: only the file size says
  const width = Math.abs(bytes.readInt32LE(18));
  const height = Math.abs(bytes.readInt32LE(22));
  const bitsPerPixel = bytes.readUInt16LE(28);
  const compression = bytes.readUInt32LE(30);
  const imageSize = bytes.readUInt32LE(34);
  const uncompressed = compression === 0 || compression === 3 || compression === 6; // RGB, BITFIELDS, ALPHABITFIELDS
  const pixels = uncompressed ? Math.floor((bitsPerPixel * width + 31) / 32) * 4 * height : imageSize;
  let end = dataOffset + pixels;
  if (headerSize >= 124 && bytes.length >= 14 + 124 && bytes.readUInt32BE(14 + 56) === 0x4d424544) {
    // BITMAPV5HEADER with an embedded profile ('MBED'): its offset counts from the header.
    end = Math.max(end, 14 + bytes.readUInt32LE(14 + 112) + bytes.readUInt32LE(14 + 116));
  }
  return end;
}

// ---------------------------------------------------------------- TIFF (TIFF 6.0)

const TYPE_SIZES: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
};
const IFD_POINTERS = new Set([330, 34665, 34853, 40965]); // SubIFDs, Exif, GPS, Interoperability
const DATA_PAIRS: [number, number][] = [
  [273, 279], // StripOffsets, StripByteCounts
  [324, 325], // TileOffsets, TileByteCounts
  [513, 514], // JPEGInterchangeFormat, JPEGInterchangeFormatLength
];
const MAX_IFDS = 64;
const MAX_ENTRIES = 4096;
/** Strips or tiles one tag may list (a 100,000-pixel square in 256-pixel tiles has 152,881). */
const MAX_DATA_VALUES = 1 << 20;

/**
 * TIFF has no end marker: its directories point at their data anywhere in the file. The
 * image ends where the last directory, tag value, strip or tile ends.
 */
async function tiffLength(bytes: ImageBytes): Promise<number> {
  const head = Buffer.from(await bytes.range(0, 8));
  const order = head.toString('latin1', 0, 2);
  if (head.length < 8 || (order !== 'II' && order !== 'MM')) throw new StructureError('no TIFF header');
  const little = order === 'II';
  const u16 = (b: Buffer, at: number) => (little ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (b: Buffer, at: number) => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));
  if (u16(head, 2) !== 42) throw new StructureError('not a classic TIFF (BigTIFF is not accepted)');
  const read = async (offset: number, length: number) => {
    if (offset + length > bytes.size) throw new TruncatedError(`a structure at byte ${offset} runs past the end`);
    return Buffer.from(await bytes.range(offset, length));
  };

  let end = 8;
  const pending = [u32(head, 4)];
  const seen = new Set<number>();
  while (pending.length > 0) {
    const offset = pending.pop()!;
    if (offset === 0 || seen.has(offset)) continue;
    if (seen.size >= MAX_IFDS) throw new StructureError(`more than ${MAX_IFDS} directories`);
    seen.add(offset);
    const count = u16(await read(offset, 2), 0);
    if (count > MAX_ENTRIES) throw new StructureError(`a directory declares ${count} entries`);
    const ifd = await read(offset, 2 + count * 12 + 4);
    end = Math.max(end, offset + ifd.length);
    pending.push(u32(ifd, 2 + count * 12));
    const values = new Map<number, number[]>();
    for (let i = 0; i < count; i++) {
      const entry = 2 + i * 12;
      const tag = u16(ifd, entry);
      const type = u16(ifd, entry + 2);
      const n = u32(ifd, entry + 4);
      const size = (TYPE_SIZES[type] ?? 1) * n;
      let data = ifd.subarray(entry + 8, entry + 12);
      // The values of these tags are read into memory: their count comes from the file.
      if (IFD_POINTERS.has(tag) && n > MAX_IFDS)
        throw new StructureError(`tag ${tag} points at ${n} directories (at most ${MAX_IFDS})`);
      if (DATA_PAIRS.some((pair) => pair.includes(tag)) && n > MAX_DATA_VALUES)
        throw new StructureError(`tag ${tag} lists ${n} strips or tiles (at most ${MAX_DATA_VALUES})`);
      if (size > 4) {
        const at = u32(ifd, entry + 8);
        end = Math.max(end, at + size);
        if (IFD_POINTERS.has(tag) || DATA_PAIRS.some((pair) => pair.includes(tag))) data = await read(at, size);
      }
      if (type === 3 || type === 4 || type === 13) {
        const width = type === 3 ? 2 : 4;
        values.set(
          tag,
          Array.from({ length: Math.min(n, Math.floor(data.length / width)) }, (_, k) =>
            width === 2 ? u16(data, k * 2) : u32(data, k * 4),
          ),
        );
      }
    }
    for (const tag of IFD_POINTERS) for (const pointer of values.get(tag) ?? []) pending.push(pointer);
    for (const [offsets, counts] of DATA_PAIRS) {
      const starts = values.get(offsets) ?? [];
      const lengths = values.get(counts) ?? [];
      starts.forEach((start, k) => (end = Math.max(end, start + (lengths[k] ?? 0))));
    }
  }
  return end;
}
