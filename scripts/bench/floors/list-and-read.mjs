/**
 * The least any Node.js CLI pays to answer `affected` from the working tree, run as its own
 * process by infra.bench.ts: start, ask git for the change, list the repository and read every
 * `.tf` file, without parsing or deciding anything. Plain JavaScript, nothing to compile.
 *
 *   node scripts/bench/floors/list-and-read.mjs BASE HEAD      (in the repository)
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [base, head] = process.argv.slice(2);
const git = spawn('git', ['diff', '--name-status', '-z', '-M', `${base}...${head}`], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let changes = '';
git.stdout.setEncoding('utf8').on('data', (chunk) => (changes += chunk));

let files = 0;
let bytes = 0;
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.git') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.tf')) {
      bytes += readFileSync(path, 'utf8').length;
      files += 1;
    }
  }
}
walk('.');
git.on('close', (code) => {
  process.stdout.write(`${files} .tf files, ${bytes} characters, ${changes.split('\0').length >> 1} changes\n`);
  process.exitCode = code ?? 1;
});
