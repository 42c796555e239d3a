/**
 * Builds the UI into dist/ as static files that argo-server serves at `/`.
 * Everything is bundled (no CDN at run time). `pnpm dev` proxies the API to
 * the argo-server named by ARGO_SERVER (default http://127.0.0.1:2746).
 */
import { defineConfig } from 'vite';

const target = process.env.ARGO_SERVER ?? 'http://127.0.0.1:2746';

export default defineConfig({
  // Relative asset URLs: the files work wherever the server mounts them.
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: {
    proxy: {
      '/api': { target, changeOrigin: true },
      '/artifacts': { target, changeOrigin: true },
      '/input-artifacts': { target, changeOrigin: true },
    },
  },
});
