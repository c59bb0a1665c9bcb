export * from './schema.js';
export * from './resolve.js';
export * from './workflows.js';
