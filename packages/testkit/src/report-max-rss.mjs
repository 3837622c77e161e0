// Preloaded with `node --import` by tests that measure a command's memory: prints the
// process's peak resident set size as the last line on stderr when it exits.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nkubepath-test max-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
