import type { Config } from '../config.js';

/**
 * Whether a browser Origin may act on this server: the configured public
 * origin, or the origin of the Host the request was sent to (same-origin).
 * Used for cross-site write protection and for WebSocket upgrades, where
 * browsers send cookies cross-site and only Origin tells the attacker apart.
 */
export function isAllowedOrigin(origin: string, host: string | undefined, config: Pick<Config, 'publicUrl'>): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (config.publicUrl && parsed.origin === new URL(config.publicUrl).origin) return true;
  return host !== undefined && parsed.host === host.toLowerCase();
}

/** The origin to build links with: PUBLIC_URL, else the request's own. */
export function publicOrigin(config: Pick<Config, 'publicUrl'>, requestUrl: string, host: string | undefined): string {
  if (config.publicUrl) return config.publicUrl;
  const url = new URL(requestUrl);
  return `${url.protocol}//${host ?? url.host}`;
}
