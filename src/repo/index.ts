export * from './files.js';
export * from './fs.js';
export * from './memory-fs.js';
export * from './terraform-dir.js';
export * from './repository.js';
