import { badInput, boundedInt } from '../errors';

const MAX_PAGE_SIZE = 100;

/** Offset cursors, opaque to clients. */
function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, argument = 'after'): number {
  if (cursor === null || cursor === undefined) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw badInput(`argument "${argument}" is not a cursor this API gave out: "${cursor}"`, { argument });
  return Number(match[1]) + 1;
}

export function pageSize(first: number | null | undefined, argument = 'first'): number {
  return boundedInt(first ?? 20, argument, 0, MAX_PAGE_SIZE);
}

export function connection<T>(rows: T[], offset: number, totalCount: number) {
  const edges = rows.map((node, i) => ({ cursor: encodeCursor(offset + i), node }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: offset + rows.length < totalCount,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
