/**
 * Where env-guard's rule documentation is, as an absolute URI for SARIF's `helpUri`: the
 * action README on GitHub when running in Actions (the action's own repository and ref when it
 * is used from another repository, else this repository at the commit being checked), the local
 * file otherwise.
 */
import { pathToFileURL } from 'node:url';

export const README_PATH = 'actions/env-guard/README.md';

export function guardDocsUri(localReadme: string, env: NodeJS.ProcessEnv = process.env): string {
  const server = env.GITHUB_SERVER_URL?.trim();
  const actionRepo = env.GITHUB_ACTION_REPOSITORY?.trim();
  const repo = actionRepo || env.GITHUB_REPOSITORY?.trim();
  const ref = actionRepo ? env.GITHUB_ACTION_REF?.trim() : env.GITHUB_SHA?.trim();
  if (server && repo && ref) return `${server.replace(/\/$/, '')}/${repo}/blob/${ref}/${README_PATH}`;
  return pathToFileURL(localReadme).href;
}
