import type { KnowledgeFile } from './knowledge-schema';

export const SECTIONS = ['documents', 'entities', 'events', 'facts', 'claims', 'disputes'] as const;
export type Section = (typeof SECTIONS)[number];
type Records = { [S in Section]: KnowledgeFile[S][number] };

/** A record with its own id and every id it refers to passed through `f`. */
export function mapRecordIds<S extends Section>(section: S, record: Records[S], f: (id: string) => string): Records[S] {
  const opt = (id: string | undefined) => (id === undefined ? undefined : f(id));
  const r = record as Records[Section];
  const mapped = ((): Records[Section] => {
    switch (section) {
      case 'documents': {
        const d = r as Records['documents'];
        return {
          ...d,
          id: f(d.id),
          publisher: f(d.publisher),
          authors: d.authors.map(f),
          contributors: d.contributors.map(f),
          cites: d.cites.map(f),
        };
      }
      case 'entities': {
        const e = r as Records['entities'];
        return e.kind === 'Place' ? { ...e, id: f(e.id), locatedIn: f(e.locatedIn) } : { ...e, id: f(e.id) };
      }
      case 'events': {
        const e = r as Records['events'];
        return {
          ...e,
          id: f(e.id),
          place: opt(e.place),
          partOf: opt(e.partOf),
          participants: e.participants.map((p) => ({ ...p, entity: f(p.entity) })),
        };
      }
      case 'facts': {
        const x = r as Records['facts'];
        return { ...x, id: f(x.id), from: f(x.from), to: f(x.to) };
      }
      case 'claims': {
        const c = r as Records['claims'];
        return {
          ...c,
          id: f(c.id),
          document: opt(c.document),
          subject: f(c.subject),
          object: opt(c.object),
          attributedTo: opt(c.attributedTo),
          cites: opt(c.cites),
          supports: c.supports.map(f),
        };
      }
      case 'disputes': {
        const d = r as Records['disputes'];
        return { ...d, id: f(d.id), sides: [d.sides[0].map(f), d.sides[1].map(f)], about: d.about.map(f) };
      }
    }
  })();
  // Optional references stay absent rather than becoming explicit undefined values.
  return Object.fromEntries(Object.entries(mapped).filter(([, v]) => v !== undefined)) as Records[S];
}

/** Every record's ids passed through `f`; returns the mapped knowledge. */
export function mapKnowledgeIds(data: KnowledgeFile, f: (id: string) => string): KnowledgeFile {
  const out = {} as Record<Section, unknown[]>;
  for (const section of SECTIONS) out[section] = data[section].map((record) => mapRecordIds(section, record as Records[Section], f));
  return out as KnowledgeFile;
}

/** The ids a record refers to, not counting its own. */
export function referencesOf<S extends Section>(section: S, record: Records[S]): string[] {
  const ids: string[] = [];
  mapRecordIds(section, record, (id) => (ids.push(id), id));
  return ids.filter((id) => id !== record.id);
}
