export * from './names.js';
export * from './fields.js';
export * from './document.js';
export * from './activity.js';
export * from './expectations.js';
export * from './versions.js';
export * from './remap.js';
export * from './milestones.js';
