export * from './affected.js';
export * from './changes.js';
export * from './config.js';
export * from './drift-issues.js';
export * from './graph.js';
export * from './matrix.js';
export * from './terraform.js';
export * from './refusal.js';
