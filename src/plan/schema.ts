import { z } from 'zod';

/**
 * zod schema of the parts of Terraform/OpenTofu plan JSON (`terraform show -json PLANFILE`)
 * that the plan core reads. Tolerant by design: plans are not our config, so unknown keys
 * are kept (loose objects), every format_version from 0.1 to 1.x is accepted, drift entries
 * may lack `address`, `actions` may be empty or hold actions a future Terraform adds.
 *
 * Values (`before`, `after`, `*_sensitive`, `after_unknown`) are not validated deeply: they
 * are arbitrary JSON, walked later by src/plan/attributes.ts. No defaults or transforms are
 * applied to `resource_changes` / `output_changes`, so the parsed values equal the input and
 * the digest is computed over what Terraform wrote.
 */

/** A path inside a value: object keys and list/set indexes (`replace_paths` entries). */
const pathStepSchema = z.union([z.string(), z.number()]);
/** Optional text field; real plans (hand-made ones especially) write `null` for "not set". */
const optionalText = z.string().nullish();

const changeSchema = z.looseObject({
  actions: z.array(z.string()),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  after_unknown: z.unknown().optional(),
  before_sensitive: z.unknown().optional(),
  after_sensitive: z.unknown().optional(),
  replace_paths: z.array(z.array(pathStepSchema)).optional(),
  importing: z.looseObject({ id: optionalText }).nullable().optional(),
  generated_config: optionalText,
});

export const resourceChangeSchema = z.looseObject({
  address: optionalText,
  previous_address: optionalText,
  module_address: optionalText,
  mode: optionalText,
  type: optionalText,
  name: optionalText,
  index: z.unknown().optional(),
  provider_name: optionalText,
  deposed: optionalText,
  action_reason: optionalText,
  change: changeSchema,
});

const deferredChangeSchema = z.looseObject({
  reason: optionalText,
  resource_change: resourceChangeSchema.optional(),
});

const outputValueSchema = z.looseObject({ sensitive: z.boolean().optional() });
const outputsMapSchema = z.record(z.string(), outputValueSchema);

/** A check's or check instance's address (`to_display` is what we show). */
const checkAddressSchema = z.looseObject({ to_display: z.string().optional() });

const checkSchema = z.looseObject({
  address: checkAddressSchema.optional(),
  status: z.string().optional(),
  instances: z
    .array(
      z.looseObject({
        address: checkAddressSchema.optional(),
        status: z.string().optional(),
        problems: z.array(z.looseObject({ message: z.string().optional() })).optional(),
      }),
    )
    .optional(),
});

/** `format_version` "0.1" … "1.x"; a 2.x plan is a format this code does not know. */
const formatVersionSchema = z
  .string()
  .regex(/^(0|1)\.\d+$/, { message: 'expected a plan format_version from 0.1 to 1.x' });

/**
 * What `plan-comment redact` adds to the plan it writes (src/plan/redact.ts): the digest of the
 * raw plan it came from (the one `infra apply` compares), the digest of the redacted document
 * (an edit after redaction is detected), and how values were masked.
 */
export const redactionSchema = z.looseObject({
  redacted: z.literal(true),
  version: z.literal(1),
  digest: z.string().regex(/^[0-9a-f]{64}$/, { message: 'expected the SHA-256 hex digest of the raw plan' }),
  redacted_digest: z.string().regex(/^[0-9a-f]{64}$/, { message: 'expected the SHA-256 hex digest' }),
  /** `marked`: every change had sensitivity marks; `conservative`: some had none (format 0.1/0.2). */
  sensitivity: z.enum(['marked', 'conservative']),
});
export type Redaction = z.infer<typeof redactionSchema>;

/** The top-level key of that block. */
export const REDACTION_KEY = 'tf_plan_comment_redaction';

export const planSchema = z
  .looseObject({
    /** Missing only in HCP Terraform's redacted JSON, which has `plan_format_version` instead. */
    format_version: formatVersionSchema.optional(),
    /** HCP Terraform / Terraform Enterprise redacted JSON (`GET /plans/:id/json-output-redacted`). */
    plan_format_version: formatVersionSchema.optional(),
    [REDACTION_KEY]: redactionSchema.optional(),
    terraform_version: z.string().optional(),
    planned_values: z.looseObject({ outputs: outputsMapSchema.optional() }).optional(),
    prior_state: z
      .looseObject({ values: z.looseObject({ outputs: outputsMapSchema.optional() }).optional() })
      .nullable()
      .optional(),
    configuration: z
      .looseObject({
        root_module: z.looseObject({ outputs: outputsMapSchema.optional() }).optional(),
      })
      .optional(),
    resource_changes: z.array(resourceChangeSchema).optional(),
    resource_drift: z.array(resourceChangeSchema).optional(),
    output_changes: z.record(z.string(), changeSchema).optional(),
    deferred_changes: z.array(deferredChangeSchema).optional(),
    checks: z.array(checkSchema).optional(),
    errored: z.boolean().optional(),
    applyable: z.boolean().optional(),
    complete: z.boolean().optional(),
  })
  .refine(
    (plan) =>
      plan.planned_values !== undefined ||
      plan.plan_format_version !== undefined ||
      plan.resource_changes !== undefined ||
      plan.output_changes !== undefined ||
      plan.resource_drift !== undefined ||
      plan.errored !== undefined,
    {
      message:
        'no planned_values, resource_changes, output_changes or resource_drift (is this `terraform show -json` of a state instead of a plan file?)',
    },
  );

export type Plan = z.infer<typeof planSchema>;
export type ResourceChange = z.infer<typeof resourceChangeSchema>;
export type Change = z.infer<typeof changeSchema>;
export type PathStep = z.infer<typeof pathStepSchema>;
