import { describe, expect, it } from 'vitest';
import { quietNodeVersionNotice } from './aws.js';

const SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

describe("the SDK's Node.js version notice", () => {
  it('is switched off below Node.js 22 only', () => {
    const node20: NodeJS.ProcessEnv = {};
    quietNodeVersionNotice(node20, 'v20.20.2');
    expect(node20[SWITCH]).toBe('true');
    const node24: NodeJS.ProcessEnv = {};
    quietNodeVersionNotice(node24, 'v24.11.0');
    expect(node24).toEqual({});
  });

  it("keeps the user's own setting", () => {
    const env: NodeJS.ProcessEnv = { [SWITCH]: 'false' };
    quietNodeVersionNotice(env, 'v20.20.2');
    expect(env[SWITCH]).toBe('false');
  });
});
