import type { DBInstance } from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { EXPECTATIONS } from '../expectations.js';
import {
  evaluateRdsBackups,
  evaluateRdsDeletionProtection,
  evaluateRdsEncrypted,
  evaluateRdsEngine,
  evaluateRdsPrivate,
} from './rds.js';

const db = (over: Partial<DBInstance> = {}): DBInstance => ({
  DBInstanceIdentifier: 'phenom-prod-postgres',
  Engine: 'postgres',
  EngineVersion: '17.4',
  PubliclyAccessible: false,
  StorageEncrypted: true,
  BackupRetentionPeriod: 7,
  DeletionProtection: true,
  ...over,
});

describe('RDS evaluations', () => {
  it('engine: postgres 17.x passes (any minor), other majors and engines fail', () => {
    expect(evaluateRdsEngine(db(), EXPECTATIONS.rds)).toEqual({ status: 'pass', reason: 'postgres 17.4' });
    expect(evaluateRdsEngine(db({ EngineVersion: '17.6' }), EXPECTATIONS.rds).status).toBe('pass');
    expect(evaluateRdsEngine(db({ EngineVersion: '16.3' }), EXPECTATIONS.rds)).toEqual({
      status: 'fail',
      reason: 'engine is postgres 16.3 (expected postgres 17.x)',
    });
    expect(evaluateRdsEngine(db({ EngineVersion: '1.7' }), EXPECTATIONS.rds).status).toBe('fail');
    expect(evaluateRdsEngine(db({ Engine: 'aurora-postgresql', EngineVersion: '17.4' }), EXPECTATIONS.rds).reason).toBe(
      'engine is aurora-postgresql 17.4 (expected postgres 17.x)',
    );
  });

  it('private: only PubliclyAccessible = false passes', () => {
    expect(evaluateRdsPrivate(db()).status).toBe('pass');
    expect(evaluateRdsPrivate(db({ PubliclyAccessible: true }))).toEqual({
      status: 'fail',
      reason: 'PubliclyAccessible is true (expected false)',
    });
    expect(evaluateRdsPrivate(db({ PubliclyAccessible: undefined })).status).toBe('fail');
  });

  it('encrypted: StorageEncrypted must be true', () => {
    expect(evaluateRdsEncrypted(db()).status).toBe('pass');
    expect(evaluateRdsEncrypted(db({ StorageEncrypted: false }))).toEqual({
      status: 'fail',
      reason: 'StorageEncrypted is false (expected true)',
    });
  });

  it('backups: exactly the specified retention', () => {
    expect(evaluateRdsBackups(db(), EXPECTATIONS.rds)).toEqual({
      status: 'pass',
      reason: 'automated backups kept 7 days',
    });
    expect(evaluateRdsBackups(db({ BackupRetentionPeriod: 0 }), EXPECTATIONS.rds)).toEqual({
      status: 'fail',
      reason: 'backup retention is 0 days (expected 7 days)',
    });
    expect(evaluateRdsBackups(db({ BackupRetentionPeriod: 14 }), EXPECTATIONS.rds).status).toBe('fail');
  });

  it('deletion protection must be on', () => {
    expect(evaluateRdsDeletionProtection(db()).status).toBe('pass');
    expect(evaluateRdsDeletionProtection(db({ DeletionProtection: false }))).toEqual({
      status: 'fail',
      reason: 'DeletionProtection is false (expected true)',
    });
  });
});
