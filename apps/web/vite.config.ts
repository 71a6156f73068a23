import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const apiTarget = 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/sync': { target: apiTarget, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The case page chunk carries Tiptap, ProseMirror and Yjs (~530 kB, 170 kB gzipped); it is
    // loaded only with that page, so the default 500 kB warning is noise here.
    chunkSizeWarningLimit: 700,
  },
});
