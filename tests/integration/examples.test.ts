import { exampleOperations } from '../../src/graphql/examples';
import { asEditor, useWriteApi } from '../helpers/writes';

/**
 * Every example operation in examples/ runs as is against the seed and returns data, in file order
 * (the write examples build on one another), as an editor; what they write is removed afterwards.
 */
describe('the example operations', () => {
  const { api } = useWriteApi();

  const examples = exampleOperations();

  it('cover each of the nine analyst questions', () => {
    const questions = new Set(examples.map((e) => Number(e.file.slice(0, 2))).filter((n) => n >= 1 && n <= 9));
    expect([...questions].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it.each(examples.map((e) => [e.file, e.query]))('%s runs without errors and returns data', async (_file, query) => {
    const result = await api.graphql(query, {}, asEditor);
    expect(result.errors).toBeUndefined();
    const values = Object.values(result.data ?? {});
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => v !== null)).toBe(true);
    // A write reports its input problems as data: an example must have none.
    for (const v of values as { ok?: boolean; problems?: unknown[] }[]) if ('ok' in v) expect(v).toMatchObject({ ok: true, problems: [] });
  });

  it('are offered as tabs in the playground', async () => {
    const html = await (await fetch(`${api.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    for (const example of examples) {
      const firstLine = example.query.split('\n').find((l) => l.trim().length > 0)!;
      expect(html).toContain(JSON.stringify(firstLine).slice(1, -1).replace(/</g, '\\u003c'));
    }
  });
});
