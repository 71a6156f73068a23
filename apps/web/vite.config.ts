import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

const apiTarget = 'http://localhost:3000';

export default defineConfig({
  plugins: [
    react(),
    // The service worker (issue 17.7): Workbox precaches the built app (every file of this build, by
    // content hash) so a reload without a network still opens the app; a navigation gets the cached
    // index.html. It keeps nothing from the API: answers there are a person's own, and the app keeps
    // the few it needs offline itself, per person (lib/offlineCopy.ts), so signing out clears them.
    VitePWA({
      strategies: 'generateSW',
      // Registered by src/lib/serviceWorker.ts, only in the production build.
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2,mjs}'],
        // pdf.js's worker is over 1 MB; the whole build is precached so no chunk of it is missing offline.
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
        navigateFallback: '/index.html',
        // Server-rendered and API paths are never answered with the app shell.
        navigateFallbackDenylist: [/^\/api\//, /^\/sync\//, /^\/metrics$/],
        // A new build takes over at once (its precache replaces the old one), so nobody keeps running
        // yesterday's app: see src/lib/serviceWorker.ts for the reload that follows.
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        // No runtime caching: whatever the worker does not precache goes to the network untouched.
        runtimeCaching: [],
      },
    }),
  ],
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
