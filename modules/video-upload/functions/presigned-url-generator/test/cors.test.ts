import { describe, expect, it } from 'vitest';
import { corsHeaders, headerValue } from '../src/cors.js';

describe('corsHeaders', () => {
  it('allows any origin with *', () => {
    expect(corsHeaders('https://x.example', ['*'])).toMatchObject({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET,OPTIONS,POST',
    });
  });

  it('echoes an allowed origin and varies on Origin', () => {
    const headers = corsHeaders('https://upload.example', ['https://other.example', 'https://upload.example']);
    expect(headers['Access-Control-Allow-Origin']).toBe('https://upload.example');
    expect(headers.Vary).toBe('Origin');
    expect(headers['Access-Control-Allow-Headers']).toContain('X-Api-Key');
  });

  it('gives a foreign origin no Allow-Origin (the browser refuses), but still the other headers', () => {
    const headers = corsHeaders('https://evil.example', ['https://upload.example']);
    expect(headers['Access-Control-Allow-Origin']).toBeUndefined();
    expect(headers['Access-Control-Allow-Methods']).toBe('GET,OPTIONS,POST');
  });

  it('finds headers regardless of case', () => {
    expect(headerValue({ ORIGIN: 'a' }, 'origin')).toBe('a');
    expect(headerValue(null, 'origin')).toBeUndefined();
  });
});
