import type { GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import {
  execute,
  getNamedType,
  getVariableValues,
  GraphQLError,
  isAbstractType,
  isObjectType,
  Kind,
  OperationTypeNode,
  parse,
  printSchema,
  valueFromASTUntyped,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** One operation to run: the query text, its parsed document, the operation chosen in it, and its inputs. */
export interface OperationRun {
  /** What tells query texts apart (the server's hash of the text). */
  queryKey: string;
  source: string;
  document: DocumentNode;
  /** Undefined when the document holds no operation of the name asked for: graphql-js reports it. */
  operation: OperationDefinitionNode | undefined;
  operationName?: string;
  variableValues: Record<string, unknown>;
  contextValue: unknown;
}

export interface CompileOptions {
  /** Runs of an operation by graphql-js before it is compiled; 0 compiles it on first sight. */
  compileAfter?: number;
  /** Compiled operations kept, the least recently run forgotten first. */
  maxCompiled?: number;
}

/**
 * Compiled operations kept: one holds about 40 KB for the example operations and about 190 KB
 * near COMPILE_BUDGET, so at most about 40 MB.
 */
const MAX_COMPILED = 200;
/** Query texts whose runs are counted until they are compiled. */
const MAX_COUNTED = 5_000;
/**
 * The most fields compiled code may hold, a field below an interface or union counted once for
 * each type it may be: the compiler writes code for each, so nesting them grows it exponentially.
 * The example and benchmark operations hold at most 186 and compile in at most 25 ms; at 2,181
 * compiling took 165 ms, at 10,931 0.8 s, all of it blocking the server.
 */
const COMPILE_BUDGET = 500;

/**
 * Runs an operation asked more than once as code compiled for it (graphql-jit), rather than
 * walking its selection field by field: a large answer, such as a neighbourhood's thousand
 * edges, is built several times faster. An operation seen once is run by graphql-js, since
 * compiling costs more than a small operation takes to run. graphql-js also runs, for good:
 * writes (they gain nothing), operations over COMPILE_BUDGET, and operations with `@skip` or
 * `@include` (graphql-jit gets some of them wrong where a fragment is spread more than once).
 * Variables are checked by graphql-js either way, so a bad one gets the same error; compiled
 * code then finds nothing to refuse, as no input type here has a required field with a default.
 * Unlike graphql-js, compiled code reads a field without a resolver as a plain property: it does
 * not call a function or await a promise found there. Rows here hold neither.
 */
export function operationRunner(
  schema: GraphQLSchema,
  { compileAfter = 1, maxCompiled = MAX_COMPILED }: CompileOptions = {},
): (run: OperationRun) => Promise<ExecutionResult> {
  const counted = new Map<string, number>();
  const compiled = new Map<string, CompiledQuery | 'interpreted'>();

  const planFor = (key: string, run: OperationRun, operation: OperationDefinitionNode): CompiledQuery | 'interpreted' | null => {
    let plan = compiled.get(key);
    if (plan === undefined) {
      const runs = counted.get(key) ?? 0;
      if (runs < compileAfter) {
        setRecent(counted, key, runs + 1, MAX_COUNTED);
        return null;
      }
      counted.delete(key);
      plan = compiledOrNot(schema, run, operation);
    }
    setRecent(compiled, key, plan, maxCompiled);
    return plan;
  };

  return async (run) => {
    const { queryKey, document, operation, operationName, variableValues, contextValue } = run;
    const interpret = () => execute({ schema, document, operationName, contextValue, variableValues });
    if (operation?.operation !== OperationTypeNode.QUERY) return interpret();
    const plan = planFor(JSON.stringify([queryKey, operationName ?? null]), run, operation);
    if (plan === null || plan === 'interpreted') return interpret();
    const variables = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues);
    if (variables.errors) return { errors: variables.errors };
    const result = (await plan.query(undefined, contextValue, withDefaults(operation, variableValues))) as ExecutionResult;
    return result.errors ? { ...result, errors: result.errors.map(withExtensions) } : result;
  };
}

/** Sets `key` as the most recent entry of `map` (a Map keeps insertion order), forgetting the least recent beyond `max`. */
function setRecent<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}

