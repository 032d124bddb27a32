import { loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('defaults to a local Neo4j and the API on port 4000', () => {
    const config = loadConfig({});
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.http).toEqual({ host: '127.0.0.1', port: 4000 });
    expect(config.local.home).toMatch(/\.neo4j\/dev$/);
    expect(config.local.auth).toBe(true);
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
});
