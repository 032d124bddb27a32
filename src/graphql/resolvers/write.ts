import { requireRole } from '../../auth';
import { badInput, notFound } from '../../errors';
import type { ChangeRow } from '../../graph/change-repository';
import type { NodeRow } from '../../graph/node-repository';
import { lockKeys, mergeEntities, recordChange, retractClaim } from '../../graph/write-repository';
import { countByStatus, ingestSources, newStamp, type IngestResult } from '../../ingest/ingest';
import { KnowledgeValidationError, normalizeText, parseKnowledgeValue, type KnowledgeSource, type Problem } from '../../ingest/validate';
import type { Context } from '../context';
import { JSONObject } from '../json-object';
import { connection, decodeCursor, pageSize } from '../pagination';
import { loadMany } from './core';

/** Bounds on one API write; larger inputs go through `npm run ingest`. */
export const WRITE_LIMITS = { textLength: 1_000_000, records: 5_000, reasonLength: 2_000 };

type Input = Record<string, unknown>;

/** Fields whose GraphQL enum values (REPORTED, OUTCOME, NAME) are the file format's words in capitals. */
const ENUM_FIELDS: Record<string, string[]> = { events: ['modality'], claims: ['modality'], entities: ['match'], disputes: ['kind'] };

/** Drops nulls (GraphQL's "not given"), recursively. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === null || v === undefined ? [] : [[k, withoutNulls(v)]])));
  }
  return value;
}

/** GraphQL input as the knowledge-file format: nulls dropped, enum values in the file's lower case. */
function asKnowledgeValue(sections: Record<string, unknown>): unknown {
  const out = withoutNulls(sections) as Record<string, Input[] | undefined>;
  for (const [section, fields] of Object.entries(ENUM_FIELDS)) {
    out[section] = out[section]?.map((record) =>
      Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fields.includes(k) && typeof v === 'string' ? v.toLowerCase() : v])),
    );
  }
  return out;
}

function failed(problems: Problem[]) {
  return {
    ok: false,
    change: null,
    counts: countByStatus([]),
    records: [],
    matched: [],
    problems: problems.map((p) => ({ record: p.record ?? null, field: p.field ?? null, message: p.message })),
  };
}

function succeeded(result: IngestResult) {
  return {
    ok: true,
    change: result.change,
    counts: countByStatus(result.records),
    records: result.records.map((r) => ({ ...r, status: r.status.toUpperCase() })),
    matched: result.matched,
    problems: [],
  };
}

async function ingest(ctx: Context, sources: KnowledgeSource[], actor: string, action: 'ingest' | 'add-claim') {
  try {
    const result = await ingestSources(ctx.db, sources, newStamp(actor), action);
    ctx.forget(result.records.map((r) => r.id));
    return succeeded(result);
  } catch (e) {
    if (e instanceof KnowledgeValidationError) return failed(e.problems);
    throw e;
  }
}

function checkSize(input: { document?: { text?: string }; [section: string]: unknown }) {
  const text = input.document?.text ?? '';
  if (text.length > WRITE_LIMITS.textLength) {
    throw badInput(`input.document.text has ${text.length} characters; at most ${WRITE_LIMITS.textLength} are taken in one request`, {
      argument: 'input.document.text',
    });
  }
  const records = ['entities', 'events', 'facts', 'claims', 'disputes'].reduce(
    (n, s) => n + ((input[s] as unknown[] | null)?.length ?? 0),
    0,
  );
  if (records > WRITE_LIMITS.records) {
    throw badInput(`input has ${records} records; at most ${WRITE_LIMITS.records} are taken in one request (use npm run ingest)`, {
      argument: 'input',
    });
  }
}

