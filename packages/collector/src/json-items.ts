/**
 * A streaming scanner for Kubernetes List JSON (`kubectl get -A -o json`, dump archives).
 *
 * A 150,000-pod `kubectl get pods -A -o json` is ~2 GB pretty-printed, past V8's 512 MiB
 * string limit, so one JSON.parse of the file cannot work. This scanner walks the bytes once,
 * hands each element of the top-level `items` array to JSON.parse on its own, and keeps the
 * rest of the document (kind, apiVersion, metadata) as a small "envelope". On the 579 MiB
 * pods.json of the 150,000-pod benchmark it scans at ~230 MB/s in ~130 MiB (a byte scanner
 * measured for the issue did ~155 MB/s, @streamparser/json ~50 MB/s; docs/performance.md).
 * A document without `items` comes back whole as the envelope; a top-level array is treated
 * as a list of items.
 */
import { limitBreach, type InputLimits } from './limits.js';

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Receives each item's raw bytes, its index in `items`, and its byte offset in the stream. */
export type ItemHandler = (bytes: Buffer, index: number, offset: number) => void;

/** What the scanner saw once the stream ended. */
export interface ScanResult {
  /** The document without its items (`items: []`), or the whole document if it had none. */
  envelope: Buffer;
  items: number;
  /** The stream ended inside a value: the file is truncated. */
  truncated: boolean;
}

const BOM = [0xef, 0xbb, 0xbf];
/** Top-level keys and kind/apiVersion values longer than this are not ones the scanner looks for. */
const MAX_CAPTURED_BYTES = 1024;

