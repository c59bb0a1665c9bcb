export * from './annotations.js';
export * from './json.js';
export * from './markdown.js';
export * from './sarif.js';
export * from './text.js';
export { counts, headline } from './counts.js';
export { renderRuleHelp, renderRuleReference, renderRuleTables } from './rule-docs.js';
export { maskReport, maskSecrets, MASK } from './mask.js';
