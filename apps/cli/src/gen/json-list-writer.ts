/** Writes a Kubernetes List as JSON, item by item, with backpressure: files bigger than memory are fine. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

export class JsonListWriter {
  private readonly out: WriteStream;
  private count = 0;

  constructor(
    path: string,
    private readonly pretty: boolean,
  ) {
    this.out = createWriteStream(path);
    this.out.write('{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n');
  }

  get items(): number {
    return this.count;
  }

  async write(item: unknown): Promise<void> {
    const text = this.pretty ? JSON.stringify(item, null, 2) : JSON.stringify(item);
    if (!this.out.write((this.count++ ? ',\n' : '') + text)) await once(this.out, 'drain');
  }

  async close(): Promise<number> {
    this.out.end('\n  ],\n  "metadata": { "resourceVersion": "" }\n}\n');
    await once(this.out, 'finish');
    return this.out.bytesWritten;
  }
}
