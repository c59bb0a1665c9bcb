/** The repository's GitHub workflows, read from disk and checked against its environment model (src/model/workflows.ts). */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkWorkflows, type WorkflowFile, type WorkflowProblem } from '../src/model/index.js';
import { readOptionalEnvironmentModel } from './environments.js';

export const WORKFLOWS_DIR = '.github/workflows';

/** Every `*.yml`/`*.yaml` under `.github/workflows`, sorted; none when the directory does not exist. */
export async function readWorkflows(root: string): Promise<WorkflowFile[]> {
  const names = await readdir(join(root, WORKFLOWS_DIR)).catch(() => [] as string[]);
  const files = names.filter((n) => /\.ya?ml$/.test(n)).sort();
  return Promise.all(
    files.map(async (name) => ({
      path: `${WORKFLOWS_DIR}/${name}`,
      text: await readFile(join(root, WORKFLOWS_DIR, name), 'utf8'),
    })),
  );
}

/** Problems of the workflows against environments.yaml; undefined when the repository has no model. */
export async function checkRepositoryWorkflows(root: string): Promise<WorkflowProblem[] | undefined> {
  const model = await readOptionalEnvironmentModel(root);
  if (!model) return undefined;
  return checkWorkflows(model, await readWorkflows(root));
}
