export * from './types.js';
export * from './config.js';
export * from './guard.js';
export {
  FOLLOWUP_RULE_IDS,
  GUARD_RULE_IDS,
  GUARD_RULES,
  ruleAnchor,
  ruleOf,
  type FollowupRule,
  type ViolationRule,
} from './rules/registry.js';
