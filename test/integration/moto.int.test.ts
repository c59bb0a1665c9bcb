import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { motoClientConfig } from '../setup/aws.js';

describe('moto server of the integration stage', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(new URL(process.env.MOTO_ENDPOINT ?? '').hostname).toBe('127.0.0.1');
  });

  it('stores and returns an S3 object through @aws-sdk/client-s3', async () => {
    const s3 = new S3Client(motoClientConfig());
    const bucket = `moto-smoke-${Date.now()}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'hello.txt', Body: 'hello from the suite' }));
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'hello.txt' }));
    expect(await object.Body?.transformToString()).toBe('hello from the suite');
  });
});
