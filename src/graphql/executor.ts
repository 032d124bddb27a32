import type { GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import {
  execute,
  getVariableValues,
  GraphQLError,
  OperationTypeNode,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
  valueFromASTUntyped,
} from 'graphql';

/** One operation to run: the parsed document, the operation chosen in it, and its inputs. */
export interface OperationRun {
  /** What tells query texts apart (the server's hash of the text). */
  queryKey: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName?: string;
  variableValues: Record<string, unknown>;
  contextValue: unknown;
}

export interface ExecutionOptions {
  /** Runs of an operation by graphql-js before it is compiled; 0 compiles it on first sight. */
  compileAfter?: number;
  /** Operations whose plan is kept, the least recently run forgotten first. */
  maxPlans?: number;
}

/** How an operation runs: the number of times graphql-js has run it so far, compiled, or by graphql-js for good. */
type Plan = number | 'interpreted' | CompiledQuery;

/** A compiled operation holds about 40 KB (the example operations' mean): at most about 20 MB. */
const MAX_PLANS = 500;

/**
 * Runs an operation asked more than once as code compiled for it (graphql-jit), rather than
 * walking its selection field by field: a large answer, such as a neighbourhood's thousand
 * edges, is built several times faster. Compiling takes 0.5 to 25 ms for the example operations
 * (the most for fragments on interfaces), more than a small operation takes to run, so an
 * operation seen once is run by graphql-js. Variables are checked by graphql-js either way, so a
 * bad one gets the same error.
 */
export function operationRunner(
  schema: GraphQLSchema,
  { compileAfter = 1, maxPlans = MAX_PLANS }: ExecutionOptions = {},
): (run: OperationRun) => Promise<ExecutionResult> {
  // A Map keeps insertion order: each run moves its entry to the end, and the first is the least recent.
  const plans = new Map<string, Plan>();

  const planFor = (queryKey: string, document: DocumentNode, operationName: string | undefined): Plan => {
    const key = JSON.stringify([queryKey, operationName ?? null]);
    let plan = plans.get(key) ?? 0;
    if (typeof plan === 'number') {
      if (plan < compileAfter) {
        plan += 1;
      } else {
        const compiled = compileQuery(schema, document, operationName);
        plan = isCompiledQuery(compiled) ? compiled : 'interpreted';
      }
    }
    plans.delete(key);
    plans.set(key, plan);
    if (plans.size > maxPlans) plans.delete(plans.keys().next().value!);
    return plan;
  };

  return async ({ queryKey, document, operation, operationName, variableValues, contextValue }) => {
    // A write's time is its transaction's; it is left to graphql-js, which runs its fields in order.
    const plan = operation.operation === OperationTypeNode.QUERY ? planFor(queryKey, document, operationName) : 'interpreted';
    if (typeof plan === 'number' || plan === 'interpreted') {
      return execute({ schema, document, operationName, contextValue, variableValues });
    }
    const variables = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues);
    if (variables.errors) return { errors: variables.errors };
    const result = (await plan.query(undefined, contextValue, withDefaults(operation, variableValues))) as ExecutionResult;
    return result.errors ? { ...result, errors: result.errors.map(standardError) } : result;
  };
}

/** The runner in the shape Apollo Server takes another executor in: its gateway interface. */
export function compiledExecution(schema: GraphQLSchema, options: ExecutionOptions = {}): GatewayInterface {
  const run = operationRunner(schema, options);
  const listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();
  return {
    onSchemaLoadOrUpdate(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    async load() {
      for (const listener of listeners) listener({ apiSchema: schema, coreSupergraphSdl: '' });
      return {
        executor: ({ queryHash, document, operation, request, context }) =>
          run({
            queryKey: queryHash,
            document,
            operation,
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
 * graphql-js) expect an object; each is remade as graphql-js makes it, keeping where it points.
 */
function standardError(error: GraphQLError): GraphQLError {
  const { message, path, originalError, extensions, locations } = error;
  return Object.assign(new GraphQLError(message, { path, originalError, extensions }), { locations });
}
