import type { BenchSamples } from './corpus-generator';

/** A read operation measured through the API (and, where it can be expressed, through the peer). */
export interface Operation {
  name: string;
  /** What it stands for in the table. */
  label: string;
  /** Operations the issue holds to the API-vs-Cypher and single-round-trip targets. */
  targeted: boolean;
  query: string;
  /** The i-th set of variables; the benchmark cycles through `pool` of them. */
  variables: (i: number) => Record<string, unknown>;
  /** The same question asked of the Neo4j GraphQL Library, when it can express it. */
  peer?: { query: string; variables: (i: number) => Record<string, unknown> };
}

/** A fact's end as the peer's union type selects it. */
const FACT_END =
  '... on Person { id name } ... on PeopleGroup { id name } ... on Organization { id name } ... on Country { id name } ... on Place { id name }';

/** What the entity operations ask of each fact relationship. */
const FACT_RELATIONSHIP =
  'factId type direction counterpart { id ... on Entity { name } } claims { id quote modality document { id title } }';

const at = <T>(list: T[], i: number): T => list[i % list.length]!;

export function operations(s: BenchSamples): Operation[] {
  const yearRange = (i: number) => {
    const from = s.years.to - 4 - (i % 6);
    return { from: String(from), to: String(from + 2) };
  };
  return [
    {
      name: 'entity',
      label: 'entity by id with its relationships',
      targeted: false,
      query: `query Entity($id: ID!) {
        entity(id: $id) {
          id kind name aliases
          relationships { ${FACT_RELATIONSHIP} }
        }
      }`,
      variables: (i) => ({ id: at(s.groups, i) }),
      peer: {
        query: `query Entity($id: ID!) {
          peopleGroups(where: { id: { eq: $id } }) {
            id name aliases
            factsFrom { id type to { ${FACT_END} } supportedBy { id quote modality documents { id title } } }
            factsTo { id type from { ${FACT_END} } supportedBy { id quote modality documents { id title } } }
          }
        }`,
        variables: (i) => ({ id: at(s.groups, i) }),
      },
    },
    {
      // What a view of the entity asks for first: its busiest groups hold thousands of relationships.
      name: 'entityPage',
      label: 'entity by id, first page of 20 relationships',
      targeted: false,
      query: `query EntityPage($id: ID!) {
        entity(id: $id) {
          id kind name aliases
          relationshipsConnection(first: 20) {
            totalCount
            pageInfo { hasNextPage endCursor }
            edges { node { ${FACT_RELATIONSHIP} } }
          }
        }
      }`,
      variables: (i) => ({ id: at(s.groups, i) }),
    },
    {
      name: 'list',
      label: 'filtered list with count (outlets by name)',
      targeted: false,
      query: `query Outlets($type: String!) {
        entities(kind: Organization, filter: { orgType: $type }, first: 20, sort: NAME) {
          totalCount
          edges { node { id name } }
        }
      }`,
      variables: (i) => ({ type: i % 2 === 0 ? 'news_outlet' : 'news_service' }),
      peer: {
        query: `query Outlets($type: String!) {
          organizationsConnection(first: 20, where: { orgType: { eq: $type } }, sort: [{ name: ASC }, { id: ASC }]) {
            totalCount
            edges { node { id name } }
          }
        }`,
        variables: (i) => ({ type: i % 2 === 0 ? 'news_outlet' : 'news_service' }),
      },
    },
    {
      name: 'nested',
      label: 'nested: event → claims → documents → outlets',
      targeted: false,
      query: `query Nested($id: ID!) {
        event(id: $id) {
          id label
          claims { id quote document { id title publisher { id name } } }
        }
      }`,
      variables: (i) => ({ id: at(s.events, i) }),
      peer: {
        query: `query Nested($id: ID!) {
          events(where: { id: { eq: $id } }) {
            id label
            supportedBy { id quote documents { id title publishers { id name } } }
          }
        }`,
        variables: (i) => ({ id: at(s.events, i) }),
      },
    },
    {
      name: 'search',
      label: 'search (names, aliases, texts)',
      targeted: false,
      query: `query Search($text: String!) {
        search(text: $text, first: 10) { id kind label score matchedAlias }
      }`,
      variables: (i) => ({ text: at(s.searchTexts, i) }),
    },
    {
      name: 'provenance',
      label: 'provenance of a fact (relay chain, origins)',
      targeted: true,
      query: `query Provenance($id: ID!) {
        provenance(id: $id) {
          subject { id name }
          totalClaims
          claims {
            quote modality
            attributedTo { name }
            document { title outlet { name } }
            relayChain { outlet { name } }
            origin { name }
          }
          independentOrigins { count origins { origin { name } claimCount modalities } }
        }
      }`,
      variables: (i) => ({ id: at(s.facts, i) }),
    },
    {
      name: 'neighborhood',
      label: '2-hop neighbourhood (hub cap 25)',
      targeted: true,
      query: `query Neighborhood($id: ID!) {
        neighborhood(id: $id, depth: 2, limit: 100, perNode: 25) {
          truncated truncatedAt
          nodes { id kind label type date depth }
          edges { id type kind source target factId role claimCount }
        }
      }`,
      variables: (i) => ({ id: i % 2 === 0 ? at(s.groups, i >> 1) : at(s.persons, i >> 1) }),
    },
    {
      name: 'paths',
      label: 'shortest paths (≤ 4 hops, claims per hop)',
      targeted: true,
      query: `query Paths($from: ID!, $to: ID!) {
        paths(from: $from, to: $to, maxHops: 4, first: 5) {
          totalCount
          paths {
            length
            nodes { id kind label }
            hops { type direction factId claimCount claims { quote modality outlet { name } } }
          }
        }
      }`,
      variables: (i) => at(s.pathPairs, i),
    },
    {
      name: 'timeline',
      label: 'timeline page: province and 3 years',
      targeted: true,
      query: `query Timeline($place: ID!, $from: String!, $to: String!) {
        timeline(filter: { place: $place, from: $from, to: $to }, first: 20) {
          totalCount
          edges { node { id type label date datePrecision place { name } claimCount } }
        }
      }`,
      variables: (i) => ({ place: at(s.provinces, i), ...yearRange(i) }),
    },
    {
      name: 'dashboard',
      label: 'dashboard: events by type in a country, 3 years',
      targeted: false,
      query: `query Dashboard($country: ID!, $from: String!, $to: String!) {
        eventCounts(by: TYPE, filter: { country: $country, from: $from, to: $to }) { key label count }
      }`,
      variables: (i) => ({ country: at(s.countries, i), ...yearRange(i) }),
    },
    {
      // The least a request can read: what the API adds to any operation shows here nearly alone. Timed last:
      // timed first after the server started, it measured the database warming up (6–7 ms of Cypher, 0.5 ms warm).
      name: 'floor',
      label: 'a node by id, its id alone (the fixed cost)',
      targeted: false,
      query: `query Floor($id: ID!) {
        node(id: $id) { id }
      }`,
      variables: (i) => ({ id: at(s.events, i) }),
    },
  ];
}
