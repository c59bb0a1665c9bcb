import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validate } from '../../../modules/shared-functions/src/zod-issues.js';
import { planSchema, resourceChangeSchema } from '../schema.js';
import { schemaCopier, validatePlan } from '../validate.js';
import { listFixtures, rawPlan } from '../../../test/helpers/plan-fixtures.js';

type Json = Record<string, unknown>;

/** zod's own parse of the whole document: what validatePlan must return, key order included. */
const byZod = (raw: Json) => validate(planSchema, raw, { values: false });

/** Values and the order of every object's keys. */
const ordered = (value: unknown) => JSON.stringify(value);

function expectSameAsZod(raw: Json): void {
  const fast = validatePlan(raw);
  const slow = byZod(raw);
  expect(fast.ok).toBe(slow.ok);
  if (fast.ok && slow.ok) expect(ordered(fast.value)).toBe(ordered(slow.value));
  else expect(fast).toEqual(slow);
}

describe('validatePlan', () => {
  it('copies resource entries without zod (the entry schema has a copier)', () => {
    expect(schemaCopier(resourceChangeSchema)).toBeTypeOf('function');
  });

  it.each(listFixtures())('%s: the same plan as zod, key order included', (name) => {
    expectSameAsZod(rawPlan(name));
  });

  const base = () =>
    ({
      format_version: '1.2',
      zzz_unknown_top: 1,
      resource_changes: [
        {
          change: { after: { b: 1, a: 2 }, actions: ['update'], extra: true },
          address: 'aws_s3_bucket.a',
          type: 'aws_s3_bucket',
          index: 0,
          previous_address: null,
          future_field: { x: 1 },
        },
      ],
      resource_drift: [{ change: { actions: ['update'] } }],
    }) as Json;
  const entry = (plan: Json) => (plan.resource_changes as Json[])[0]!;
  const cases: [string, (plan: Json) => void][] = [
    ['a valid plan', () => {}],
    ['actions that are not a list', (plan) => ((entry(plan).change as Json).actions = 'update')],
    ['an action that is not text', (plan) => ((entry(plan).change as Json).actions = ['update', 3])],
    ['no change', (plan) => delete entry(plan).change],
    ['a null change', (plan) => (entry(plan).change = null)],
    ['a change that is a list', (plan) => (entry(plan).change = [])],
    ['an address that is a number', (plan) => (entry(plan).address = 7)],
    ['an entry that is text', (plan) => ((plan.resource_changes as unknown[])[0] = 'x')],
    ['replace paths of numbers and text', (plan) => ((entry(plan).change as Json).replace_paths = [['a', 0]])],
    ['a replace path step that is true', (plan) => ((entry(plan).change as Json).replace_paths = [[true]])],
    ['a replace path that is not a list', (plan) => ((entry(plan).change as Json).replace_paths = ['a'])],
    ['importing with an id', (plan) => ((entry(plan).change as Json).importing = { id: 'i-1', extra: 1 })],
    ['importing null', (plan) => ((entry(plan).change as Json).importing = null)],
    ['importing that is text', (plan) => ((entry(plan).change as Json).importing = 'i-1')],
    ['an importing id that is a number', (plan) => ((entry(plan).change as Json).importing = { id: 1 })],
    ['generated config that is a list', (plan) => ((entry(plan).change as Json).generated_config = [])],
    ['a bad drift entry after good changes', (plan) => ((plan.resource_drift as Json[])[0]!.change = 1)],
    ['drift that is not a list', (plan) => (plan.resource_drift = {})],
    ['a bad top-level field', (plan) => (plan.errored = 'yes')],
    ['a bad format_version with good changes', (plan) => (plan.format_version = '9')],
    ['a bad output change', (plan) => (plan.output_changes = { o: { actions: 1 } })],
  ];
  it.each(cases)('%s: what zod says', (_label, edit) => {
    const plan = base();
    edit(plan);
    // Through JSON, as parsePlan's input always is.
    expectSameAsZod(JSON.parse(JSON.stringify(plan)) as Json);
  });

  it('drops a `__proto__` key as zod does', () => {
    const text = JSON.stringify(base()).replace('"address":', '"__proto__":{"polluted":true},"address":');
    expectSameAsZod(JSON.parse(text) as Json);
    const parsed = validatePlan(JSON.parse(text) as Json);
    expect(parsed.ok && Object.getPrototypeOf(parsed.value.resource_changes![0])).toBe(Object.prototype);
  });

  it('leaves to zod what a copier would get wrong', () => {
    for (const schema of [
      z.string().regex(/a/),
      z.email(),
      z.strictObject({ a: z.string() }),
      z.object({ a: z.string() }),
      z.looseObject({ a: z.string() }).refine(() => true),
      z.looseObject({ a: z.string().default('x') }),
      z.string().transform((text) => text.length),
      z.enum(['a']),
      z.literal('a'),
      z.record(z.string(), z.string()),
      z.coerce.string(),
      z.xor([z.string(), z.number()]),
    ])
      expect(schemaCopier(schema)).toBeUndefined();
  });

  it('copies what it accepts exactly as zod parses it', () => {
    const schema = z.looseObject({
      a: z.string(),
      b: z.number().nullish(),
      c: z.array(z.union([z.string(), z.boolean()])).optional(),
      d: z.unknown().optional(),
      e: z.looseObject({ f: z.string().nullable() }).optional(),
    });
    const copy = schemaCopier(schema)!;
    const inputs: unknown[] = [
      { a: 'x' },
      { z: 1, a: 'x', b: null, c: ['y', true], d: { q: [1] }, e: { g: 1, f: null } },
      { a: 'x', b: 1e308 * 10 },
      { a: 'x', b: '1' },
      { a: 'x', c: [1] },
      { a: 'x', e: { f: 1 } },
      { a: 'x', e: null },
      { b: 1 },
      null,
      [],
      'x',
    ];
    for (const input of inputs) {
      const result = schema.safeParse(input);
      const copied = copy(input);
      if (result.success) expect(ordered(copied)).toBe(ordered(result.data));
      else expect(typeof copied).toBe('symbol');
    }
  });
});
