// The viewer is a static bundle (dist/) that the API serves at `/`; every view is a `#/…` URL.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Cytoscape and its layouts are one chunk of ~600 kB; the app itself is small.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `pnpm --filter @kubepath/viewer dev` against `kubepath serve` on 8080.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
