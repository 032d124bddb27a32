import { testDatabase } from '../helpers/database';

describe('the test database', () => {
  const db = testDatabase();
  afterAll(() => db.close());

  it('runs Cypher through the real driver on Neo4j 5', async () => {
    const [row] = await db.read<{ answer: number }>('RETURN 6 * 7 AS answer');
    expect(row!.answer).toBe(42);
    const [component] = await db.read<{ name: string; versions: string[] }>(
      'CALL dbms.components() YIELD name, versions RETURN name, versions',
    );
    expect(component!.name).toBe('Neo4j Kernel');
    expect(component!.versions[0]).toMatch(/^5\./);
  });

  it('converts integers and dates to plain values once, in the helper', async () => {
    const [row] = await db.read<{ n: unknown; d: unknown }>("RETURN 9007199254740 AS n, date('2014-08-12') AS d");
    expect(row!.n).toBe(9007199254740);
    expect(row!.d).toBe('2014-08-12');
  });

  it('converts values inside maps and lists, nodes to their properties, and integers beyond 2^53 to exact strings', async () => {
    const [row] = await db.read(
      `MATCH (n:Place {id: 'place:kunming'})
       RETURN {node: n, nested: [{big: 9007199254740993, flag: true, none: null, text: 'x', ratio: 0.5}],
               seen: [date('2014-08-12'), datetime('2014-08-12T10:00:00Z')]} AS out`,
    );
    expect(row).toEqual({
      out: {
        node: expect.objectContaining({ id: 'place:kunming', kind: 'Place', name: 'Kunming' }),
        nested: [{ big: '9007199254740993', flag: true, none: null, text: 'x', ratio: 0.5 }],
        seen: ['2014-08-12', '2014-08-12T10:00:00Z'],
      },
    });
  });

  it('is not warned of relationship types and properties the store lacks, and is still warned of the rest', async () => {
    // Queries name every type the schema allows, held by the store or not: warning of each on every run cost a
    // 2-hop neighbourhood over 200 warnings and about 12 ms.
    const session = db.driver.session();
    try {
      const unknown = await session.run('MATCH (a)-[r:NO_SUCH_TYPE]->(b) WHERE a.noSuchProperty = 1 RETURN r');
      expect(unknown.summary.notifications).toEqual([]);
      const cartesian = await session.run('MATCH (a:NoSuchLabel), (b:NoSuchLabel) RETURN a, b');
      expect(cartesian.summary.notifications.map((n) => n.category)).toContain('PERFORMANCE');
    } finally {
      await session.close();
    }
  });

  it('reports a Cypher syntax error from the server, not a success', async () => {
    await expect(db.read('MATCH (n RETURN n')).rejects.toThrow(/Invalid input/);
  });
});
