// An XLSX file is a zip archive, and a zip archive can be a bomb: a few megabytes that inflate to gigabytes. The
// XLSX reader inflates every part in memory, so before handing it a file, every entry is inflated here with a
// ceiling on its output: the declared sizes must add up to at most `maxBytes`, and no entry may inflate to more
// than it declares. Zip layout: APPNOTE.TXT 6.3 (end of central directory 4.3.16, central header 4.3.12, local
// header 4.3.7).
import { inflateRawSync } from 'node:zlib';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Why a zip archive is refused, in a fixed sentence (never quoting the file). */
export class UnsafeArchive extends Error {}

function findEndOfCentralDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  throw new UnsafeArchive('the file is not a zip archive (an .xlsx file is one)');
}

/** Throws UnsafeArchive unless every entry inflates within its declared size and all add up to at most maxBytes. */
export function assertSafeZip(buf: Buffer, opts: { maxBytes: number; maxEntries: number }): void {
  if (buf.length < 22) throw new UnsafeArchive('the file is not a zip archive (an .xlsx file is one)');
  const eocd = findEndOfCentralDirectory(buf);
  const entries = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdOffset === 0xffffffff) throw new UnsafeArchive('zip64 archives are not accepted');
  if (entries > opts.maxEntries) throw new UnsafeArchive('the archive has too many parts');
  if (cdOffset + cdSize > eocd) throw new UnsafeArchive('the archive is damaged');
  let total = 0;
  let at = cdOffset;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > eocd || buf.readUInt32LE(at) !== CENTRAL) throw new UnsafeArchive('the archive is damaged');
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const declared = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const localOffset = buf.readUInt32LE(at + 42);
    total += declared;
    if (total > opts.maxBytes) throw new UnsafeArchive('the archive inflates to more than the import limit');
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL)
      throw new UnsafeArchive('the archive is damaged');
    const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (dataStart + compressed > buf.length) throw new UnsafeArchive('the archive is damaged');
    if (method === 8) {
      try {
        // maxOutputLength makes zlib stop (and throw) as soon as the output passes the declared size.
        inflateRawSync(buf.subarray(dataStart, dataStart + compressed), { maxOutputLength: Math.max(1, declared) });
      } catch {
        throw new UnsafeArchive('a part of the archive inflates to more than it declares, or is damaged');
      }
    } else if (method !== 0 || compressed !== declared) {
      throw new UnsafeArchive('the archive uses an unsupported compression method');
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
}
