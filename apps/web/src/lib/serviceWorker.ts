/**
 * Registers the service worker that the production build generates
 * (vite.config.ts: Workbox precaches the whole build), so the app opens
 * after a reload without a network (issue 17.7). Not in development, where
 * Vite serves modules that change on every save.
 *
 * A new build's worker takes over at once (skipWaiting, clientsClaim) and
 * drops the old build's files from its cache. A page still running the old
 * build then reloads, because the chunks it would load next (the case page,
 * the dashboard) are gone from the cache and from the server alike; what
 * was typed is safe in the browser's copy of the documents (lib/localDocs.ts).
 * The first worker taking control of a page is no new build: no reload.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const hadController = navigator.serviceWorker.controller !== null;
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!hadController || reloading) return;
    reloading = true;
    window.location.reload();
  });
  // After the page has loaded, so the first visit's precaching (the whole build) does not compete with it.
  // `updateViaCache: 'none'`: the browser asks the server for sw.js on every check, never its HTTP cache.
  const register = (): void => {
    navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' }).catch(() => {
      // No worker (a browser that refuses it, private mode): the app still works online, as before.
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
