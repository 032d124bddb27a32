import { compileQuery } from 'graphql-jit';
import {
  execute,
  getIntrospectionQuery,
  Kind,
  OperationTypeNode,
  parse,
  type DocumentNode,
  type ExecutionResult,
  type OperationDefinitionNode,
} from 'graphql';
import { createContext } from '../../src/graphql/context';
import { exampleOperations } from '../../src/graphql/examples';
import { operationRunner, type OperationRun } from '../../src/graphql/executor';
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
const GROUP = 'group:eleven-laos-border';

/** `depth` levels of relationships below an entity, each counterpart an interface: compiled code grows with each. */
const nestedCounterparts = (depth: number) => {
  let inner = 'id';
  for (let i = 0; i < depth; i++) inner = `id ... on Entity { name relationships { type counterpart { ${inner} } } }`;
  return `{ node(id: "${GROUP}") { ${inner} } }`;
};

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

  /** A run of the operation named `operationName` (or the only one) of `document`, parsed from `source`. */
  const runOf = (
    source: string,
    variableValues: Record<string, unknown> = {},
    operationName?: string,
    document: DocumentNode = parse(source),
  ): OperationRun => ({
    queryKey: source,
    source,
    document,
    operation: document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
    ),
    operationName,
    variableValues,
    contextValue: createContext(db, null),
  });

  const interpret = async ({ document, operationName, variableValues }: OperationRun) =>
    (await execute({ schema, document, operationName, variableValues, contextValue: createContext(db, null) })) as ExecutionResult;

  /** Runs one operation twice, by graphql-js and compiled on first sight, each with a fresh request context. */
  async function bothWays(source: string, variableValues: Record<string, unknown> = {}) {
    const interpreted = await interpret(runOf(source, variableValues));
    compiled.mockClear();
    const jitted = await operationRunner(schema, { compileAfter: 0 })(runOf(source, variableValues));
    return { interpreted, jitted, compilations: compiled.mock.calls.length };
  }

  /** What a client sees of an error, and the error the resolver threw. */
  const errorView = (result: ExecutionResult) =>
    (result.errors ?? []).map((e) => ({
      message: e.message,
      path: e.path,
      locations: e.locations,
      extensions: e.extensions,
      thrown: e.originalError?.constructor.name,
    }));

  it('covers every read example', () => {
    expect(reads.map((e) => e.file)).toEqual(
      exampleOperations()
        .filter((e) => !/^\s*mutation\b/m.test(e.query))
        .map((e) => e.file),
    );
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

  describe('@include and @skip', () => {
    const shapes: [string, string][] = [
      ['on one field', `query ($id: ID!, $flag: Boolean!) { entity(id: $id) { id ...Named @include(if: $flag) kind @skip(if: $flag) } }`],
      [
        'on one of two spreads of a fragment',
        `query ($id: ID!, $flag: Boolean!) { a: entity(id: $id) { id ...Named @include(if: $flag) } b: entity(id: $id) { id ...Named } }`,
      ],
      ['on a fragment spread twice', `query ($id: ID!, $flag: Boolean!) { entity(id: $id) { id ...Named @include(if: $flag) ...Named } }`],
    ];
    it.each(shapes.flatMap(([shape, query]) => [true, false].map((flag) => [shape, flag, query] as const)))(
      '%s (%s): run by graphql-js, never compiled',
      async (_shape, flag, query) => {
        const { interpreted, jitted, compilations } = await bothWays(`${query}\nfragment Named on Entity { name }`, { id: GROUP, flag });
        expect(compilations).toBe(0);
        expect(interpreted.errors).toBeUndefined();
        expect(JSON.stringify(jitted)).toBe(JSON.stringify(interpreted));
      },
    );

    it('leave another operation of the same document its fields', async () => {
      const source = `query A($flag: Boolean!) { entity(id: "${GROUP}") { id ...Named @include(if: $flag) } }
        query B { entity(id: "${GROUP}") { id ...Named } }
        fragment Named on Entity { name }`;
      // The server hands every request with the same text the same parsed document.
      const document = parse(source);
      const run = operationRunner(schema, { compileAfter: 0 });
      await run(runOf(source, { flag: false }, 'A', document));
      compiled.mockClear();
      const b = await run(runOf(source, {}, 'B', document));
      expect(compiled).toHaveBeenCalledTimes(1);
      expect(b.data).toEqual({ entity: { id: GROUP, name: expect.any(String) } });
      expect(JSON.stringify(b)).toBe(JSON.stringify(await interpret(runOf(source, {}, 'B'))));
    });
  });

  it('leaves to graphql-js an operation whose compiled code would grow past its budget', async () => {
    const small = await bothWays(nestedCounterparts(1));
    expect(small.compilations).toBe(1);
    const large = await bothWays(nestedCounterparts(4));
    expect(large.compilations).toBe(0);
    expect(large.interpreted.errors).toBeUndefined();
    expect(JSON.stringify(large.jitted)).toBe(JSON.stringify(large.interpreted));
  });

  it('never compiles a write', async () => {
    const retract = `mutation { retractClaim(id: "claim:none", reason: "test") { alreadyRetracted } }`;
    const { interpreted, jitted, compilations } = await bothWays(retract);
    expect(compilations).toBe(0);
    expect(interpreted.errors?.[0]?.message).toBeTruthy();
    expect(errorView(jitted)).toEqual(errorView(interpreted));
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
    const variables = { id: GROUP, first: 2, depth: 2, types: null };
    const trips = async (run: () => Promise<ExecutionResult>) => {
      const before = db.roundTrips;
      const result = await run();
      return { result, roundTrips: db.roundTrips - before };
    };
    const interpreted = await trips(() => interpret(runOf(query, variables)));
    const jitted = await trips(() => operationRunner(schema, { compileAfter: 0 })(runOf(query, variables)));
    expect(interpreted.result.errors).toBeUndefined();
    const page = (interpreted.result.data as { entity: { relationshipsConnection: { edges: unknown[]; totalCount: number } } }).entity
      .relationshipsConnection;
    expect(page.edges).toHaveLength(2);
    expect(page.totalCount).toBeGreaterThan(2);
    expect(JSON.stringify(jitted.result)).toBe(JSON.stringify(interpreted.result));
    expect(jitted.roundTrips).toBe(interpreted.roundTrips);
  });

  it('keeps a resolver error: its message, path, place, extensions and the error thrown', async () => {
    const { interpreted, jitted, compilations } = await bothWays(PROVENANCE, { id: 'event:no-such-event' });
    expect(compilations).toBe(1);
    expect(errorView(interpreted)).toHaveLength(1);
    expect(errorView(interpreted)[0]).toMatchObject({ path: ['provenance'], thrown: 'AppError', extensions: {} });
    expect(errorView(jitted)).toEqual(errorView(interpreted));
    expect(jitted.data).toEqual(interpreted.data);
  });

  it('fills in a variable left out with its default', async () => {
    const query = `query ($id: ID! = "${GROUP}") { entity(id: $id) { id name } }`;
    const { interpreted, jitted, compilations } = await bothWays(query);
    expect(compilations).toBe(1);
    expect(interpreted.data).toEqual({ entity: { id: GROUP, name: expect.any(String) } });
    expect(JSON.stringify(jitted)).toBe(JSON.stringify(interpreted));
  });

  it('checks variables as graphql-js does, before anything runs', async () => {
    const { interpreted, jitted } = await bothWays(PROVENANCE, { id: GROUP, first: 'ten' });
    expect(errorView(interpreted)[0]!.message).toMatch(/\$first/);
    expect(errorView(jitted)).toEqual(errorView(interpreted));
    expect(jitted.data).toBeUndefined();
  });

  it('runs an operation by graphql-js the first time and compiles it the second', async () => {
    const run = operationRunner(schema);
    compiled.mockClear();
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(await run(runOf(PROVENANCE, { id: GROUP, first: 3 })));
      expect(compiled).toHaveBeenCalledTimes(i === 0 ? 0 : 1);
    }
    expect(answers[0]!.errors).toBeUndefined();
    expect(JSON.stringify(answers[1])).toBe(JSON.stringify(answers[0]));
    expect(JSON.stringify(answers[2])).toBe(JSON.stringify(answers[0]));
  });

  it('forgets the compiled operations run least recently beyond its bound', async () => {
    const run = operationRunner(schema, { compileAfter: 0, maxCompiled: 3 });
    const ask = async (text: string) => {
      const before = compiled.mock.calls.length;
      expect(Object.values((await run(runOf(text))).data ?? {})).toEqual(['Query']);
      return compiled.mock.calls.length > before ? 'compiled now' : 'kept';
    };
    const kept = '{ __typename }';
    expect(await ask(kept)).toBe('compiled now');
    expect(await ask('{ a: __typename }')).toBe('compiled now');
    expect(await ask('{ b: __typename }')).toBe('compiled now');
    // Run again, it becomes the most recent: two more push out the other two, not it.
    expect(await ask(kept)).toBe('kept');
    expect(await ask('{ c: __typename }')).toBe('compiled now');
    expect(await ask('{ d: __typename }')).toBe('compiled now');
    expect(await ask(kept)).toBe('kept');
    expect(await ask('{ a: __typename }')).toBe('compiled now');
    // Three others since it last ran: it was forgotten, and is compiled again.
    for (const other of ['{ e: __typename }', '{ f: __typename }', '{ g: __typename }']) await ask(other);
    expect(await ask(kept)).toBe('compiled now');
  });

  it('answers the same over HTTP each time an operation is asked, errors and status included', async () => {
    const cases: [string, Record<string, unknown>, number, string | undefined][] = [
      [PROVENANCE, { id: GROUP, first: 2 }, 200, undefined],
      [PROVENANCE, { id: 'event:no-such-event' }, 200, 'NOT_FOUND'],
      [PROVENANCE, { id: GROUP, first: 201 }, 200, 'BAD_USER_INPUT'],
      [PROVENANCE, { id: GROUP, first: 'ten' }, 400, 'BAD_USER_INPUT'],
      ['query A { __typename } query B { __typename }', {}, 400, 'OPERATION_RESOLUTION_FAILURE'],
    ];
    for (const [i, [query, variables, status, code]] of cases.entries()) {
      // Each case its own text: its first request is the one graphql-js runs.
      const text = `${query}\n# case ${i}`;
      const first = await api.graphql(text, variables);
      expect(first.status).toBe(status);
      expect(first.errors?.[0]?.extensions?.code).toBe(code);
      for (let k = 0; k < 2; k++) expect(await api.graphql(text, variables)).toEqual(first);
    }
  });
});
