/**
 * Reading a stream whole, but never past a limit: the bytes are counted as they arrive, so an
 * oversized input is refused before it is held in memory (a YAML file, an archive's
 * metadata.json), and the stream is not read on.
 */
import type { InputTooLargeError } from '@kubepath/model';

/** The stream's bytes, or the breach `tooLarge()` makes once more than `maxBytes` arrived. */
export async function readCapped(
  stream: AsyncIterable<Uint8Array>,
  maxBytes: number,
  tooLarge: () => InputTooLargeError,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.length;
    if (bytes > maxBytes) throw tooLarge();
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}
