/** Client settings for @aws-sdk v3 clients that talk to the moto server of this test run. */
export function motoClientConfig() {
  const endpoint = process.env.MOTO_ENDPOINT;
  if (!endpoint) throw new Error('MOTO_ENDPOINT is not set: run integration tests through `npm run test:integration`.');
  return {
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
}
