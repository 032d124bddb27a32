import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** Answers by field occurrence: every item of a list shares its field's nodes, so each list asks once. */
const answered = new WeakMap<readonly FieldNode[], Map<string, boolean>>();

/** The fields named `field` directly in `sets`, through inline fragments and named fragments too. */
function fieldsNamed(info: GraphQLResolveInfo, sets: (SelectionSetNode | undefined)[], field: string): FieldNode[] {
  const found: FieldNode[] = [];
  const seen = new Set<string>();
  const within = (set: SelectionSetNode | undefined): void => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value === field) found.push(s);
      } else if (s.kind === Kind.INLINE_FRAGMENT) within(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        within(info.fragments[s.name.value]?.selectionSet);
      }
    }
  };
  sets.forEach(within);
  return found;
}

/** The occurrences of the field at `path` below the field being resolved (see `selects`). */
export function fieldsAt(info: GraphQLResolveInfo, ...path: string[]): readonly FieldNode[] {
  let level: readonly FieldNode[] = info.fieldNodes;
  for (const field of path) {
    level = fieldsNamed(
      info,
      level.map((node) => node.selectionSet),
      field,
    );
    if (level.length === 0) break;
  }
  return level;
}

/**
 * Whether the answer asks for `path` below the field being resolved: `selects(info, 'claims', 'document')`
 * holds when some `claims` directly under it selects `document`. Fragments count, and every occurrence of
 * each field is looked into. Lets a resolver read what the next levels need with its own query.
 */
export function selects(info: GraphQLResolveInfo, ...path: string[]): boolean {
  let known = answered.get(info.fieldNodes);
  if (!known) {
    known = new Map();
    answered.set(info.fieldNodes, known);
  }
  const key = path.join('.');
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  const asked = fieldsAt(info, ...path).length > 0;
  known.set(key, asked);
  return asked;
}