export const writeResolvers = {
  JSONObject,
  Mutation: {
    ingestDocument: async (_: unknown, args: { input: { document: { text: string; id: string } } & Input }, ctx: Context) => {
      const viewer = requireRole(ctx.viewer, 'editor', 'ingestDocument');
      checkSize(args.input);
      const { document, ...sections } = args.input;
      const { text, ...documentRecord } = document;
      const value = asKnowledgeValue({ ...sections, documents: [documentRecord] });
      const parsed = parseKnowledgeValue('input', value);
      if (!parsed.data) return failed(parsed.problems);
      const texts = new Map([[document.id, normalizeText(text)]]);
      return ingest(ctx, [{ file: 'input', data: parsed.data, texts }], viewer.id, 'ingest');
    },
    addClaim: async (_: unknown, args: { input: Input & { id: string; document?: string | null } }, ctx: Context) => {
      const viewer = requireRole(ctx.viewer, 'editor', 'addClaim');
      if (!args.input.document) {
        return failed([
          { file: 'input', record: args.input.id, field: 'document', message: 'is required: the id of a document in the graph' },
        ]);
      }
      const parsed = parseKnowledgeValue('input', asKnowledgeValue({ claims: [args.input] }));
      if (!parsed.data) return failed(parsed.problems);
      return ingest(ctx, [{ file: 'input', data: parsed.data, texts: new Map() }], viewer.id, 'add-claim');
    },
    retractClaim: async (_: unknown, args: { id: string; reason: string }, ctx: Context) => {
      const viewer = requireRole(ctx.viewer, 'editor', 'retractClaim');
      const reason = args.reason.trim();
      if (!reason) throw badInput('argument "reason" must say why the claim is retracted', { argument: 'reason' });
      if (reason.length > WRITE_LIMITS.reasonLength) {
        throw badInput(`argument "reason" has ${reason.length} characters; at most ${WRITE_LIMITS.reasonLength}`, { argument: 'reason' });
      }
      const stamp = newStamp(viewer.id);
      const row = await ctx.db.writeTransaction(
        async (tx) => {
          const retraction = await retractClaim(tx, args.id, reason, stamp);
          if (!retraction.alreadyRetracted) {
            await recordChange(tx, stamp, { action: 'retract-claim', summary: { claim: args.id, reason }, touched: [args.id] });
          }
          return retraction;
        },
        { operation: 'retract-claim', actor: viewer.id },
      );
      ctx.forget([row.id, ...row.orphaned]);
      return {
        claim: await ctx.loaders.node.load(row.id),
        alreadyRetracted: row.alreadyRetracted,
        noLongerEstablished: row.orphaned,
        change: row.alreadyRetracted ? null : stamp.change,
      };
    },
    mergeEntities: async (_: unknown, args: { keep: string; merge: string; reason?: string | null }, ctx: Context) => {
      const viewer = requireRole(ctx.viewer, 'editor', 'mergeEntities');
      const stamp = newStamp(viewer.id);
      const reason = args.reason?.trim() || null;
      const row = await ctx.db.writeTransaction(
        async (tx) => {
          await lockKeys(tx, [args.keep, args.merge]);
          const merged = await mergeEntities(tx, args.keep, args.merge, reason, stamp);
          await recordChange(tx, stamp, {
            action: 'merge-entities',
            summary: { keep: args.keep, merge: args.merge, reason, relationshipsMoved: merged.moved },
            touched: [args.keep],
          });
          return merged;
        },
        { operation: 'merge-entities', actor: viewer.id },
      );
      ctx.forget([args.keep, args.merge]);
      return {
        entity: await ctx.loaders.node.load(row.keptId),
        mergedId: row.mergedId,
        relationshipsMoved: row.moved,
        change: stamp.change,
      };
    },
  },
  Query: {
    viewer: (_: unknown, __: unknown, ctx: Context) => ctx.viewer,
    changes: async (
      _: unknown,
      args: { actor?: string | null; touching?: string | null; first?: number | null; after?: string | null },
      ctx: Context,
    ) => {
      const limit = pageSize(args.first);
      const offset = decodeCursor(args.after);
      const page = await ctx.changes.list({ actor: args.actor, touching: args.touching, offset, limit });
      return connection(page.rows, offset, page.totalCount);
    },
  },
  IngestResult: { change: changeById },
  RetractClaimResult: {
    change: changeById,
    noLongerEstablished: (r: { noLongerEstablished: string[] }, _: unknown, ctx: Context) => loadMany(ctx, r.noLongerEstablished),
  },
  MergeEntitiesResult: { change: changeById },
  IngestedRecord: { node: (r: { id: string }, _: unknown, ctx: Context) => ctx.loaders.node.load(r.id) },
  Change: {
    touched: async (c: ChangeRow, args: { first?: number | null }, ctx: Context) => {
      const first = args.first ?? 50;
      if (first < 0 || first > 500) throw badInput(`argument "first" must be between 0 and 500, got ${first}`, { argument: 'first' });
      return loadMany(ctx, await ctx.changes.touched(c.id, first));
    },
  },
  Claim: {
    retracted: (n: NodeRow) => n.retracted === true,
    retraction: (n: NodeRow) =>
      n.retracted === true
        ? { at: n.retractedAt, by: n.retractedBy ?? 'unknown', reason: n.retractionReason ?? '', change: n.retractedIn ?? null }
        : null,
    createdBy: (n: NodeRow) => n.createdBy ?? null,
  },
  Event: { established },
  Fact: { established },
};

async function changeById(r: { change: string | null }, _: unknown, ctx: Context) {
  if (!r.change) return null;
  const [row] = await ctx.changes.byIds([r.change]);
  if (!row) throw notFound('change', r.change);
  return row;
}

/** True while a claim that is not retracted supports it. */
async function established(n: NodeRow, _: unknown, ctx: Context) {
  const claims = await loadMany(ctx, await ctx.loaders.claimIds.claims.load(n.id));
  return claims.some((c) => c.retracted !== true);
}
