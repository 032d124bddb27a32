import { loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('defaults to a local Neo4j and the API on port 4000', () => {
    const config = loadConfig({});
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.http).toEqual({ host: '127.0.0.1', port: 4000 });
    expect(config.local.home).toMatch(/\.neo4j\/dev$/);
    expect(config.local.auth).toBe(true);
  });

  it('maps stack traces to TypeScript except in production, unless told', () => {
    expect(loadConfig({}).sourceMaps).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).sourceMaps).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SOURCE_MAPS: 'true' }).sourceMaps).toBe(true);
    expect(loadConfig({ SOURCE_MAPS: 'no' }).sourceMaps).toBe(false);
  });

  it('takes an existing server and its credentials', () => {
    const config = loadConfig({ NEO4J_URI: 'neo4j+s://abc.databases.neo4j.io', NEO4J_USER: 'analyst', NEO4J_PASSWORD: 'pw' });
    expect(config.neo4j).toMatchObject({ uri: 'neo4j+s://abc.databases.neo4j.io', user: 'analyst', password: 'pw' });
  });

  it('names every bad variable and why', () => {
    expect(() => loadConfig({ NEO4J_URI: 'http://localhost:7474', PORT: 'eighty' })).toThrow(
      /NEO4J_URI: must be a neo4j:\/\/ or bolt:\/\/ URI[\s\S]*PORT/,
    );
  });

  it('reads API keys and token settings, with reads open unless asked', () => {
    const config = loadConfig({ API_KEYS: 'alice:editor:0123456789abcdef, board:reader:fedcba9876543210', JWT_SECRET: 'x'.repeat(32) });
    expect(config.auth.apiKeys).toEqual([
      { name: 'alice', role: 'editor', key: '0123456789abcdef' },
      { name: 'board', role: 'reader', key: 'fedcba9876543210' },
    ]);
    expect(config.auth.jwt).toMatchObject({ secret: 'x'.repeat(32), rolesClaim: 'roles' });
    expect(config.auth.readsRequireAuth).toBe(false);
  });

  it('refuses a malformed key list, a short key, an unknown role and a short token secret', () => {
    expect(() => loadConfig({ API_KEYS: 'alice:editor' })).toThrow(/API_KEYS: a comma-separated list of name:role:key/);
    expect(() => loadConfig({ API_KEYS: 'alice:editor:short' })).toThrow(/API_KEYS/);
    expect(() => loadConfig({ API_KEYS: 'alice:admin:0123456789abcdef' })).toThrow(/API_KEYS/);
    expect(() => loadConfig({ JWT_SECRET: 'too-short' })).toThrow(/JWT_SECRET: an HS256 secret of at least 32 characters/);
  });
});
