import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../../shared-functions/src/logger.js';
import { processEvent, processRecord } from '../src/process.js';

/** An S3 client that fails the test if the validator calls it. */
function untouchableS3(): S3Client {
  const s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  s3.middlewareStack.add(
    (_next, context) => async () => {
      throw new Error(`unexpected S3 call ${context.commandName}`);
    },
    { step: 'initialize', name: 'forbid' },
  );
  return s3;
}

describe('processEvent input handling (no S3 needed)', () => {
  it("treats S3's test event (no Records) as nothing to do", async () => {
    const deps = { s3: untouchableS3(), finalBucket: 'final-b', logger: createMemoryLogger() };
    expect(
      await processEvent({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'staging' } as never, deps),
    ).toEqual({ records: [] });
  });

  it('skips a malformed record with a reason, without S3 calls and without failing the event', async () => {
    const logger = createMemoryLogger();
    const result = await processEvent(
      { Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: {} } }] },
      { s3: untouchableS3(), finalBucket: 'final-b', logger },
    );
    expect(result.records).toEqual([
      {
        key: '',
        bucket: '',
        outcome: 'skipped',
        reason:
          'not an S3 event record: s3.bucket.name: is required (expected string); s3.object: is required (expected object)',
      },
    ]);
    expect(logger.messages[0]?.level).toBe('error');
  });

  it('skips records that are not uploads', async () => {
    const outcome = await processRecord(
      { eventName: 'ObjectRemoved:Delete', s3: { bucket: { name: 'staging' }, object: { key: 'uploads/a/b+c.png' } } },
      { s3: untouchableS3(), finalBucket: 'final-b', logger: createMemoryLogger() },
    );
    expect(outcome).toEqual({
      key: 'uploads/a/b c.png',
      bucket: 'staging',
      outcome: 'skipped',
      reason: 'event ObjectRemoved:Delete is not an upload',
    });
  });

  it('skips a record whose key is not URL-encoded (a retry could not decode it either), without S3 calls', async () => {
    const outcome = await processRecord(
      { eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'staging' }, object: { key: 'uploads/a/100%.png' } } },
      { s3: untouchableS3(), finalBucket: 'final-b', logger: createMemoryLogger() },
    );
    expect(outcome).toEqual({
      key: 'uploads/a/100%.png',
      bucket: 'staging',
      outcome: 'skipped',
      reason: "not an S3 event record: s3.object.key is not URL-encoded ('uploads/a/100%.png')",
    });
  });

  it('reports an S3 failure as a failed record that keeps the object', async () => {
    const outcome = await processRecord(
      { eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'staging' }, object: { key: 'uploads/a/b.png' } } },
      { s3: untouchableS3(), finalBucket: 'final-b', logger: createMemoryLogger() },
    );
    expect(outcome).toEqual({
      key: 'uploads/a/b.png',
      bucket: 'staging',
      outcome: 'failed',
      reason: 'unexpected S3 call HeadObjectCommand',
    });
  });
});