/** The operation compiled, or 'interpreted' when graphql-js is to run it for good. */
function compiledOrNot(schema: GraphQLSchema, run: OperationRun, operation: OperationDefinitionNode): CompiledQuery | 'interpreted' {
  if (compiledSize(schema, run.document, operation) > COMPILE_BUDGET) return 'interpreted';
  // graphql-jit writes into the document it compiles: it gets a copy of its own, not the server's.
  const compiled = compileQuery(schema, parse(run.source), run.operationName);
  return isCompiledQuery(compiled) ? compiled : 'interpreted';
}

/**
 * The fields compiled code for `operation` would hold (see COMPILE_BUDGET), counted up to just
 * over the budget; more than the budget when a selection carries `@skip` or `@include`.
 */
function compiledSize(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const applies = (condition: string | undefined, type: GraphQLObjectType) => {
    const named = condition === undefined ? undefined : schema.getType(condition);
    return named === undefined || named === type || (isAbstractType(named) && schema.isSubType(named, type));
  };
  let size = 0;
  const walk = (set: SelectionSetNode, type: GraphQLObjectType): void => {
    for (const selection of set.selections) {
      if (size > COMPILE_BUDGET) return;
      if (selection.directives?.some((d) => d.name.value === 'skip' || d.name.value === 'include')) {
        size = COMPILE_BUDGET + 1;
      } else if (selection.kind === Kind.FIELD) {
        size += 1;
        const field = type.getFields()[selection.name.value];
        const named = field && getNamedType(field.type);
        if (!selection.selectionSet || !named) continue;
        const types = isObjectType(named) ? [named] : isAbstractType(named) ? schema.getPossibleTypes(named) : [];
        for (const t of types) walk(selection.selectionSet, t);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value, type)) walk(selection.selectionSet, type);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && applies(fragment.typeCondition.name.value, type)) walk(fragment.selectionSet, type);
      }
    }
  };
  const root = schema.getRootType(operation.operation);
  if (root) walk(operation.selectionSet, root);
  return size;
}

/**
 * The runner in the shape Apollo Server takes another executor in: its gateway interface. Apollo's
 * own `rootValue`, `fieldResolver` and execution options do not apply to it; none is set here.
 */
export function compilingGateway(schema: GraphQLSchema, options: CompileOptions = {}): GatewayInterface {
  const run = operationRunner(schema, options);
  const listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();
  return {
    onSchemaLoadOrUpdate(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    async load() {
      const sdl = printSchema(schema);
      for (const listener of listeners) listener({ apiSchema: schema, coreSupergraphSdl: sdl });
      return {
        executor: ({ queryHash, source, document, operation, request, context }) =>
          run({
            queryKey: queryHash,
            source,
            document,
            // Apollo passes none when the document has no operation of the name asked for.
            operation: operation as OperationDefinitionNode | undefined,
            operationName: request.operationName,
            variableValues: request.variables ?? {},
            contextValue: context,
          }),
      };
    },
    async stop() {
      listeners.clear();
    },
  };
}

/** graphql-jit refuses a required variable left out even when it has a default: the default is sent for it. */
function withDefaults(operation: OperationDefinitionNode, values: Record<string, unknown>): Record<string, unknown> {
  let filled = values;
  for (const { variable, defaultValue } of operation.variableDefinitions ?? []) {
    const name = variable.name.value;
    if (defaultValue && !Object.hasOwn(values, name)) filled = { ...filled, [name]: valueFromASTUntyped(defaultValue) };
  }
  return filled;
}

/**
 * graphql-jit's errors leave `extensions` undefined when there are none, where the server (and
 * graphql-js) expect an object: each is made again by graphql-js, keeping its message, path,
 * locations and the error thrown.
 */
function withExtensions(error: GraphQLError): GraphQLError {
  const { message, path, originalError, extensions, locations } = error;
  return Object.assign(new GraphQLError(message, { path, originalError, extensions }), { locations });
}
