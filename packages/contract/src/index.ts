export * from './errors.js';
export * from './auth.js';
export * from './cases.js';
export * from './files.js';
export * from './emails.js';
export * from './versions.js';
export * from './dashboard.js';
