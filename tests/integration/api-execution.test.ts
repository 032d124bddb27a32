import { compileQuery } from 'graphql-jit';
import {
  execute,
  getIntrospectionQuery,
  Kind,
  OperationTypeNode,
  parse,
  type ExecutionResult,
  type OperationDefinitionNode,
} from 'graphql';
import { createContext } from '../../src/graphql/context';
import { exampleOperations } from '../../src/graphql/examples';
import { operationRunner } from '../../src/graphql/executor';
import { buildSchema } from '../../src/graphql/schema';
import { useTestApi } from '../helpers/api';

// The real compiler, watched: each test knows whether an operation was compiled or interpreted.
jest.mock('graphql-jit', () => {
  const actual = jest.requireActual<typeof import('graphql-jit')>('graphql-jit');
  return { ...actual, compileQuery: jest.fn(actual.compileQuery) };
});
const compiled = compileQuery as jest.MockedFunction<typeof compileQuery>;

const PROVENANCE = `query Provenance($id: ID!, $first: Int) {
  provenance(id: $id, first: $first) { totalClaims claims { id quote document { id title } } }
}`;

/**
 * Operations asked again run as compiled code: the answers, and the errors with their codes,
 * places and HTTP status, are those graphql-js gives for the same operation against the seed.
 */
