/**
 * Advice sections of the report: each advisor that exists maps its findings to one AdviceSection (top 5,
 * biggest benefit first, with the command that lists everything). Adding an advisor is one entry here.
 * Advisors look at all stored data, as `qprof advise …` does by default. One that fails leaves its section out.
 */
import type { Db } from '../../storage/db.js';
import { adviseIndexes } from '../index-advisor/advise-io.js';
import { adviseNPlusOne } from '../n-plus-one/advise-io.js';
import { adviseReplicas } from '../replica-routing/advise-io.js';
import { formatCount, formatMs, formatShare, oneLine } from './format.js';
import type { AdviceSection, ReportData } from './types.js';

export interface AdviceOptions {
  readonly target?: string;
  /** Called with the advisor name and error when one fails (the report goes on without it). */
  readonly onError?: (advisor: string, error: unknown) => void;
}

const top = 5;

async function indexSection(db: Db, target: string | undefined): Promise<AdviceSection | undefined> {
  const advice = (await adviseIndexes(db, target === undefined ? {} : { target })).flatMap((t) => t.advice.map((a) => ({ ...a, target: t.target.name })))
    .sort((a, b) => (a.action === b.action ? b.benefit.timeShare - a.benefit.timeShare : a.action === 'create' ? -1 : 1));
  if (advice.length === 0) return undefined;
  return {
    title: 'Index advice', command: `qprof advise indexes${target ? ` --target ${target}` : ''}`, total: advice.length,
    items: advice.slice(0, top).map((a) => ({
      summary: a.statement,
      detail: `${a.target}: ${a.reason} (${formatShare(a.benefit.timeShare)} of the time; ${a.validated})`,
    })),
  };
}

function nPlusOneSection(db: Db, target: string | undefined): AdviceSection | undefined {
  const findings = adviseNPlusOne(db, target === undefined ? {} : { target }).flatMap((t) => t.findings.map((f) => ({ ...f, target: t.target.name })))
    .sort((a, b) => b.evidence.totalMs - a.evidence.totalMs);
  if (findings.length === 0) return undefined;
  return {
    title: 'N+1 queries', command: `qprof advise n-plus-one${target ? ` --target ${target}` : ''}`, total: findings.length,
    items: findings.slice(0, top).map((f) => {
      const e = f.evidence;
      const evidence = 'units' in e
        ? `${formatCount(e.units)} loops of ${e.avgFanOut.toFixed(1)} calls on average, ${formatMs(e.totalMs)}`
        : `${e.callsPerParentRow.toFixed(1)} calls per parent row over ${formatCount(e.intervals)} intervals, ${formatMs(e.totalMs)}`;
      return {
        summary: `${f.status} (${f.confidence} confidence): ${oneLine(f.childQuery, 120)}`,
        detail: `${f.target}: ${evidence}; ${f.suggestion}`,
      };
    }),
  };
}

function replicaSection(db: Db, target: string | undefined): AdviceSection | undefined {
  const advice = adviseReplicas(db, target === undefined ? {} : { target }).flatMap((r) => r.advice.map((a) => ({ ...a, target: r.target })))
    .filter((a) => a.route !== 'primary')
    .sort((a, b) => b.loadShare - a.loadShare);
  if (advice.length === 0) return undefined;
  return {
    title: 'Replica routing', command: `qprof advise replicas${target ? ` --target ${target}` : ''}`, total: advice.length,
    items: advice.slice(0, top).map((a) => ({
      summary: `${a.route === 'replica' ? 'to a replica' : 'to a replica, conditionally'}: ${oneLine(a.query, 120)}`,
      detail: `${a.target}: ${formatShare(a.loadShare)} of the primary's statement time${a.condition ? `; ${a.condition}` : a.reasons[0] ? `; ${a.reasons[0]}` : ''}`,
    })),
  };
}

export async function readAdviceSections(db: Db, options: AdviceOptions = {}): Promise<ReportData['advice']> {
  const attempt = async <T>(name: string, fn: () => Promise<T> | T): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (error) {
      options.onError?.(name, error);
      return undefined;
    }
  };
  const indexes = await attempt('index advisor', () => indexSection(db, options.target));
  const nPlusOne = await attempt('N+1 detector', () => nPlusOneSection(db, options.target));
  const replicas = await attempt('replica advisor', () => replicaSection(db, options.target));
  return { ...(indexes ? { indexes } : {}), ...(nPlusOne ? { nPlusOne } : {}), ...(replicas ? { replicas } : {}) };
}
