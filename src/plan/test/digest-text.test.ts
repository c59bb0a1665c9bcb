import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { writeResourceChanges } from '../digest-text.js';
import { parsePlan, planDigest } from '../index.js';
import { listFixtures, rawPlan } from '../../../test/helpers/plan-fixtures.js';
import { canonicalText, reverseKeys } from './json-forms.js';

type Json = Record<string, unknown>;

/** The digest's definition, from the document as JSON.parse reads it. */
function expectedDigest(text: string): string {
  const raw = JSON.parse(text) as Json;
  const document = `{"output_changes":${canonicalText(raw.output_changes ?? {})},"resource_changes":${canonicalText(raw.resource_changes ?? [])}}`;
  return createHash('sha256').update(document).digest('hex');
}

/** What the text reader writes for the plan's resource_changes, or undefined when it leaves them to the parsed values. */
function readText(text: string): string | undefined {
  const plan = parsePlan(text, 'plan.json');
  let written = '';
  const read = writeResourceChanges(
    text,
    plan.resource_changes ?? [],
    { write: (piece) => (written += piece) },
    (value) => (written += canonicalText(value)),
  );
  return read ? written : undefined;
}

const digestOf = (text: string) => planDigest(parsePlan(text, 'plan.json'));
const beyondLatin1 = (text: string) => /[\u0100-\uffff]/.test(text);

/** A compact plan with one entry holding `value` (JSON text) in several places. */
function planWith(value: string): string {
  return `{"format_version":"1.2","resource_changes":[{"address":"aws_s3_bucket.a","mode":"managed","type":"aws_s3_bucket","name":"a","change":{"actions":["update"],"before":${value},"after":{"value":${value},"list":[${value},${value}]},"after_unknown":{}}},{"address":"aws_s3_bucket.b","change":{"actions":["no-op"],"before":${value},"after":${value}}}]}`;
}

function entry(address: string): string {
  return `{"address":"${address}","change":{"actions":["create"],"before":null,"after":{"id":"${address}"}}}`;
}