describe('compiled execution', () => {
  const { db, api } = useTestApi();
  const schema = buildSchema();

  const reads = exampleOperations().filter(({ query }) =>
    parse(query).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === OperationTypeNode.QUERY),
  );

  /** Runs one operation twice, by graphql-js and compiled, each with a fresh request context. */
  async function bothWays(query: string, variableValues: Record<string, unknown> = {}) {
    const document = parse(query);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const interpreted = (await execute({ schema, document, variableValues, contextValue: createContext(db, null) })) as ExecutionResult;
    compiled.mockClear();
    const run = operationRunner(schema, { compileAfter: 0 });
    const jitted = await run({ queryKey: query, document, operation, variableValues, contextValue: createContext(db, null) });
    return { interpreted, jitted, compilations: compiled.mock.calls.length };
  }

  /** What a client sees of an error, and the error the resolver threw. */
  const errorView = (result: ExecutionResult) =>
    (result.errors ?? []).map((e) => ({
      message: e.message,
      path: e.path,
      locations: e.locations,
      extensions: { ...e.extensions },
      thrown: e.originalError?.constructor.name,
    }));

  it('covers the read examples', () => {
    expect(reads.length).toBeGreaterThan(20);
  });

  it.each(reads.map((e) => [e.file, e.query]))('%s answers the same compiled', async (_file, query) => {
    const { interpreted, jitted, compilations } = await bothWays(query);
    expect(compilations).toBe(1);
    expect(interpreted.errors).toBeUndefined();
    expect(JSON.stringify(jitted)).toBe(JSON.stringify(interpreted));
  });

  it('answers introspection, as the playground asks it, the same compiled', async () => {
    const { interpreted, jitted, compilations } = await bothWays(getIntrospectionQuery());
    expect(compilations).toBe(1);
    expect(interpreted.data).toHaveProperty('__schema.queryType.name', 'Query');
    expect(JSON.stringify(jitted)).toBe(JSON.stringify(interpreted));
  });

  it.each([true, false])('follows @include and @skip by variable (%s) the same compiled', async (flag) => {
    const query = `query ($id: ID!, $flag: Boolean!) {
      entity(id: $id) { id ...Named @include(if: $flag) kind @skip(if: $flag) }
    }
    fragment Named on Entity { name }`;
    const { interpreted, jitted } = await bothWays(query, { id: 'group:eleven-laos-border', flag });
    expect(Object.keys((interpreted.data as { entity: object }).entity)).toEqual(flag ? ['id', 'name'] : ['id', 'kind']);
    expect(JSON.stringify(jitted)).toBe(JSON.stringify(interpreted));
  });

  it('reads arguments given by variables the same compiled, in the same round trips', async () => {
    const query = `query ($id: ID!, $first: Int!, $depth: Int!, $types: [String!]) {
      entity(id: $id) {
        id
        relationshipsConnection(first: $first, types: $types) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { factId type direction counterpart { id } claims { id document { id title } } } }
        }
      }
      neighborhood(id: $id, depth: $depth, perNode: 5) { truncated nodes { id depth } edges { id claimCount } }
    }`;
    const variables = { id: 'group:eleven-laos-border', first: 2, depth: 2, types: null };
    const trips = async (run: () => Promise<ExecutionResult>) => {
      const before = db.roundTrips;
      const result = await run();
      return { result, roundTrips: db.roundTrips - before };
    };
    const document = parse(query);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const interpreted = await trips(
      async () =>
        (await execute({ schema, document, variableValues: variables, contextValue: createContext(db, null) })) as ExecutionResult,
    );
    const run = operationRunner(schema, { compileAfter: 0 });
    const jitted = await trips(() =>
      run({ queryKey: query, document, operation, variableValues: variables, contextValue: createContext(db, null) }),
    );
    expect(interpreted.result.errors).toBeUndefined();
    const page = (interpreted.result.data as { entity: { relationshipsConnection: { edges: unknown[]; totalCount: number } } }).entity
      .relationshipsConnection;
    expect(page.edges).toHaveLength(2);
    expect(page.totalCount).toBeGreaterThan(2);
    expect(JSON.stringify(jitted.result)).toBe(JSON.stringify(interpreted.result));
    expect(jitted.roundTrips).toBe(interpreted.roundTrips);
  });

  it('keeps a resolver error: its message, path, place, code and the error thrown', async () => {
    const { interpreted, jitted, compilations } = await bothWays(PROVENANCE, { id: 'event:no-such-event' });
    expect(compilations).toBe(1);
    expect(errorView(interpreted)).toHaveLength(1);
    expect(errorView(interpreted)[0]).toMatchObject({ path: ['provenance'], thrown: 'AppError' });
    expect(errorView(jitted)).toEqual(errorView(interpreted));
    expect(jitted.data).toEqual(interpreted.data);
  });

  it('checks variables as graphql-js does, before anything runs', async () => {
    const { interpreted, jitted, compilations } = await bothWays(PROVENANCE, { id: 'group:eleven-laos-border', first: 'ten' });
    expect(compilations).toBe(1);
    expect(errorView(interpreted)[0]!.message).toMatch(/\$first/);
    expect(errorView(jitted)).toEqual(errorView(interpreted));
    expect(jitted.data).toBeUndefined();
  });

  it('runs an operation by graphql-js the first time and compiles it the second', async () => {
    const document = parse(PROVENANCE);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const run = operationRunner(schema);
    compiled.mockClear();
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(
        await run({
          queryKey: PROVENANCE,
          document,
          operation,
          variableValues: { id: 'group:eleven-laos-border', first: 3 },
          contextValue: createContext(db, null),
        }),
      );
      expect(compiled).toHaveBeenCalledTimes(i === 0 ? 0 : 1);
    }
    expect(answers[0]!.errors).toBeUndefined();
    expect(JSON.stringify(answers[1])).toBe(JSON.stringify(answers[0]));
    expect(JSON.stringify(answers[2])).toBe(JSON.stringify(answers[0]));
  });

  it('forgets the plans of the operations run least recently beyond its bound', async () => {
    const run = operationRunner(schema, { maxPlans: 3 });
    const ask = (text: string) => {
      const document = parse(text);
      const operation = document.definitions[0] as OperationDefinitionNode;
      return run({ queryKey: text, document, operation, variableValues: {}, contextValue: createContext(db, null) });
    };
    compiled.mockClear();
    const kept = '{ __typename }';
    await ask(kept);
    await ask(kept);
    expect(compiled).toHaveBeenCalledTimes(1);
    await ask(kept);
    expect(compiled).toHaveBeenCalledTimes(1);
    // Two others keep it among the three most recent; a third pushes it out, and it starts over.
    for (const other of ['{ a: __typename }', '{ b: __typename }']) await ask(other);
    await ask(kept);
    expect(compiled).toHaveBeenCalledTimes(1);
    for (const other of ['{ c: __typename }', '{ d: __typename }', '{ e: __typename }']) await ask(other);
    expect((await ask(kept)).data).toEqual({ __typename: 'Query' });
    expect(compiled).toHaveBeenCalledTimes(1);
    await ask(kept);
    expect(compiled).toHaveBeenCalledTimes(2);
  });

  it('answers the same over HTTP each time an operation is asked, errors and status included', async () => {
    const cases: [string, Record<string, unknown>, number, string | undefined][] = [
      [PROVENANCE, { id: 'group:eleven-laos-border', first: 2 }, 200, undefined],
      [PROVENANCE, { id: 'event:no-such-event' }, 200, 'NOT_FOUND'],
      [PROVENANCE, { id: 'group:eleven-laos-border', first: 201 }, 200, 'BAD_USER_INPUT'],
      [PROVENANCE, { id: 'group:eleven-laos-border', first: 'ten' }, 400, 'BAD_USER_INPUT'],
    ];
    for (const [query, variables, status, code] of cases) {
      const first = await api.graphql(query, variables);
      expect(first.status).toBe(status);
      expect(first.errors?.[0]?.extensions?.code).toBe(code);
      for (let i = 0; i < 2; i++) expect(await api.graphql(query, variables)).toEqual(first);
    }
  });
});
