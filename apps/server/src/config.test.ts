import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults for everything', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.smtpPort).toBe(2525);
  });

  it.each([
    ['PORT', 'abc', /PORT="abc": must be a number/],
    ['PORT', '70000', /PORT="70000": must be between 0 and 65535/],
    ['DATABASE_URL', 'mysql://db', /DATABASE_URL="mysql:\/\/db"/],
    ['REDIS_URL', 'localhost:6379', /REDIS_URL="localhost:6379"/],
    ['PUBLIC_URL', 'example.com', /PUBLIC_URL="example.com"/],
    ['SMTP_URL', 'http://x', /SMTP_URL="http:\/\/x"/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL="loud"/],
  ])('%s=%s stops start-up naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('trims a trailing slash off PUBLIC_URL and treats empty values as unset', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://cases.example.com/' }).publicUrl).toBe('https://cases.example.com');
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });
});