describe('the digest read from the plan text', () => {
  it.each(listFixtures().filter((name) => rawPlan(name).resource_changes))(
    '%s, compact: the canonical text, read from the text',
    (name) => {
      const raw = rawPlan(name);
      const compact = JSON.stringify(raw);
      // A text with a character beyond U+00FF is left to the parsed values (see digest-text.ts).
      expect(readText(compact)).toBe(beyondLatin1(compact) ? undefined : canonicalText(raw.resource_changes));
      expect(digestOf(compact)).toBe(expectedDigest(compact));
    },
  );

  it.each(listFixtures().filter((name) => rawPlan(name).resource_changes))(
    '%s, compact with every key order reversed: the canonical text',
    (name) => {
      const reversed = JSON.stringify(reverseKeys(rawPlan(name)));
      expect(readText(reversed)).toBe(
        beyondLatin1(reversed) ? undefined : canonicalText((JSON.parse(reversed) as Json).resource_changes),
      );
      expect(digestOf(reversed)).toBe(expectedDigest(reversed));
    },
  );

  // Values whose text is not what JSON.stringify writes, or that JavaScript reads its own way.
  const odd = [
    String.raw`"<\u003c\u003e\u0026>"`,
    String.raw`"a\/b"`,
    String.raw`"\u00e9t\u00E9"`,
    String.raw`"\ud83d\ude00"`,
    String.raw`"\udc00"`,
    String.raw`"\u001f\u001F\u0000\b\f\n\r\t\"\\"`,
    String.raw`"\u0008\u000a"`,
    '"é\u00ff\u007f"',
    '""',
    '1.0',
    '1E5',
    '1e+21',
    '1e21',
    '-0',
    '0',
    '-1',
    '123456789012345',
    '-123456789012345',
    '1234567890123456789',
    '0.1',
    '1e400',
    '-1e-7',
    '5e-324',
    'true',
    'false',
    'null',
    '{"b":1,"a":2}',
    '{"a":1,"a":2}',
    '{"a":1,"b":2,"a":3}',
    '{"__proto__":{"x":1},"a":1}',
    String.raw`{"\u0061":1,"b":2}`,
    String.raw`{"a\"b":1,"a":2}`,
    '{"10":1,"9":2,"a":3}',
    '{"9":1,"10":2}',
    '{"":1,"a":{}}',
    '{"a":{"d":[{"z":1,"y":2}],"c":2}}',
    '[[],{},[{}],[[1.50]]]',
  ];

  it.each(odd)('%s: the canonical text of the value JSON.parse reads', (value) => {
    const text = planWith(value);
    expect(readText(text)).toBe(canonicalText((JSON.parse(text) as Json).resource_changes));
    expect(digestOf(text)).toBe(expectedDigest(text));
  });

  it('puts each entry and its change together in key order, extra keys included', () => {
    const text = `{"format_version":"1.2","resource_changes":[{"type":"t","zzz":[2,1],"address":"t.a","index":0,"change":{"importing":{"id":"i"},"after":{"b":1},"actions":["create"],"before":null,"replace_paths":[["b"]],"future":{"y":1,"x":2}},"action_reason":null}]}`;
    expect(readText(text)).toBe(canonicalText((JSON.parse(text) as Json).resource_changes));
    expect(digestOf(text)).toBe(expectedDigest(text));
  });

  it('an empty list and a plan without resource_changes', () => {
    expect(readText('{"format_version":"1.2","resource_changes":[]}')).toBe('[]');
    expect(digestOf('{"format_version":"1.2","resource_changes":[],"output_changes":{}}')).toBe(expectedDigest('{}'));
    expect(digestOf('{"format_version":"1.2","planned_values":{}}')).toBe(expectedDigest('{}'));
  });

  it('leaves plans with whitespace between entries to the parsed values (pretty-printed plans)', () => {
    const text = JSON.stringify(JSON.parse(planWith('{"a":1}')), null, 2);
    expect(readText(text)).toBeUndefined();
    expect(digestOf(text)).toBe(expectedDigest(text));
  });

  // JSON.parse keeps the last of repeated keys: the digest is of the list it kept.
  const elsewhere = [
    [
      'repeated',
      `{"format_version":"1.2","resource_changes":[${entry('a.one')}],"resource_changes":[${entry('a.two')}]}`,
    ],
    [
      'repeated, spelt with an escape',
      String.raw`{"format_version":"1.2","resource_changes":[${entry('a.one')}],"resource\u005fchanges":[${entry('a.two')}]}`,
    ],
    [
      'spelt with an escape, first',
      String.raw`{"format_version":"1.2","resource_chang\u0065s":[${entry('a.one')}],"resource_changes":[${entry('a.two')}]}`,
    ],
    [
      'a nested key of that name before it',
      `{"format_version":"1.2","variables":{"v":{"value":{"resource_changes":[${entry('a.two')}]}}},"resource_changes":[${entry('a.one')}]}`,
    ],
    [
      'a nested key of that name after it',
      `{"format_version":"1.2","resource_changes":[${entry('a.one')}],"prior_state":{"values":{"resource_changes":[]}}}`,
    ],
    [
      'a repeated entry key',
      `{"format_version":"1.2","resource_changes":[{"address":"a.one","address":"a.two","change":{"actions":["create"]}}]}`,
    ],
    [
      'a repeated change key',
      `{"format_version":"1.2","resource_changes":[{"address":"a","change":{"actions":["create"],"after":1,"after":2}}]}`,
    ],
    [
      'an escaped entry key',
      String.raw`{"format_version":"1.2","resource_changes":[{"\u0061ddress":"a.one","change":{"actions":["create"]}}]}`,
    ],
    [
      'a lone surrogate',
      `{"format_version":"1.2","resource_changes":[{"address":"a.\uD800","change":{"actions":["create"]}}]}`,
    ],
    ['characters beyond U+00FF', planWith('"€😀\u2028"')],
    ['characters beyond U+00FF, outside the list', `${planWith('"é"').slice(0, -1)},"configuration":{"x":"—"}}`],
  ] as const;

  it.each(elsewhere)('%s: read from the parsed values, the digest of what JSON.parse kept', (_label, text) => {
    expect(readText(text)).toBeUndefined();
    expect(digestOf(text)).toBe(expectedDigest(text));
  });

  it('a __proto__ key of an entry or its change is left out, as validation leaves it out', () => {
    const text = `{"format_version":"1.2","resource_changes":[{"address":"a","__proto__":{"x":1},"change":{"actions":["create"],"__proto__":1,"importing":{"id":"i","__proto__":2}}}]}`;
    expect(readText(text)).toBeUndefined();
    // The same document through the parsed values only (whitespace keeps the text reader out).
    expect(digestOf(text)).toBe(digestOf(text.replace('[{"address"', '[ {"address"')));
    expect(digestOf(text)).toBe(
      expectedDigest(`{"resource_changes":[{"address":"a","change":{"actions":["create"],"importing":{"id":"i"}}}]}`),
    );
  });

  it('a __proto__ key of an import is left out, as validation leaves it out', () => {
    const text = `{"format_version":"1.2","resource_changes":[{"address":"a","change":{"actions":["create"],"importing":{"__proto__":{"a":1},"id":"i"}}}]}`;
    expect(digestOf(text)).toBe(
      expectedDigest(`{"resource_changes":[{"address":"a","change":{"actions":["create"],"importing":{"id":"i"}}}]}`),
    );
  });

  it('a __proto__ key in a value is kept, as JSON.parse reads it', () => {
    const text = planWith('{"__proto__":{"b":1,"a":2},"z":1}');
    expect(readText(text)).toBe(canonicalText((JSON.parse(text) as Json).resource_changes));
    expect(digestOf(text)).toBe(expectedDigest(text));
  });
});