/** The limits the scanner enforces as it goes (see limits.ts). */
export type ScanLimits = Pick<InputLimits, 'maxDocumentBytes' | 'maxDepth' | 'maxDocuments'>;
const isWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Incremental scanner: call `write` per chunk, then `end`. */
export class JsonItemScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private offset = 0;
  private bomBytes = 0;

  // Keys of the top-level object are captured to spot "items".
  private topIsArray = false;
  private expectKey = false;
  private capturingKey = false;
  private keyBytes: number[] = [];
  private lastKey = '';
  private afterColon = false;
  /** Capturing the string value of a top-level key (kind, apiVersion). */
  private capturingValue: 'kind' | 'apiVersion' | null = null;
  private valueBytes: number[] = [];
  /** The top-level `kind` and `apiVersion`, once seen (typed Lists write them before `items`). */
  listKind: string | undefined;
  listApiVersion: string | undefined;

  /** Depth of the array whose elements are items (2 for `{"items": [...]}`, 1 for `[...]`). */
  private itemsDepth = 0;
  private inItemsArray = false;
  /** Where the current item starts in the current chunk (0 when it began in an earlier one); -1 outside items. */
  private itemStart = -1;
  private itemIsScalar = false;
  private itemParts: Buffer[] = [];
  private itemOffset = 0;
  private itemCount = 0;
  /** Bytes of the current item so far; past the limit its bytes are dropped, and it is reported. */
  private itemBytes = 0;
  private itemOversized = false;
  private envelope: Buffer[] = [];
  private envelopeBytes = 0;

  /**
   * `onOversized` hears of each item over `maxDocumentBytes` (dropped, the scan goes on). A
   * document nested past `maxDepth`, an envelope over `maxDocumentBytes` or more than
   * `maxDocuments` items throw InputTooLargeError from `write`: the input cannot be read on.
   */
  constructor(
    private readonly onItem: ItemHandler,
    private readonly limits: ScanLimits = {
      maxDocumentBytes: Number.MAX_SAFE_INTEGER,
      maxDepth: Number.MAX_SAFE_INTEGER,
      maxDocuments: Number.MAX_SAFE_INTEGER,
    },
    private readonly onOversized: (index: number, offset: number) => void = () => {},
  ) {}

  write(chunk: Buffer): void {
    let i = 0;
    // A UTF-8 byte-order mark, even one split across chunks, is not part of the document.
    while (
      i < chunk.length &&
      this.bomBytes === this.offset + i &&
      this.bomBytes < 3 &&
      chunk[i] === BOM[this.bomBytes]
    ) {
      this.bomBytes++;
      i++;
    }
    let envelopeStart = i;
    const len = chunk.length;
    // Where the next backslash is, found once per stretch rather than per string: string
    // contents are skipped with indexOf, which is what makes the scanner fast.
    let nextBackslash = -1;
    for (; i < len; i++) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false; // this byte is the escaped one
          continue;
        }
        if (this.capturingKey || this.capturingValue) {
          this.scanCapturedStringByte(chunk, i);
          continue;
        }
        if (nextBackslash < i) {
          nextBackslash = chunk.indexOf(BACKSLASH, i);
          if (nextBackslash < 0) nextBackslash = len;
        }
        let quote = chunk.indexOf(QUOTE, i);
        if (quote < 0) quote = len;
        if (nextBackslash < quote) {
          i = nextBackslash; // the loop's i++ then lands on the escaped byte, skipped above
          this.escaped = true;
          continue;
        }
        if (quote === len) {
          i = len; // the string goes on in the next chunk
          continue;
        }
        i = quote;
        this.inString = false;
        if (this.itemIsScalar && this.itemStart >= 0 && this.depth === this.itemsDepth)
          this.finishItem(chunk, i + 1);
        continue;
      }
      const c = chunk[i]!;
      if (isWhitespace(c)) continue;
      const wasAfterColon = this.afterColon;
      this.afterColon = false;
      if (
        this.inItemsArray &&
        this.depth === this.itemsDepth &&
        this.itemStart < 0 &&
        c !== COMMA &&
        c !== CLOSE_BRACKET
      ) {
        this.itemStart = i;
        this.itemIsScalar = c !== OPEN_BRACE && c !== OPEN_BRACKET;
        this.itemParts = [];
        this.itemBytes = 0;
        this.itemOversized = false;
        this.itemOffset = this.offset + i;
      }
      switch (c) {
        case QUOTE:
          this.inString = true;
          if (this.depth === 1 && this.expectKey && !this.topIsArray) {
            this.expectKey = false;
            this.capturingKey = true;
            this.keyBytes = [];
          } else if (
            this.depth === 1 &&
            wasAfterColon &&
            (this.lastKey === 'kind' || this.lastKey === 'apiVersion')
          ) {
            this.capturingValue = this.lastKey;
            this.valueBytes = [];
          }
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          this.depth++;
          if (this.depth > this.limits.maxDepth)
            throw limitBreach(
              'maxDepth',
              this.limits.maxDepth,
              `a document nested at byte ${this.offset + i}`,
            );
          if (this.depth === 1) {
            if (c === OPEN_BRACKET) {
              this.topIsArray = true;
              this.enterItems(1);
              this.keepEnvelope(chunk.subarray(envelopeStart, i + 1));
            } else this.expectKey = true;
          } else if (
            this.depth === 2 &&
            c === OPEN_BRACKET &&
            wasAfterColon &&
            this.lastKey === 'items' &&
            !this.topIsArray
          ) {
            this.enterItems(2);
            this.keepEnvelope(chunk.subarray(envelopeStart, i + 1));
          }
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          if (this.inItemsArray && this.depth === this.itemsDepth) {
            if (this.itemStart >= 0) this.finishItem(chunk, i); // a scalar item before "]"
            this.inItemsArray = false;
            envelopeStart = i;
          }
          this.depth--;
          if (this.itemStart >= 0 && !this.itemIsScalar && this.depth === this.itemsDepth)
            this.finishItem(chunk, i + 1);
          break;
        case COMMA:
          if (this.depth === 1 && !this.topIsArray) this.expectKey = true;
          else if (this.itemStart >= 0 && this.itemIsScalar && this.depth === this.itemsDepth)
            this.finishItem(chunk, i);
          break;
        case COLON:
          if (this.depth === 1) this.afterColon = true;
          break;
      }
    }
    if (this.itemStart >= 0) {
      this.keepItemPart(chunk.subarray(this.itemStart, len));
      this.itemStart = 0; // the item goes on at the start of the next chunk
    }
    if (!this.inItemsArray) this.keepEnvelope(chunk.subarray(envelopeStart, len));
    this.offset += len;
  }

  private keepEnvelope(part: Buffer): void {
    this.envelopeBytes += part.length;
    if (this.envelopeBytes > this.limits.maxDocumentBytes)
      throw limitBreach('maxDocumentBytes', this.limits.maxDocumentBytes, 'a single JSON document');
    this.envelope.push(part);
  }

  private keepItemPart(part: Buffer): void {
    if (this.itemOversized) return;
    this.itemBytes += part.length;
    if (this.itemBytes > this.limits.maxDocumentBytes) {
      this.itemOversized = true;
      this.itemParts = [];
    } else this.itemParts.push(part);
  }

  end(): ScanResult {
    const truncated = this.depth !== 0 || this.inString;
    return { envelope: Buffer.concat(this.envelope), items: this.itemCount, truncated };
  }

  /** One byte of a top-level key or of the kind/apiVersion value, which are kept. */
  private scanCapturedStringByte(chunk: Buffer, i: number): void {
    const c = chunk[i]!;
    if (c === BACKSLASH) {
      this.escaped = true;
    } else if (c !== QUOTE) {
      const captured = this.capturingKey ? this.keyBytes : this.valueBytes;
      if (captured.length < MAX_CAPTURED_BYTES) captured.push(c);
    } else {
      this.inString = false;
      if (this.capturingKey) {
        this.capturingKey = false;
        this.lastKey = Buffer.from(this.keyBytes).toString('utf8');
      } else {
        const value = Buffer.from(this.valueBytes).toString('utf8');
        if (this.capturingValue === 'kind') this.listKind = value;
        else this.listApiVersion = value;
        this.capturingValue = null;
      }
    }
  }

  private enterItems(depth: number): void {
    this.itemsDepth = depth;
    this.inItemsArray = true;
  }

  private finishItem(chunk: Buffer, endExclusive: number): void {
    this.keepItemPart(chunk.subarray(this.itemStart, endExclusive));
    const bytes = this.itemParts.length === 1 ? this.itemParts[0]! : Buffer.concat(this.itemParts);
    this.itemParts = [];
    this.itemStart = -1;
    if (this.itemCount >= this.limits.maxDocuments)
      throw limitBreach('maxDocuments', this.limits.maxDocuments, 'a List with items');
    if (this.itemOversized) this.onOversized(this.itemCount++, this.itemOffset);
    else this.onItem(bytes, this.itemCount++, this.itemOffset);
  }
}
