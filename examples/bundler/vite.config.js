// The bundler example: a Vite app that imports `ckassa-sdk`.
// Build: node_modules/.bin/vite build examples/bundler   (from the repository root, after npm run build)
// In your project `ckassa-sdk` comes from node_modules and this alias is not needed; here it points at the
// package built in dist/ (its browser ESM entry, which finds its .wasm through new URL(..., import.meta.url)).
import { fileURLToPath } from 'node:url';

export default {
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  resolve: {
    alias: { 'ckassa-sdk': fileURLToPath(new URL('../../dist/web/index.js', import.meta.url)) },
  },
  build: {
    outDir: process.env.CKASSA_BUNDLER_OUT_DIR || 'dist',
    emptyOutDir: true,
  },
};
