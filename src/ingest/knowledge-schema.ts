import { z } from 'zod';

/**
 * The input format for knowledge files (seed and new articles alike): documents, entities,
 * events, fact relationships, claims and contradictions. One file may hold any of the sections;
 * references between files resolve by id.
 */

const ID_PREFIXES = {
  Person: 'person',
  PeopleGroup: 'group',
  Organization: 'org',
  Country: 'country',
  Place: 'place',
  Event: 'event',
  Fact: 'fact',
  Claim: 'claim',
  Document: 'doc',
  Dispute: 'dispute',
} as const;

export type NodeKind = keyof typeof ID_PREFIXES;
export const ENTITY_KINDS = ['Person', 'PeopleGroup', 'Organization', 'Country', 'Place'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** The kind an id names, from its prefix (`place:yunnan` → `Place`). */
export function kindOfId(id: string): NodeKind | undefined {
  const prefix = id.slice(0, id.indexOf(':'));
  return (Object.keys(ID_PREFIXES) as NodeKind[]).find((kind) => ID_PREFIXES[kind] === prefix);
}

const ID_PATTERN = /^[a-z]+:[a-z0-9]+(?:[-.][a-z0-9]+)*$/;
const id = z.string().regex(ID_PATTERN, 'an id looks like "kind:lower-case-words", e.g. "place:yunnan"');

function idOf(...kinds: NodeKind[]) {
  const prefixes = kinds.map((k) => ID_PREFIXES[k]);
  return id.refine((value) => prefixes.includes(value.slice(0, value.indexOf(':')) as never), {
    message: `must name a ${kinds.join(' or ')} (id starting with ${prefixes.map((p) => `"${p}:"`).join(' or ')})`,
  });
}

export const entityRef = idOf(...ENTITY_KINDS);
const text = z.string().trim().min(1, 'must not be empty');

/** A date as precise as the source gives it: "2014-08-12", "2014-08" or "2014". */
export const PartialDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'a date is "YYYY", "YYYY-MM" or "YYYY-MM-DD"');
export const DATE_PRECISIONS = ['day', 'month', 'year', 'unknown'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export function precisionOf(date: string | null | undefined): DatePrecision {
  if (!date) return 'unknown';
  return date.length === 10 ? 'day' : date.length === 7 ? 'month' : 'year';
}

export const MODALITIES = ['reported', 'alleged', 'expected', 'denied'] as const;
export type Modality = (typeof MODALITIES)[number];

export const PLACE_TYPES = [
  'city',
  'capital',
  'town',
  'county',
  'province',
  'region',
  'border',
  'border-crossing',
  'facility',
  'building',
  'other',
] as const;

export const ORGANIZATION_TYPES = [
  'news_outlet',
  'news_service',
  'government',
  'government_body',
  'ministry',
  'diplomatic_mission',
  'international_body',
  'ngo',
  'security_force',
  'military',
  'police',
  'activist_network',
  'other',
] as const;

export const EVENT_TYPES = [
  'escape',
  'travel',
  'border_crossing',
  'detention',
  'arrest',
  'deportation',
  'repatriation',
  'release',
  'transfer',
  'protest',
  'appeal',
  'negotiation',
  'consular_visit',
  'diplomatic_contact',
  'communication',
  'report_published',
  'statement',
  'policy',
  'crackdown',
  'defection',
  'statistic',
  'punishment',
  'other',
] as const;

/** Fact relationship types: anything else is refused, so Cypher can name them safely. */
export const FACT_TYPES = [
  'DETAINED_IN',
  'DETAINED_BY',
  'DEPORTED_FROM',
  'DEPORTED_TO',
  'DEPORTED_BY',
  'REPATRIATED_TO',
  'REPATRIATED_BY',
  'ARRESTED_IN',
  'ARRESTED_BY',
  'RELEASED_BY',
  'HELD_IN',
  'FLED_FROM',
  'ESCAPED_TO',
  'TRAVELLED_THROUGH',
  'HEADED_FOR',
  'CARRIED_OUT_BY',
  'MEMBER_OF',
  'PART_OF',
  'ORGANIZED',
  'ATTENDED',
  'HELPED',
  'RELATIVE_OF',
  'LIVES_IN',
  'CITIZEN_OF',
  'DEFECTED_TO',
  'SPOKESPERSON_FOR',
  'WORKS_FOR',
  'APPEALED_TO',
  'NEGOTIATED_WITH',
  'COMMUNICATED_WITH',
  'SIGNATORY_TO',
  'HAS_AGREEMENT_WITH',
  'BORDERS',
] as const;
export type FactType = (typeof FACT_TYPES)[number];

/**
 * Facts that say where an event's participant was when it happened: when a claim supporting the
 * event also supports one of these facts about a participant, the fact's place is a place of the event.
 */
export const LOCATING_FACT_TYPES: readonly FactType[] = ['DETAINED_IN', 'ARRESTED_IN', 'HELD_IN', 'DEPORTED_FROM'];

const Qualifiers = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

const EntityBase = z.object({
  id: entityRef,
  name: text,
  aliases: z.array(text).default([]),
  description: text.optional(),
  /**
   * How the entity is recognized in the graph: by its id (the default), or by name, becoming the one
   * existing entity of its kind whose name or an alias equals its name or one of its aliases (ignoring case).
   */
  match: z.enum(['id', 'name']).optional(),
});

export const EntityInput = z.discriminatedUnion('kind', [
  EntityBase.extend({
    kind: z.literal('Person'),
    id: idOf('Person'),
    /** An unnamed individual the text describes ("a Seoul official"). */
    anonymous: z.boolean().default(false),
  }).strict(),
  EntityBase.extend({
    kind: z.literal('PeopleGroup'),
    id: idOf('PeopleGroup'),
    size: z.number().int().positive().optional(),
    composition: text.optional(),
    minAge: z.number().nonnegative().optional(),
    maxAge: z.number().nonnegative().optional(),
    anonymous: z.boolean().default(false),
  }).strict(),
  EntityBase.extend({
    kind: z.literal('Organization'),
    id: idOf('Organization'),
    orgType: z.enum(ORGANIZATION_TYPES),
    anonymous: z.boolean().default(false),
  }).strict(),
  EntityBase.extend({
    kind: z.literal('Country'),
    id: idOf('Country'),
  }).strict(),
  EntityBase.extend({
    kind: z.literal('Place'),
    id: idOf('Place'),
    placeType: z.enum(PLACE_TYPES),
    /** Gazetteer hierarchy: the place or country this one lies in. */
    locatedIn: idOf('Place', 'Country'),
  }).strict(),
]);
export type EntityInput = z.infer<typeof EntityInput>;

export const Participant = z
  .object({
    entity: entityRef,
    role: z.string().regex(/^[a-z][a-z_]*$/, 'a role is lower_snake_case, e.g. "detainee"'),
  })
  .strict();

export const EventInput = z
  .object({
    id: idOf('Event'),
    type: z.enum(EVENT_TYPES),
    label: text,
    date: PartialDate.nullable().default(null),
    /** How the source words an unresolved date ("on Monday", "last month"). */
    dateText: text.optional(),
    endDate: PartialDate.optional(),
    place: idOf('Place', 'Country').optional(),
    participants: z.array(Participant).default([]),
    modality: z.enum(MODALITIES).default('reported'),
    /** For statistics and counted events: the figure and what it counts. */
    count: z.number().nonnegative().optional(),
    measure: text.optional(),
    /** An event that is a step of a larger one (a leg of an escape). */
    partOf: idOf('Event').optional(),
  })
  .strict();
export type EventInput = z.infer<typeof EventInput>;

/** Properties the graph keeps on a fact's relationship itself: a fact's own properties cannot take their names. */
const FACT_RELATIONSHIP_KEYS = ['factId', 'liveClaims'];

export const FactInput = z
  .object({
    id: idOf('Fact'),
    type: z.enum(FACT_TYPES),
    from: idOf(...ENTITY_KINDS, 'Event'),
    to: idOf(...ENTITY_KINDS, 'Event'),
    properties: Qualifiers.default({}).superRefine((properties, ctx) => {
      for (const key of FACT_RELATIONSHIP_KEYS) {
        if (key in properties) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is kept by the graph and cannot be given` });
      }
    }),
  })
  .strict();
export type FactInput = z.infer<typeof FactInput>;

export const ClaimInput = z
  .object({
    id: idOf('Claim'),
    document: idOf('Document').optional(),
    /** The exact words of the document that make this claim. */
    quote: text,
    /** Character offset of the quote in the document text; may be left out when the quote occurs once. */
    start: z.number().int().nonnegative().optional(),
    modality: z.enum(MODALITIES),
    subject: idOf(...ENTITY_KINDS, 'Event'),
    predicate: z.string().regex(/^[a-z][a-z_]*$/, 'a predicate is lower_snake_case, e.g. "detained_in"'),
    object: idOf(...ENTITY_KINDS, 'Event').optional(),
    /** A figure or word the claim states; kept as text, so 5 and "5" are the same value. */
    value: z.union([z.string(), z.number().transform(String)]).optional(),
    qualifiers: Qualifiers.default({}),
    /** Whom the document credits: a person, a body, an anonymous source. Absent: the outlet's own reporting. */
    attributedTo: entityRef.optional(),
    /** The upstream report or outlet this claim relays. */
    cites: idOf('Document', 'Organization').optional(),
    supports: z.array(idOf('Event', 'Fact')).default([]),
  })
  .strict();
export type ClaimInput = z.infer<typeof ClaimInput>;

export const DocumentInput = z
  .object({
    id: idOf('Document'),
    title: text,
    /** Path of the cleaned article text, relative to the knowledge file. Absent for an upstream report not in the corpus. */
    textFile: text.optional(),
    /** The original corpus file the text was cleaned from. */
    sourceFile: text.optional(),
    url: z.string().url().optional(),
    publisher: idOf('Organization'),
    authors: z.array(idOf('Person', 'Organization')).default([]),
    contributors: z.array(idOf('Person', 'Organization')).default([]),
    byline: text.optional(),
    publishedOn: PartialDate.nullable().default(null),
    language: z.string().default('en'),
    /** Upstream reports or outlets this document relays as a whole. */
    cites: z.array(idOf('Document', 'Organization')).default([]),
  })
  .strict();
export type DocumentInput = z.infer<typeof DocumentInput>;

export const DISPUTE_KINDS = ['outcome', 'date', 'actor', 'count', 'place', 'manner'] as const;

export const DisputeInput = z
  .object({
    id: idOf('Dispute'),
    kind: z.enum(DISPUTE_KINDS),
    description: text,
    /** The claims on one side, and the claims on the other. */
    sides: z.tuple([z.array(idOf('Claim')).min(1), z.array(idOf('Claim')).min(1)]),
    about: z.array(idOf(...ENTITY_KINDS, 'Event', 'Fact')).default([]),
  })
  .strict();
export type DisputeInput = z.infer<typeof DisputeInput>;

export const KnowledgeFile = z
  .object({
    documents: z.array(DocumentInput).default([]),
    entities: z.array(EntityInput).default([]),
    events: z.array(EventInput).default([]),
    facts: z.array(FactInput).default([]),
    claims: z.array(ClaimInput).default([]),
    disputes: z.array(DisputeInput).default([]),
  })
  .strict();
export type KnowledgeFile = z.infer<typeof KnowledgeFile>;
