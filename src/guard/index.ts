export * from './types.js';
export * from './config.js';
export * from './guard.js';
export { RULE_META } from './rule-meta.js';
