export * from './syntax.js';
export * from './parse.js';
export * from './evaluate.js';
export { LineIndex } from './position.js';
export { unescapeQuoted } from './build.js';
