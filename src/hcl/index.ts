export * from './syntax.js';
export * from './parse.js';
export * from './evaluate.js';
export { parseConfigFile } from './config-file.js';
export { parseJsonConfig } from './json.js';
export { hclTooDeep, jsonTooDeep, MAX_NESTING } from './nesting.js';
export { LineIndex } from './position.js';
export { unescapeQuoted } from './build.js';
