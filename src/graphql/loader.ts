import DataLoader from 'dataloader';

/**
 * Dispatches a batch once the current macrotask is done rather than after the current microtasks:
 * sibling resolvers that reach a loader at different promise depths still share one query.
 */
const batchScheduleFn = (dispatch: () => void) => setImmediate(dispatch);

/** A per-request loader over a batch lookup returning a map by id; ids it does not find get `missing`. */
export function mapLoader<T>(load: (ids: readonly string[]) => Promise<Map<string, T>>, missing: T): DataLoader<string, T> {
  return new DataLoader(
    async (ids) => {
      const found = await load(ids);
      return ids.map((id) => found.get(id) ?? missing);
    },
    { batchScheduleFn },
  );
}

/** A per-request loader over a batch lookup that answers in the order asked. */
export function listLoader<T>(load: (ids: readonly string[]) => Promise<T[]>): DataLoader<string, T> {
  return new DataLoader(load, { batchScheduleFn });
}
