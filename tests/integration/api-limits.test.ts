import { useTestApi } from '../helpers/api';
import { MAX_DEPTH } from '../../src/graphql/limits';

describe('limits and errors of the API', () => {
  const { db, api } = useTestApi();

  /** A query nested `levels` deep through place hierarchies. */
  const nested = (levels: number) => {
    let selection = 'id';
    for (let i = 1; i < levels; i++) selection = `... on Place { locatedIn { id ${selection} } }`;
    return `{ entity(id: "place:kunming") { id ${selection} } }`;
  };

  it(`refuses an operation nested deeper than ${MAX_DEPTH} levels, before touching the database`, async () => {
    const before = db.roundTrips;
    const result = await api.graphql(nested(MAX_DEPTH + 2));
    expect(result.status).toBe(400);
    // Apollo reports every validation rule's error as GRAPHQL_VALIDATION_FAILED; the rule's own details stay.
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', maxDepth: MAX_DEPTH });
    expect(result.errors![0]!.message).toMatch(new RegExp(`at most ${MAX_DEPTH}`));
    expect(db.roundTrips).toBe(before);
  });

  it('accepts the same shape within the depth limit', async () => {
    const result = await api.graphql<{ entity: { id: string } }>(nested(4));
    expect(result.errors).toBeUndefined();
    expect(result.data!.entity.id).toBe('place:kunming');
  });

  it('refuses an operation whose estimated cost is too high, saying what it would cost', async () => {
    const result = await api.graphql(
      `{ entities(first: 100) { edges { node { relationships { claims { supports { id } document { claims { id quote supports { id } } } } } } } } }`,
    );
    expect(result.errors![0]!.extensions!.code).toBe('QUERY_TOO_COSTLY');
    expect(result.errors![0]!.message).toMatch(/would cost \d+/);
  });

  it('costs one query text again for each page size its variables give, whatever was costed before', async () => {
    const query = `query ($first: Int, $q: String!) {
      entities(first: $first, filter: { nameContains: $q }) {
        edges { node { relationships { claims { supports { id } document { claims { id quote supports { id } } } } } } }
      }
    }`;
    const small = await api.graphql(query, { first: 1, q: 'a' });
    expect(small.errors).toBeUndefined();
    const large = await api.graphql(query, { first: 100, q: 'a' });
    expect(large.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY' });
    const smallAgain = await api.graphql(query, { first: 1, q: 'b' });
    expect(smallAgain.errors).toBeUndefined();
    const largeAgain = await api.graphql(query, { first: 100, q: 'b' });
    expect(largeAgain.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', cost: large.errors![0]!.extensions!.cost });
  });

  it('refuses a cursor it did not give out, naming the argument', async () => {
    const result = await api.graphql(`{ documents(first: 2, after: "not-a-cursor") { totalCount } }`);
    expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.message).toMatch(/"after"/);
  });

  it('answers a query for an id of another kind with NOT_FOUND', async () => {
    const result = await api.graphql(`{ event(id: "place:kunming") { id } }`);
    expect(result.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(result.errors![0]!.message).toContain('place:kunming');
  });

  it('shows no stack trace or Cypher in an error response', async () => {
    const result = await api.graphql(`{ documents(first: -1) { totalCount } }`);
    const body = JSON.stringify(result);
    expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(body).not.toMatch(/stacktrace|MATCH \(|\.ts:\d+/);
  });

  it('answers a variable of the wrong type with BAD_USER_INPUT naming the variable, not an internal error', async () => {
    const result = await api.graphql('query ($first: Int) { documents(first: $first) { totalCount } }', { first: 'ten' });
    expect(result.status).toBe(400);
    expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.message).toMatch(/\$first/);
  });
});
