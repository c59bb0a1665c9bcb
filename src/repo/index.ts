export * from './files.js';
export * from './terraform-dir.js';
export * from './repository.js';
