// Writes docs/edges.md from the edge catalog (packages/model). Run: pnpm docs:edges
import { writeFileSync } from 'node:fs';
import { renderEdgeCatalogMarkdown } from '@kubepath/model';

writeFileSync(new URL('../docs/edges.md', import.meta.url), renderEdgeCatalogMarkdown());
console.log('wrote docs/edges.md');
