import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** Answers by field occurrence: every item of a list shares its field's nodes, so each list asks once. */
const answered = new WeakMap<readonly FieldNode[], Map<string, boolean>>();

/**
 * Whether the answer asks for `field` directly under the field being resolved, through inline
 * fragments and named fragments too: lets a resolver read what the next level needs with its own query.
 */
export function selects(info: GraphQLResolveInfo, field: string): boolean {
  let known = answered.get(info.fieldNodes);
  if (!known) {
    known = new Map();
    answered.set(info.fieldNodes, known);
  }
  const cached = known.get(field);
  if (cached !== undefined) return cached;
  const seen = new Set<string>();
  const within = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === field;
      if (s.kind === Kind.INLINE_FRAGMENT) return within(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      return within(info.fragments[s.name.value]?.selectionSet);
    });
  const asked = info.fieldNodes.some((node) => within(node.selectionSet));
  known.set(field, asked);
  return asked;
}
