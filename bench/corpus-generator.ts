import type {
  ClaimInput,
  DisputeInput,
  DocumentInput,
  EntityInput,
  EventInput,
  FactInput,
  KnowledgeFile,
} from '../src/ingest/knowledge-schema';
import type { KnowledgeSource } from '../src/ingest/validate';
import { Random, Zipf } from './random';

/**
 * A synthetic corpus in the project's input format, with the seed's shape and a news corpus's skew:
 * outlets of very unequal size (one big outlet), wire services and bodies whose reports are relayed
 * (documents citing documents, claims citing upstream reports), a gazetteer of countries, provinces,
 * cities and facilities (one country holding much of it), people groups and persons, events dated
 * to the day, month or year or not at all, fact relationships, and claims whose quotes are sentences
 * of the generated article texts (some asserting a detention or arrest and where the group was held
 * at once). Some claims contradict others. Deterministic for a seed.
 */

export interface GeneratorOptions {
  claims: number;
  seed?: number;
  /** Articles per knowledge file. */
  documentsPerFile?: number;
}

/** Ids the benchmark draws its queries from. */
export interface BenchSamples {
  hubCountry: string;
  bigOutlet: string;
  countries: string[];
  provinces: string[];
  groups: string[];
  persons: string[];
  facts: string[];
  events: string[];
  searchTexts: string[];
  /** Pairs of nodes a few hops apart (a helper and where the group they helped was held), for shortest paths. */
  pathPairs: { from: string; to: string }[];
  /** A year range holding events, for date filters. */
  years: { from: number; to: number };
}

export interface GeneratedCorpus {
  sources: KnowledgeSource[];
  counts: { documents: number; upstream: number; entities: number; events: number; facts: number; claims: number; disputes: number };
  samples: BenchSamples;
  /** What a new article can report on: existing events with the sentence that asserts each. */
  world: { events: { id: string; sentence: string }[]; outlets: string[] };
}

const SYLLABLES = [
  'ka', 'ri', 'so', 'mun', 'han', 'yo', 'li', 'an', 'tae', 'jin', 'bo', 'ra', 'chon', 'pyo', 'sang', 'dal', 'mi', 'na',
  'hwa', 'gu', 'yeon', 'do', 'sun', 'ki', 'ho', 'ven', 'tor', 'el', 'mar', 'zu', 'qin', 'lao', 'vi', 'sha', 'ne', 'ul',
]; // prettier-ignore
const COUNTRY_ENDINGS = ['ia', 'land', 'stan', 'ana', 'ora', 'ea'];
const OUTLET_FORMS = ['{} News', 'The {} Times', '{} Daily', '{} Radio', '{} Herald', '{} Online'];
const YEARS = { from: 2000, to: 2024 };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const FILLERS = [
  'The report could not be independently verified.',
  'Officials declined to comment further.',
  'Rights groups have long criticised the practice.',
  'The border area is tightly guarded.',
  'Relatives said they had received no word.',
  'The ministry did not respond to requests for comment.',
  'Several witnesses gave similar accounts.',
  'The case drew attention from foreign governments.',
];

type EventKind = 'detention' | 'arrest' | 'deportation' | 'repatriation' | 'release' | 'travel' | 'protest' | 'statistic';
const EVENT_MIX: [EventKind, number][] = [
  ['detention', 30],
  ['arrest', 20],
  ['deportation', 12],
  ['repatriation', 12],
  ['release', 8],
  ['travel', 10],
  ['protest', 6],
  ['statistic', 2],
];
type FactKind =
  | 'DETAINED_IN'
  | 'TRAVELLED_THROUGH'
  | 'DEPORTED_TO'
  | 'ARRESTED_BY'
  | 'HELPED'
  | 'MEMBER_OF'
  | 'WORKS_FOR'
  | 'SPOKESPERSON_FOR'
  | 'CITIZEN_OF';
const FACT_MIX: [FactKind, number][] = [
  ['DETAINED_IN', 25],
  ['TRAVELLED_THROUGH', 15],
  ['DEPORTED_TO', 10],
  ['ARRESTED_BY', 10],
  ['HELPED', 10],
  ['MEMBER_OF', 10],
  ['WORKS_FOR', 8],
  ['SPOKESPERSON_FOR', 4],
  ['CITIZEN_OF', 8],
];

interface Named {
  id: string;
  name: string;
}

