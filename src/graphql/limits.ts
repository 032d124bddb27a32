import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

export const MAX_DEPTH = 12;
export const MAX_COST = 50_000;
/** Lists without a page argument (a document's claims, a claim's supports) are usually short. */
const UNPAGED_LIST_ESTIMATE = 5;
const DEFAULT_PAGE = 20;

/** Refuses operations nested deeper than `max` fields (fragments counted where they are spread). */
export function depthLimit(max = MAX_DEPTH): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, seen));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || seen.has(name)) continue;
          deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...seen, name])));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > max) {
          const name = node.name ? `operation "${node.name.value}"` : 'the operation';
          context.reportError(
            new GraphQLError(`${name} is nested ${depth} levels deep; at most ${max} are allowed`, {
              nodes: [node as ASTNode],
              extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth: max },
            }),
          );
        }
      },
    };
  };
}

/** A list field costs its page size (`first` or `limit`) or an estimate, times what each item selects. */
const pageEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  const page = typeof args.first === 'number' ? args.first : typeof args.limit === 'number' ? args.limit : undefined;
  const type = field.type.toString();
  const paged = field.args.some((a) => a.name === 'first' || a.name === 'limit');
  // A connection's page size is counted on the connection field; its edges are that page, not another multiplier.
  if (field.name === 'edges' && type.includes('Edge')) return childComplexity;
  if (!type.includes('[') && !type.includes('Connection')) return undefined;
  const items = page ?? (paged ? DEFAULT_PAGE : UNPAGED_LIST_ESTIMATE);
  return 1 + items * Math.max(childComplexity, 1);
};

/**
 * What an operation's cost can depend on besides its text: page sizes (numbers), `@skip` and
 * `@include` (booleans), and values left null. Ids, texts and filters never change it.
 */
function costKey(variables: Record<string, unknown>): string {
  const key: [string, unknown][] = [];
  for (const [name, value] of Object.entries(variables)) {
    if (value === null || typeof value === 'number' || typeof value === 'boolean') key.push([name, value]);
  }
  return JSON.stringify(key);
}

/** Costs kept per parsed document (the server keeps one per query text) and per `costKey`. */
const MAX_COSTS_PER_DOCUMENT = 64;

/** Refuses operations whose estimated cost exceeds `max`, before anything is resolved. */
export function costLimit(schema: GraphQLSchema, max = MAX_COST): ApolloServerPlugin {
  const known = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const variables = request.variables ?? {};
          const key = `${request.operationName ?? ''} ${costKey(variables)}`;
          let costs = known.get(document);
          let cost = costs?.get(key);
          if (cost === undefined) {
            try {
              cost = getComplexity({
                schema,
                query: document,
                operationName: request.operationName ?? undefined,
                variables,
                estimators: [pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
              });
            } catch {
              // Variables that do not fit their types cannot be costed; execution refuses them next, as BAD_USER_INPUT.
              return;
            }
            if (!costs) known.set(document, (costs = new Map()));
            if (costs.size >= MAX_COSTS_PER_DOCUMENT) costs.clear();
            costs.set(key, cost);
          }
          if (cost > max) {
            throw new GraphQLError(
              `the operation would cost ${cost} (about that many values); at most ${max} are allowed: ask for smaller pages`,
              {
                extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: max, http: { status: 400 } },
              },
            );
          }
        },
      };
    },
  };
}
