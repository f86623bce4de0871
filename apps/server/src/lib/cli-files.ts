// Files the CLI reads for an import: a regular file within the import limit, read with a byte cap. A device
// (/dev/zero), a pipe or a file far past the limit is refused at once, before it is read into memory.
import fs from 'node:fs';

/** The bytes of `file`, at most `maxBytes`; an Error with a readable message otherwise. */
export function readBoundedFile(file: string, maxBytes: number): Buffer {
  // (A file that cannot be opened throws the system's error, which the CLI words as for any other file.)
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    // A folder is the system's EISDIR (the CLI words it); a device or a pipe is not a file to import either.
    if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: ${file}`), { code: 'EISDIR', path: file });
    if (!stat.isFile()) throw new Error(`${file}: not a regular file (a device or a pipe); give a file.`);
    if (stat.size > maxBytes)
      throw new Error(
        `${file}: the file is larger than the import limit (${stat.size} bytes, the limit is ${maxBytes}: CORRIDOR_IMPORT_MAX_BYTES); split it.`,
      );
    // Read at most one byte past the limit: a file that grew since is refused too.
    const buf = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let read = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, read, buf.length - read, null);
      if (n === 0) break;
      read += n;
      if (read === buf.length) break;
    }
    if (read > maxBytes)
      throw new Error(`${file}: the file is larger than the import limit (${maxBytes} bytes); split it.`);
    return buf.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}
