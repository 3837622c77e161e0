// Starts the report thread from TypeScript source (npm start, the tests): registers tsx in
// this thread first, since a worker does not take `--import` hooks for its entry file.
import { register } from 'tsx/esm/api';

register();
await import('./report-thread.ts');
