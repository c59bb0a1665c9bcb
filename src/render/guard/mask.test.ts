import { describe, expect, it } from 'vitest';
import { guardMemory } from '../../../test/helpers/guard-memory.js';
import { renderGuardJson } from './json.js';
import { selectAnnotations } from './annotations.js';
import { renderGuardMarkdown } from './markdown.js';
import { maskSecrets } from './mask.js';
import { renderSarif } from './sarif.js';
import { renderGuardText } from './text.js';

// Credential shapes, assembled at run time so that no credential-like text is committed.
const FAKE_GITHUB_TOKEN = ['ghp', 'abcdefghijklmnopqrstuvwxyz0123456789'].join('_');
const PEM_BEGIN = ['-----BEGIN', 'RSA PRIVATE', 'KEY-----'].join(' ');
const PEM_END = ['-----END', 'RSA PRIVATE', 'KEY-----'].join(' ');

describe('maskSecrets', () => {
  it.each([
    [
      'postgres://admin:S3cr3t-pw@phenom-prod-postgres.x.rds.amazonaws.com:5432/db',
      'postgres://admin:***@phenom-prod-postgres.x.rds.amazonaws.com:5432/db',
    ],
    ['Server=db;User Id=sa;Password=Hunter2!x;', 'Server=db;User Id=sa;Password=***;'],
    ['aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id = AKIA***'],
    ['key AKIAIOSFODNN7EXAMPLE here', 'key AKIA*** here'],
    [`token ${FAKE_GITHUB_TOKEN}`, 'token ghp_***'],
    ['"api_key": "sk-live-123456"', '"api_key": "***"'],
    [`${PEM_BEGIN}\nMIIE\n${PEM_END}`, `${PEM_BEGIN} *** ${PEM_END}`],
  ])('%s', (input, expected) => {
    expect(maskSecrets(input)).toBe(expected);
  });

  it('leaves references, paths and ordinary messages alone', () => {
    for (const text of [
      'password = var.db_password',
      'environments/development/secrets.json resolves to environments/production/x',
      "'phenom-prod-media' contains production's bucket",
    ])
      expect(maskSecrets(text)).toBe(text);
  });
});

describe('every renderer masks what the report would echo', () => {
  it('a connection string with a password in a README, in text, JSON, SARIF, Markdown and annotations', async () => {
    const report = await guardMemory({
      files: {
        'environments/development/README.md':
          'DATABASE_URL=postgres://phenom:Hunter2-secret@phenom-prod-postgres.c9akciq32abc.us-east-1.rds.amazonaws.com/app\n',
      },
    });
    expect(report.violations.map((v) => v.rule)).toEqual(['foreign-identifier']);
    expect(report.violations[0]?.message).toContain('Hunter2-secret');
    const outputs = [
      renderGuardText(report, 1),
      renderGuardJson(report, 1),
      JSON.stringify(renderSarif(report, { docsUri: 'https://example.test/README.md' })),
      renderGuardMarkdown(report, 1),
      JSON.stringify(selectAnnotations(report).annotations),
    ];
    for (const output of outputs) {
      expect(output).not.toContain('Hunter2-secret');
      expect(output).toContain('phenom-prod-postgres');
    }
  });
});
