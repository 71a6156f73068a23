import { createHash } from 'node:crypto';
import { frameSelectionScript } from '@casehub/contract';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../config.js';

/** CSP's name for exactly one inline script: the email frame's selection reporter (packages/contract/src/frame.ts). */
const frameScriptHash = `'sha256-${createHash('sha256').update(frameSelectionScript).digest('base64')}'`;

/**
 * Security headers on every answer (issue 14.6, 20.8). The content security
 * policy lets the app run only its own script files: no inline script but
 * the email frame's one reporter, allowed by its hash (an email's frame is a
 * srcdoc document, which lives under this policy as well as its own).
 * Images may come from anywhere, because a person may choose to load an
 * email's remote images; styles may be inline (the editor and charts set
 * them). No one may frame the app (clickjacking), and the browser features
 * the app never uses are switched off. HSTS only when PUBLIC_URL is https.
 * A route that sets a header itself (a file's sandbox policy) keeps it.
 */
export function securityHeaders(config: Pick<Config, 'publicUrl'>) {
  return secureHeaders({
    overwrite: false,
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", frameScriptHash],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', 'https:', 'http:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      frameSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    permissionsPolicy: {
      camera: [],
      microphone: [],
      geolocation: [],
      payment: [],
      usb: [],
      // Not `bluetooth`: Chromium does not know it as a policy feature and warned on every page load.
      serial: [],
      hid: [],
      midi: [],
    },
    strictTransportSecurity: config.publicUrl?.startsWith('https:') ? 'max-age=31536000; includeSubDomains' : false,
  });
}
