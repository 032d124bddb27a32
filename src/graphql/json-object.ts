import { GraphQLScalarType, Kind, type ObjectValueNode, type ValueNode } from 'graphql';

type Flat = Record<string, string | number | boolean>;

function checked(value: unknown): Flat {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('JSONObject must be an object');
  for (const [key, v] of Object.entries(value)) {
    if (!['string', 'number', 'boolean'].includes(typeof v)) {
      throw new TypeError(`JSONObject value "${key}" must be a string, number or boolean`);
    }
  }
  return value as Flat;
}

function literal(node: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    case Kind.OBJECT:
      return objectLiteral(node, variables);
    default:
      throw new TypeError(`JSONObject values must be strings, numbers or booleans, not ${node.kind}`);
  }
}

function objectLiteral(node: ObjectValueNode, variables: Record<string, unknown> | null | undefined): Record<string, unknown> {
  return Object.fromEntries(node.fields.map((f) => [f.name.value, literal(f.value, variables)]));
}

/** A flat JSON object: string, number or boolean values (qualifiers and fact properties). */
export const JSONObject = new GraphQLScalarType({
  name: 'JSONObject',
  serialize: checked,
  parseValue: checked,
  parseLiteral: (node, variables) => {
    if (node.kind !== Kind.OBJECT) throw new TypeError('JSONObject must be an object');
    return checked(objectLiteral(node, variables));
  },
});
