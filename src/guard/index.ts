export * from './types.js';
export * from './config.js';
export * from './guard.js';
export { RULE_META, ruleMeta } from './rule-meta.js';
