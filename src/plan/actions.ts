/**
 * How a resource change's `actions` array is classified. The counting rules of the JSON
 * report: `["create"]`, `["update"]`, `["delete"]`, `["read"]`, `["no-op"]`,
 * `["forget"]` count as their names; `["delete","create"]` and `["create","delete"]` are a
 * replace. Anything else (an empty array, an action a future Terraform adds) is `other`:
 * shown in the report, counted nowhere.
 */
export type ChangeKind = 'create' | 'update' | 'delete' | 'replace' | 'read' | 'noop' | 'forget' | 'other';

export function classifyActions(actions: readonly string[]): ChangeKind {
  if (actions.length === 1) {
    switch (actions[0]) {
      case 'create':
        return 'create';
      case 'update':
        return 'update';
      case 'delete':
        return 'delete';
      case 'read':
        return 'read';
      case 'no-op':
        return 'noop';
      case 'forget':
        return 'forget';
      default:
        return 'other';
    }
  }
  if (actions.length === 2) {
    const [first, second] = actions;
    if ((first === 'delete' && second === 'create') || (first === 'create' && second === 'delete')) return 'replace';
  }
  return 'other';
}

/** `action_reason` values Terraform/OpenTofu write, as a reviewer would say them. */
const ACTION_REASONS: Record<string, string> = {
  replace_because_tainted: 'tainted',
  replace_because_cannot_update: 'an attribute that cannot be updated in place changed',
  replace_by_request: 'replacement requested (-replace)',
  replace_by_triggers: 'replace_triggered_by',
  delete_because_no_resource_config: 'removed from the configuration',
  delete_because_no_module: 'its module was removed',
  delete_because_wrong_repetition: 'count/for_each changed to a single instance',
  delete_because_count_index: 'count index out of range',
  delete_because_each_key: 'for_each key no longer exists',
  delete_because_no_move_target: 'moved target does not exist',
  read_because_config_unknown: 'configuration depends on values known only after apply',
  read_because_dependency_pending: 'a dependency has pending changes',
  read_because_check_nested: 'read by a check block',
};

export function describeActionReason(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  return ACTION_REASONS[reason] ?? reason.replaceAll('_', ' ');
}
