/** Reads a crown-jewel config file (YAML or JSON) for `--crown-jewels`. */
import { readFileSync } from 'node:fs';
import { CrownJewelConfigSchema, UsageError, type CrownJewelConfig } from '@kubepath/model';
import { parse } from 'yaml';

export function readCrownJewels(path: string): CrownJewelConfig {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'), { maxAliasCount: 100 });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${path}: cannot read the crown-jewel config: ${reason}`);
  }
  const parsed = CrownJewelConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${path} (/${issue.path.join('/')}): ${issue.message}`);
  }
  return parsed.data;
}
