/** RDS: the PostgreSQL instance is the right engine, private, encrypted, backed up, protected. */
import type { DBInstance } from '@aws-sdk/client-rds';
import type { Expectations } from '../expectations.js';
import { days, fail, pass, type Outcome } from '../types.js';

export function evaluateRdsEngine(db: DBInstance, expect: Expectations['rds']): Outcome {
  const engine = db.Engine ?? 'unknown';
  const version = db.EngineVersion ?? 'unknown';
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  const wanted = `${expect.engine} ${expect.engineMajorVersion}.x`;
  if (engine !== expect.engine || major !== expect.engineMajorVersion)
    return fail(`engine is ${engine} ${version} (expected ${wanted})`);
  return pass(`${engine} ${version}`);
}

export function evaluateRdsPrivate(db: DBInstance): Outcome {
  return db.PubliclyAccessible === false
    ? pass('not publicly accessible')
    : fail(`PubliclyAccessible is ${String(db.PubliclyAccessible)} (expected false)`);
}

export function evaluateRdsEncrypted(db: DBInstance): Outcome {
  return db.StorageEncrypted === true
    ? pass('storage encrypted at rest')
    : fail(`StorageEncrypted is ${String(db.StorageEncrypted)} (expected true)`);
}

export function evaluateRdsBackups(db: DBInstance, expect: Expectations['rds']): Outcome {
  const retention = db.BackupRetentionPeriod;
  return retention === expect.backupRetentionDays
    ? pass(`automated backups kept ${days(retention)}`)
    : fail(`backup retention is ${days(retention)} (expected ${days(expect.backupRetentionDays)})`);
}

export function evaluateRdsDeletionProtection(db: DBInstance): Outcome {
  return db.DeletionProtection === true
    ? pass('deletion protection on')
    : fail(`DeletionProtection is ${String(db.DeletionProtection)} (expected true)`);
}
