/**
 * Several files as one upload: a POSIX ustar archive, gzipped by the browser
 * (CompressionStream). The API reads `.tar.gz` dumps, and every `.json`/`.yaml` entry in one,
 * so several files arrive as one snapshot. Names are made unique and kept short (ustar's name
 * field holds 100 bytes).
 */

const BLOCK = 512;
const encoder = new TextEncoder();

function field(header: Uint8Array<ArrayBuffer>, offset: number, length: number, text: string): void {
  header.set(encoder.encode(text).subarray(0, length), offset);
}

/** An octal number, zero-padded, NUL-terminated, in a field of `length` bytes. */
const octal = (n: number, length: number) => `${n.toString(8).padStart(length - 1, '0')}\0`;

/** The 512-byte header of one regular file. */
export function tarHeader(name: string, size: number, mtime: number): Uint8Array<ArrayBuffer> {
  const header = new Uint8Array(BLOCK);
  field(header, 0, 100, name);
  field(header, 100, 8, octal(0o644, 8));
  field(header, 108, 8, octal(0, 8));
  field(header, 116, 8, octal(0, 8));
  field(header, 124, 12, octal(size, 12));
  field(header, 136, 12, octal(Math.floor(mtime / 1000), 12));
  field(header, 148, 8, '        '); // the checksum counts its own field as spaces
  field(header, 156, 1, '0');
  field(header, 257, 6, 'ustar\0');
  field(header, 263, 2, '00');
  const sum = header.reduce((a, b) => a + b, 0);
  field(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

/** A name for the n-th file: its base name, ASCII-safe and short, numbered to stay unique. */
export function entryName(n: number, fileName: string): string {
  const base = fileName
    .split(/[\\/]/)
    .pop()!
    .replace(/[^A-Za-z0-9._-]/g, '_');
  const ext = /\.(json|ya?ml)$/i.exec(base)?.[0] ?? '';
  return `${n}-${base.slice(0, 90 - ext.length).replace(/\.(json|ya?ml)$/i, '')}${ext}`;
}

/** The files as one ustar archive (uncompressed). */
export async function tarOf(files: readonly File[]): Promise<Blob> {
  const parts: BlobPart[] = [];
  files.forEach((file, i) => {
    parts.push(tarHeader(entryName(i + 1, file.name), file.size, file.lastModified || Date.now()));
    parts.push(file);
    const pad = (BLOCK - (file.size % BLOCK)) % BLOCK;
    if (pad) parts.push(new Uint8Array(pad));
  });
  parts.push(new Uint8Array(BLOCK * 2)); // two zero blocks end the archive
  return new Blob(parts);
}

/** The files as one `.tar.gz`, ready to upload as application/gzip. */
export async function tarGzOf(files: readonly File[]): Promise<File> {
  const tar = await tarOf(files);
  const gz = await new Response(tar.stream().pipeThrough(new CompressionStream('gzip'))).blob();
  return new File([gz], 'upload.tar.gz', { type: 'application/gzip' });
}
