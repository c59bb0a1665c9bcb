/**
 * One module's configuration as Terraform assembles it from its files, override files merged
 * in. From Terraform's documentation ("Override Files",
 * developer.hashicorp.com/terraform/language/files/override):
 * - files named `override.tf`, `override.tf.json` or ending in `_override.tf` /
 *   `_override.tf.json` are skipped at first, then applied one by one in lexical order of
 *   their names (and in order within each file), after every normal file;
 * - a top-level block of an override file merges into the block with the same header (type and
 *   labels): each argument replaces the argument of the same name; each nested block type
 *   present in the override replaces *all* nested blocks of that type (their contents are not
 *   merged); other nested block types stay;
 * - in `resource` and `data` blocks, `lifecycle` is merged argument by argument (and any
 *   override `provisioner` replaces all original provisioners, which the general rule gives);
 * - `locals` are overridden value by value, whichever `locals` block holds them;
 * - a `variable`'s arguments (its `default`, `type`, …) are merged as above;
 * - in `terraform` blocks each setting is considered individually: `required_providers` is
 *   merged provider by provider, and a `backend` (or `cloud`) block in an override replaces the
 *   original's backend or cloud block entirely.
 * Every block and argument keeps the file that wrote it, so findings point at the winning value.
 */
import { posix } from 'node:path';
import type { Attribute, Block, Body, HclFile } from '../hcl/index.js';

/** `override.tf(.json)` or `*_override.tf(.json)`: applied after the normal files. */
export function isOverrideFile(path: string): boolean {
  const name = posix.basename(path).replace(/\.tf(\.json)?$/, '');
  return name === 'override' || name.endsWith('_override');
}

const byName = (a: HclFile, b: HclFile) => {
  const x = posix.basename(a.path);
  const y = posix.basename(b.path);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The top-level blocks of a module's files with its override files merged in (Terraform's order). */
export function mergedBlocks(files: readonly HclFile[]): Block[] {
  const primary = files.filter((f) => !isOverrideFile(f.path)).sort(byName);
  const overrides = files.filter((f) => isOverrideFile(f.path)).sort(byName);
  const blocks = primary.flatMap((f) => f.body.blocks);
  for (const file of overrides) for (const block of file.body.blocks) applyOverride(blocks, block);
  return blocks;
}

const sameHeader = (a: Block, b: Block) =>
  a.type === b.type && a.labels.length === b.labels.length && a.labels.every((l, i) => l === b.labels[i]);

function applyOverride(blocks: Block[], override: Block): void {
  if (override.type === 'locals') {
    for (const attribute of override.body.attributes) overrideLocal(blocks, attribute, override);
    return;
  }
  if (override.type === 'terraform') {
    overrideTerraform(blocks, override);
    return;
  }
  const index = blocks.findIndex((b) => sameHeader(b, override));
  // Without a base block Terraform refuses the configuration; the guard still reads the block.
  if (index === -1) blocks.push(override);
  else blocks[index] = mergeBlock(blocks[index] as Block, override);
}

function overrideLocal(blocks: Block[], attribute: Attribute, from: Block): void {
  const index = blocks.findIndex(
    (b) => b.type === 'locals' && b.body.attributes.some((a) => a.name === attribute.name),
  );
  if (index === -1) {
    blocks.push({ ...from, body: { attributes: [attribute], blocks: [] } });
    return;
  }
  const base = blocks[index] as Block;
  blocks[index] = {
    ...base,
    body: { ...base.body, attributes: base.body.attributes.map((a) => (a.name === attribute.name ? attribute : a)) },
  };
}

/** A block with an override's arguments and nested block types replacing its own. */
export function mergeBlock(base: Block, override: Block): Block {
  const names = new Set(override.body.attributes.map((a) => a.name));
  const attributes = [...base.body.attributes.filter((a) => !names.has(a.name)), ...override.body.attributes];
  const overriddenTypes = new Set(override.body.blocks.map((b) => b.type));
  const mergesLifecycle = base.type === 'resource' || base.type === 'data';
  const nested: Block[] = [];
  for (const block of base.body.blocks) {
    if (!overriddenTypes.has(block.type)) nested.push(block);
  }
  for (const block of override.body.blocks) {
    const original = base.body.blocks.find((b) => b.type === 'lifecycle');
    if (mergesLifecycle && block.type === 'lifecycle' && original) nested.push(mergeBlock(original, block));
    else nested.push(block);
  }
  return { ...base, body: { attributes, blocks: nested } };
}

const isBackend = (b: Block) => b.type === 'backend' || b.type === 'cloud';

function overrideTerraform(blocks: Block[], override: Block): void {
  const index = blocks.findIndex((b) => b.type === 'terraform');
  const overridesBackend = override.body.blocks.some(isBackend);
  if (overridesBackend) {
    // The override's backend (or cloud) block replaces whichever the normal files declared.
    for (const [i, block] of blocks.entries()) {
      if (block.type === 'terraform' && block.body.blocks.some(isBackend))
        blocks[i] = { ...block, body: { ...block.body, blocks: block.body.blocks.filter((b) => !isBackend(b)) } };
    }
  }
  if (index === -1) {
    blocks.push(override);
    return;
  }
  const base = blocks[index] as Block;
  const names = new Set(override.body.attributes.map((a) => a.name));
  const nested: Block[] = [...base.body.blocks];
  for (const block of override.body.blocks) {
    if (block.type === 'required_providers') {
      const existing = nested.findIndex((b) => b.type === 'required_providers');
      if (existing === -1) nested.push(block);
      else nested[existing] = mergeArguments(nested[existing] as Block, block);
    } else if (isBackend(block)) {
      nested.push(block);
    } else {
      const existing = nested.findIndex((b) => sameHeader(b, block));
      if (existing === -1) nested.push(block);
      else nested[existing] = block;
    }
  }
  const body: Body = {
    attributes: [...base.body.attributes.filter((a) => !names.has(a.name)), ...override.body.attributes],
    blocks: nested,
  };
  blocks[index] = { ...base, body };
}

/** Arguments merged one by one (`required_providers`: per provider). */
function mergeArguments(base: Block, override: Block): Block {
  const names = new Set(override.body.attributes.map((a) => a.name));
  return {
    ...base,
    body: {
      attributes: [...base.body.attributes.filter((a) => !names.has(a.name)), ...override.body.attributes],
      blocks: [...base.body.blocks, ...override.body.blocks],
    },
  };
}