/** Something a claim can assert: the sentence core, what it supports, its subject and object. */
interface Assertion {
  id: string;
  sentence: string;
  predicate: string;
  subject: string;
  object?: string;
  date?: string | null;
  /** A locating fact the same sentence asserts, where the event's participant was held. */
  alsoSupports?: string;
}

export function generateCorpus(options: GeneratorOptions): GeneratedCorpus {
  const n = Math.max(100, Math.floor(options.claims));
  const random = new Random(options.seed ?? 1);
  const perFile = options.documentsPerFile ?? 2000;

  const name = (parts = 2) => {
    let s = '';
    for (let i = 0; i < parts; i++) s += random.pick(SYLLABLES);
    return s[0]!.toUpperCase() + s.slice(1);
  };
  /** A spelling variant, as transliterations give: Qingdao / Tsingtao, Ryanggang / Yangkang. */
  const variant = (s: string) => {
    const v = s.replace(/o/g, 'ou').replace(/k/g, 'c').replace(/j/g, 'dj');
    return v === s ? `${s}h` : v;
  };

  const entities: EntityInput[] = [];

  // --- Gazetteer: countries > provinces > cities > facilities, one country holding much of it.
  const countries: Named[] = [];
  const countryCount = Math.min(40, 8 + Math.floor(Math.log10(n) * 4));
  for (let i = 0; i < countryCount; i++) {
    const base = name(2);
    const c = { id: `country:k${i}`, name: `${base}${random.pick(COUNTRY_ENDINGS)}` };
    countries.push(c);
    entities.push({ id: c.id, kind: 'Country', name: c.name, aliases: [variant(c.name), `${c.name}'s`] });
  }
  const countryZipf = new Zipf(countryCount, 1.2);
  const placeCount = Math.max(60, Math.floor(n / 100));
  const provinces: (Named & { country: string })[] = [];
  const provinceCount = Math.max(countryCount * 2, Math.floor(placeCount / 12));
  for (let i = 0; i < provinceCount; i++) {
    const country = i < countryCount ? countries[i]! : countries[countryZipf.draw(random)]!;
    const base = name(2);
    const p = { id: `place:r${i}`, name: `${base} Province`, country: country.id };
    provinces.push(p);
    entities.push({ id: p.id, kind: 'Place', name: p.name, aliases: [base, variant(base)], placeType: 'province', locatedIn: country.id });
  }
  const provinceZipf = new Zipf(provinceCount, 0.9);
  const cities: (Named & { province: string })[] = [];
  const cityCount = Math.max(provinceCount, Math.floor(placeCount * 0.6));
  for (let i = 0; i < cityCount; i++) {
    const province = i < provinceCount ? provinces[i]! : provinces[provinceZipf.draw(random)]!;
    const base = name(random.chance(0.5) ? 2 : 3);
    const c = { id: `place:t${i}`, name: base, province: province.id };
    cities.push(c);
    entities.push({ id: c.id, kind: 'Place', name: base, aliases: [variant(base)], placeType: 'city', locatedIn: province.id });
  }
  const cityZipf = new Zipf(cityCount, 0.9);
  const facilities: (Named & { city: string })[] = [];
  const facilityCount = Math.max(10, placeCount - provinceCount - cityCount);
  for (let i = 0; i < facilityCount; i++) {
    const city = cities[cityZipf.draw(random)]!;
    const f = { id: `place:x${i}`, name: `${city.name} detention centre ${i}`, city: city.id };
    facilities.push(f);
    entities.push({ id: f.id, kind: 'Place', name: f.name, aliases: [], placeType: 'facility', locatedIn: city.id });
  }

  // --- Organizations: outlets of very unequal size, wire services, bodies.
  const outlets: Named[] = [];
  const outletCount = Math.max(20, Math.floor(n / 2000));
  for (let i = 0; i < outletCount; i++) {
    const base = name(2);
    const o = { id: `org:o${i}`, name: random.pick(OUTLET_FORMS).replace('{}', base) };
    outlets.push(o);
    entities.push({ id: o.id, kind: 'Organization', name: o.name, aliases: [base], orgType: 'news_outlet', anonymous: false });
  }
  const outletZipf = new Zipf(outletCount, 1.1);
  const wires: Named[] = [];
  const wireCount = Math.max(4, Math.floor(outletCount / 20));
  for (let i = 0; i < wireCount; i++) {
    const base = name(2);
    const w = { id: `org:w${i}`, name: `${base} Press Agency` };
    wires.push(w);
    entities.push({ id: w.id, kind: 'Organization', name: w.name, aliases: [base], orgType: 'news_service', anonymous: false });
  }
  const bodies: (Named & { orgType: 'government_body' | 'ministry' | 'international_body' | 'ngo' | 'security_force' })[] = [];
  const bodyCount = Math.max(12, Math.floor(n / 5000));
  for (let i = 0; i < bodyCount; i++) {
    const country = countries[countryZipf.draw(random)]!;
    const orgType = random.pick(['government_body', 'ministry', 'international_body', 'ngo', 'security_force'] as const);
    const label = {
      government_body: `${country.name} government office ${i}`,
      ministry: `${country.name} ministry of affairs ${i}`,
      international_body: `United ${name(2)} Office`,
      ngo: `${name(2)} Watch`,
      security_force: `${country.name} border guards ${i}`,
    }[orgType];
    const b = { id: `org:b${i}`, name: label, orgType };
    bodies.push(b);
    entities.push({ id: b.id, kind: 'Organization', name: b.name, aliases: [], orgType, anonymous: false });
  }
  const securityBodies = bodies.filter((b) => b.orgType === 'security_force');
  if (securityBodies.length === 0) securityBodies.push(bodies[0]!);

  // --- People: persons (some anonymous sources) and groups.
  const persons: Named[] = [];
  const personCount = Math.max(40, Math.floor(n / 40));
  const anonymous: Named[] = [];
  for (let i = 0; i < personCount; i++) {
    const isAnonymous = i % 10 === 9;
    const p = isAnonymous
      ? { id: `person:p${i}`, name: `an official who asked not to be named (${i})` }
      : { id: `person:p${i}`, name: `${name(1)} ${name(2)}` };
    (isAnonymous ? anonymous : persons).push(p);
    entities.push({ id: p.id, kind: 'Person', name: p.name, aliases: isAnonymous ? [] : [variant(p.name)], anonymous: isAnonymous });
  }
  const personZipf = new Zipf(persons.length, 0.8);
  const groups: Named[] = [];
  const groupCount = Math.max(20, Math.floor(n / 50));
  for (let i = 0; i < groupCount; i++) {
    const size = 2 + random.int(30);
    const city = cities[cityZipf.draw(random)]!;
    const g = { id: `group:g${i}`, name: `the ${size} defectors from ${city.name} (${i})` };
    groups.push(g);
    entities.push({ id: g.id, kind: 'PeopleGroup', name: g.name, aliases: [], size, anonymous: true });
  }
  const groupZipf = new Zipf(groupCount, 0.8);

  // --- Dates of mixed precision.
  const dateOf = (): string | null => {
    const year = YEARS.to - Math.floor(Math.sqrt(random.next()) * (YEARS.to - YEARS.from + 1) * 0.999);
    const kind = random.weighted([
      ['day', 60],
      ['month', 25],
      ['year', 10],
      ['none', 5],
    ] as const);
    if (kind === 'none') return null;
    if (kind === 'year') return String(year);
    const month = String(1 + random.int(12)).padStart(2, '0');
    if (kind === 'month') return `${year}-${month}`;
    return `${year}-${month}-${String(1 + random.int(28)).padStart(2, '0')}`;
  };
  const when = (date: string | null) => {
    if (!date) return 'recently';
    const [y, m, d] = date.split('-');
    if (d) return `on ${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
    if (m) return `in ${MONTHS[Number(m) - 1]} ${y}`;
    return `in ${y}`;
  };
  const someplace = () =>
    random.weighted<Named>([
      [cities[cityZipf.draw(random)]!, 60],
      [facilities[random.int(facilities.length)]!, 25],
      [provinces[provinceZipf.draw(random)]!, 15],
    ]);

  // --- Events and facts, each with the sentence that asserts it.
  const events: EventInput[] = [];
  const eventAssertions: Assertion[] = [];
  const eventCount = Math.max(10, Math.floor(n / 4));
  for (let i = 0; i < eventCount; i++) {
    const type = random.weighted(EVENT_MIX);
    const group = groups[groupZipf.draw(random)]!;
    const date = dateOf();
    const id = `event:e${i}`;
    const place = type === 'repatriation' ? countries[countryZipf.draw(random)]! : someplace();
    const actor = securityBodies[random.int(securityBodies.length)]!;
    let sentence: string;
    const participants: EventInput['participants'] = [];
    let extra: Partial<EventInput> = {};
    switch (type) {
      case 'detention':
        sentence = `${group.name} were detained in ${place.name} ${when(date)}`;
        participants.push({ entity: group.id, role: 'detainee' }, { entity: actor.id, role: 'perpetrator' });
        break;
      case 'arrest':
        sentence = `${actor.name} arrested ${group.name} in ${place.name} ${when(date)}`;
        participants.push({ entity: group.id, role: 'arrestee' }, { entity: actor.id, role: 'perpetrator' });
        break;
      case 'deportation':
        sentence = `${group.name} were deported from ${place.name} ${when(date)}`;
        participants.push({ entity: group.id, role: 'deportee' });
        break;
      case 'repatriation':
        sentence = `${group.name} were sent back to ${place.name} ${when(date)}`;
        participants.push({ entity: group.id, role: 'repatriated' });
        break;
      case 'release':
        sentence = `${group.name} were released in ${place.name} ${when(date)}`;
        participants.push({ entity: group.id, role: 'released' });
        break;
      case 'travel':
        sentence = `${group.name} travelled through ${place.name} ${when(date)}`;
        participants.push({ entity: group.id, role: 'traveller' });
        break;
      case 'protest':
        sentence = `activists protested in ${place.name} ${when(date)} over the fate of ${group.name}`;
        participants.push({ entity: group.id, role: 'subject' });
        break;
      case 'statistic': {
        const count = 100 + random.int(3000);
        sentence = `${count} people reached safety from ${place.name} ${when(date)}`;
        extra = { count, measure: `people reaching safety from ${place.name}` };
        break;
      }
    }
    events.push({
      id,
      type,
      label: sentence,
      date,
      ...(date === null ? { dateText: 'recently' } : {}),
      place: place.id,
      participants,
      modality: random.chance(0.9) ? 'reported' : 'alleged',
      ...extra,
    });
    eventAssertions.push({ id, sentence, predicate: type, subject: group.id, object: place.id, date });
  }

  const facts: FactInput[] = [];
  const factAssertions: Assertion[] = [];
  const factCount = Math.max(10, Math.floor(n / 4));
  for (let i = 0; i < factCount; i++) {
    const type = random.weighted(FACT_MIX);
    const group = groups[groupZipf.draw(random)]!;
    const person = persons[personZipf.draw(random)]!;
    let from: Named;
    let to: Named;
    let sentence: string;
    let properties: FactInput['properties'] = {};
    switch (type) {
      case 'DETAINED_IN':
        [from, to] = [group, random.chance(0.6) ? facilities[random.int(facilities.length)]! : someplace()];
        sentence = `${from.name} are being held in ${to.name}`;
        break;
      case 'TRAVELLED_THROUGH':
        [from, to] = [group, cities[cityZipf.draw(random)]!];
        sentence = `${from.name} passed through ${to.name} on their way`;
        properties = { order: 1 + random.int(6) };
        break;
      case 'DEPORTED_TO':
        [from, to] = [group, countries[countryZipf.draw(random)]!];
        sentence = `${from.name} were handed over to ${to.name}`;
        break;
      case 'ARRESTED_BY':
        [from, to] = [group, securityBodies[random.int(securityBodies.length)]!];
        sentence = `${from.name} were taken into custody by ${to.name}`;
        break;
      case 'HELPED':
        [from, to] = [person, group];
        sentence = `${from.name} helped ${to.name}`;
        break;
      case 'MEMBER_OF':
        [from, to] = [person, bodies[random.int(bodies.length)]!];
        sentence = `${from.name} is a member of ${to.name}`;
        break;
      case 'WORKS_FOR':
        [from, to] = [person, outlets[outletZipf.draw(random)]!];
        sentence = `${from.name} works for ${to.name}`;
        break;
      case 'SPOKESPERSON_FOR':
        [from, to] = [person, bodies[random.int(bodies.length)]!];
        sentence = `${from.name} is a spokesperson for ${to.name}`;
        break;
      case 'CITIZEN_OF':
        [from, to] = [person, countries[countryZipf.draw(random)]!];
        sentence = `${from.name} is a citizen of ${to.name}`;
        break;
    }
    const id = `fact:f${i}`;
    facts.push({ id, type, from: from.id, to: to.id, properties });
    factAssertions.push({ id, sentence, predicate: type.toLowerCase(), subject: from.id, object: to.id });
  }

  // --- Detentions and arrests whose sentence also says where the group was held, as the seed's do:
  // about a third of those in a city or province with a detention centre. Drawn from a stream of
  // their own, so that the rest of the corpus is the same as without them.
  const placing = new Random((options.seed ?? 1) * 7919 + 17);
  const facilitiesIn = new Map<string, (typeof facilities)[number][]>();
  const provinceOfCity = new Map(cities.map((c) => [c.id, c.province]));
  for (const f of facilities) {
    for (const area of [f.city, provinceOfCity.get(f.city)!]) {
      const near = facilitiesIn.get(area);
      if (near === undefined) facilitiesIn.set(area, [f]);
      else near.push(f);
    }
  }
  const placingFacts: FactInput[] = [];
  events.forEach((e, i) => {
    if (e.type !== 'detention' && e.type !== 'arrest') return;
    const near = facilitiesIn.get(e.place!);
    if (near === undefined || !placing.chance(0.35)) return;
    const facility = near[placing.int(near.length)]!;
    const group = e.participants[0]!.entity;
    const fact: FactInput = {
      id: `fact:p${i}`,
      type: e.type === 'detention' ? 'DETAINED_IN' : 'ARRESTED_IN',
      from: group,
      to: facility.id,
      properties: {},
    };
    placingFacts.push(fact);
    const assertion = eventAssertions[i]!;
    assertion.sentence = `${assertion.sentence} and held at ${facility.name}`;
    assertion.alsoSupports = fact.id;
  });

  // --- Upstream reports (not in the corpus): wire and body reports, some relaying each other.
  const upstream: DocumentInput[] = [];
  const upstreamCount = Math.max(5, Math.floor(n / 60));
  for (let i = 0; i < upstreamCount; i++) {
    const byWire = random.chance(0.6);
    const publisher = byWire ? wires[random.int(wires.length)]! : bodies[random.int(bodies.length)]!;
    const roll = random.next();
    const cites =
      i > 0 && roll < 0.4 ? [`doc:u${Math.max(0, i - 1 - random.int(50))}`] : roll < 0.8 ? [bodies[random.int(bodies.length)]!.id] : [];
    upstream.push({
      id: `doc:u${i}`,
      title: `${publisher.name} report ${i}`,
      publisher: publisher.id,
      authors: [publisher.id],
      contributors: [],
      publishedOn: null,
      language: 'en',
      cites,
    });
  }
  const upstreamZipf = new Zipf(upstreamCount, 1);

  // --- Articles and their claims: half the claims first assert an event or a fact, half report one again.
  const primaries: Assertion[] = [];
  for (let i = 0; i < Math.max(eventCount, factCount); i++) {
    if (i < eventCount) primaries.push(eventAssertions[i]!);
    if (i < factCount) primaries.push(factAssertions[i]!);
  }
  const topStories = primaries.filter((_, i) => i % 100 === 0);
  const firstClaimOf = new Map<string, string>();
  const disputeTarget = Math.max(2, Math.floor(n / 1000));

  const files: KnowledgeSource[] = [];
  const common: KnowledgeFile = { documents: upstream, entities, events: [], facts: [], claims: [], disputes: [] };
  files.push({ file: 'common.json', data: common, texts: new Map() });

  let claimIndex = 0;
  let primaryCursor = 0;
  let docIndex = 0;
  let disputeIndex = 0;
  let current: KnowledgeSource | null = null;
  const factById = new Map([...facts, ...placingFacts].map((f) => [f.id, f]));
  const eventById = new Map(events.map((e) => [e.id, e]));

  while (claimIndex < n) {
    if (current === null || current.data.documents.length >= perFile) {
      current = {
        file: `articles-${String(files.length).padStart(4, '0')}.json`,
        data: { documents: [], entities: [], events: [], facts: [], claims: [], disputes: [] },
        texts: new Map(),
      };
      files.push(current);
    }
    const docId = `doc:d${docIndex}`;
    const outlet = outlets[outletZipf.draw(random)]!;
    const size = Math.min(n - claimIndex, 6 + random.int(13));
    const parts: string[] = [];
    let length = 0;
    const title = `${outlet.name}: report ${docIndex} on ${primaries[primaryCursor % primaries.length]!.sentence.slice(0, 60)}`;
    const add = (s: string) => {
      parts.push(s);
      length += s.length;
    };
    add(`${title}\n\n`);
    const claims: ClaimInput[] = [];
    for (let k = 0; k < size; k++) {
      const primary = primaryCursor < primaries.length && (k % 2 === 0 || n - claimIndex <= primaries.length - primaryCursor);
      let assertion: Assertion;
      if (primary) {
        assertion = primaries[primaryCursor++]!;
      } else if (random.chance(0.3)) {
        assertion = random.pick(topStories);
      } else {
        const window = Math.max(1, Math.min(primaryCursor, 4000));
        assertion = primaries[Math.max(0, primaryCursor - 1 - random.int(window))]!;
      }
      const claimId = `claim:c${claimIndex++}`;
      const earlier = firstClaimOf.get(assertion.id);
      const disputes = !primary && earlier !== undefined && disputeIndex < disputeTarget && random.chance(0.02);
      const modality = disputes ? 'denied' : random.weighted(MODALITY_MIX);
      const quote = disputes ? `it is not true that ${assertion.sentence}` : assertion.sentence;
      const roll = random.next();
      const attributedTo =
        roll < 0.15
          ? persons[personZipf.draw(random)]!.id
          : roll < 0.3
            ? bodies[random.int(bodies.length)]!.id
            : roll < 0.35
              ? anonymous[random.int(anonymous.length)]?.id
              : undefined;
      const relay = random.next();
      const cites = relay < 0.25 ? `doc:u${upstreamZipf.draw(random)}` : relay < 0.3 ? bodies[random.int(bodies.length)]!.id : undefined;
      const lead = attributedTo ? 'According to sources, ' : k === 0 ? '' : random.pick(['Meanwhile, ', 'Separately, ', 'Earlier, ', '']);
      add(lead);
      const start = length;
      add(quote);
      add(`. ${random.chance(0.4) ? `${random.pick(FILLERS)} ` : ''}`);
      if (k % 4 === 3) add('\n\n');
      claims.push({
        id: claimId,
        document: docId,
        quote,
        start,
        modality,
        subject: assertion.subject,
        predicate: assertion.predicate,
        ...(assertion.object ? { object: assertion.object } : {}),
        qualifiers: assertion.date ? { date: assertion.date } : {},
        ...(attributedTo ? { attributedTo } : {}),
        ...(cites ? { cites } : {}),
        supports: assertion.alsoSupports === undefined ? [assertion.id] : [assertion.id, assertion.alsoSupports],
      });
      if (primary) {
        firstClaimOf.set(assertion.id, claimId);
        const record = eventById.get(assertion.id);
        if (record) current.data.events.push(record);
        else current.data.facts.push(factById.get(assertion.id)!);
        if (assertion.alsoSupports !== undefined) current.data.facts.push(factById.get(assertion.alsoSupports)!);
      }
      if (disputes) {
        current.data.disputes.push({
          id: `dispute:s${disputeIndex++}`,
          kind: assertion.id.startsWith('event:') ? 'outcome' : 'actor',
          description: `Sources disagree whether ${assertion.sentence}`,
          sides: [[earlier!], [claimId]],
          about: [assertion.id],
        } satisfies DisputeInput);
      }
    }
    const text = parts.join('').trimEnd();
    const docCites = random.chance(0.15)
      ? [`doc:u${upstreamZipf.draw(random)}`]
      : docIndex > 0 && random.chance(0.05)
        ? [`doc:d${random.int(docIndex)}`]
        : [];
    const published = dateOf();
    current.data.documents.push({
      id: docId,
      title,
      textFile: textFileOf(docId),
      publisher: outlet.id,
      authors: random.chance(0.7) ? [persons[personZipf.draw(random)]!.id] : [outlet.id],
      contributors: [],
      publishedOn: published,
      language: 'en',
      cites: docCites,
    });
    current.data.claims.push(...claims);
    current.texts.set(docId, text);
    docIndex++;
  }
  // Only events and facts that some claim asserts are in the corpus (every one of them, unless it is tiny).
  const supported = new Set(files.flatMap((f) => [...f.data.events, ...f.data.facts].map((r) => r.id)));

  const placeOfGroup = new Map<string, string>();
  for (const f of facts)
    if (supported.has(f.id) && (f.type === 'DETAINED_IN' || f.type === 'TRAVELLED_THROUGH')) placeOfGroup.set(f.from, f.to);
  const pathPairs = facts
    .filter((f) => f.type === 'HELPED' && supported.has(f.id) && placeOfGroup.has(f.to))
    .map((f) => ({ from: f.from, to: placeOfGroup.get(f.to)! }));
  const provinceByCount = [...provinces].sort((a, b) => countIn(b.id, cities) - countIn(a.id, cities));
  const keptEvents = events.filter((e) => supported.has(e.id));
  return {
    sources: files,
    counts: {
      documents: docIndex,
      upstream: upstreamCount,
      entities: entities.length,
      events: keptEvents.length,
      facts: [...facts, ...placingFacts].filter((f) => supported.has(f.id)).length,
      claims: claimIndex,
      disputes: disputeIndex,
    },
    samples: {
      hubCountry: countries[0]!.id,
      bigOutlet: outlets[0]!.id,
      countries: countries.slice(0, 10).map((c) => c.id),
      provinces: provinceByCount.slice(0, 20).map((p) => p.id),
      groups: spread(groups, 50).map((g) => g.id),
      persons: spread(persons, 50).map((p) => p.id),
      facts: spread(
        facts.filter((f) => supported.has(f.id)),
        100,
      ).map((f) => f.id),
      events: spread(keptEvents, 100).map((e) => e.id),
      searchTexts: [
        ...spread(cities, 15).map((c) => variant(c.name)),
        ...spread(persons, 15).map((p) => p.name),
        ...spread(provinces, 10).map((p) => p.name.replace(' Province', '')),
        ...spread(countries, 5).map((c) => c.name),
      ],
      pathPairs: spread(pathPairs, 50),
      years: YEARS,
    },
    world: {
      events: keptEvents.map((e) => ({ id: e.id, sentence: e.label })),
      outlets: outlets.map((o) => o.id),
    },
  };
}

const MODALITY_MIX: ['reported' | 'alleged' | 'expected', number][] = [
  ['reported', 78],
  ['alleged', 16],
  ['expected', 6],
];

/** Where an article's text lives, relative to the knowledge files: sharded, a thousand to a folder. */
export function textFileOf(docId: string): string {
  const index = Number(docId.slice('doc:d'.length));
  return `texts/${String(Math.floor(index / 1000)).padStart(4, '0')}/${docId.slice(4)}.txt`;
}

function countIn(provinceId: string, cities: { province: string }[]): number {
  return cities.filter((c) => c.province === provinceId).length;
}

/** Up to `count` items spread evenly over the list: hubs at the head and the long tail both. */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return [...items];
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]!);
}

/**
 * A new article for an existing corpus: claims reporting existing events again and one new event,
 * as a single knowledge file. `index` makes its ids unique.
 */
export function newArticle(world: GeneratedCorpus['world'], index: number, seed = 7): KnowledgeSource {
  const random = new Random(seed * 1_000_003 + index);
  const docId = `doc:new${index}`;
  const eventId = `event:new${index}`;
  const outlet = world.outlets[random.int(Math.min(world.outlets.length, 50))]!;
  const reported = Array.from({ length: 8 }, () => world.events[random.int(world.events.length)]!);
  const newSentence = `a new group of ${3 + random.int(20)} defectors was detained at a checkpoint on ${1 + random.int(28)} May 2025`;
  let text = `New article ${index}\n\n`;
  const claims: ClaimInput[] = [];
  for (const [k, e] of [...reported, { id: eventId, sentence: newSentence }].entries()) {
    text += k % 3 === 0 ? '' : 'Separately, ';
    const start = text.length;
    text += `${e.sentence}. `;
    claims.push({
      id: `claim:new${index}-${k}`,
      document: docId,
      quote: e.sentence,
      start,
      modality: 'reported',
      subject: e.id,
      predicate: 'reported',
      qualifiers: {},
      supports: [e.id],
    });
  }
  return {
    file: `new-article-${index}.json`,
    data: {
      documents: [
        {
          id: docId,
          title: `New article ${index}`,
          textFile: `new-${index}.txt`,
          publisher: outlet,
          authors: [outlet],
          contributors: [],
          publishedOn: '2025-05-30',
          language: 'en',
          cites: [],
        },
      ],
      entities: [],
      events: [
        {
          id: eventId,
          type: 'detention',
          label: newSentence,
          date: '2025-05',
          participants: [],
          modality: 'reported',
          place: 'country:k0',
        },
      ],
      facts: [],
      claims,
      disputes: [],
    },
    texts: new Map([[docId, text.trimEnd()]]),
  };
}
