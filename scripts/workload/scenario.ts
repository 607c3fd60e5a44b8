/**
 * What a scenario is: one kind of request of the shop app (a page, an API call, a job), the statements it
 * may send, and the patterns it plants on purpose.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine } from '../../agent/events.js';
import type { Prng } from './prng.js';
import type { Recorder } from './recorder.js';
import type { Sizes } from './seed-plan.js';
import type { ShopSession } from './session.js';
import type { StatementDef, TagStyle } from './statement.js';

/**
 * Which app process runs a scenario. Workers are split across roles (like separate app servers with their
 * own pools), so a web page's plain reads do not follow an API writer's writes on the same connection.
 */
export type Role = 'web' | 'writer' | 'jobs';

/** Gaps the app leaves, in milliseconds [min, max]; written into the ground truth. */
export const timing = {
  /** Between iterations of a planted N+1 loop (same connection). */
  loopGapMs: [0, 2],
  /** Between a write and the read-your-writes read that follows it. */
  readAfterWriteGapMs: [1, 20],
  /** Think time between two requests of one worker. */
  thinkMs: [40, 120],
} as const;

export interface NPlusOnePlant {
  /** Loop name used by `ScenarioContext.loop`. */
  readonly loop: string;
  readonly parent: string;
  /** One child shape, or 2–4 shapes that repeat together per parent row. */
  readonly children: readonly string[];
}

export interface ReadYourWritesPlant {
  readonly write: string;
  readonly read: string;
  readonly table: string;
}

export interface Scenario {
  readonly name: string;
  readonly role: Role;
  /** Relative frequency among the scenarios of its role. */
  readonly weight: number;
  readonly tags?: Readonly<Record<string, string>>;
  readonly tagStyle?: TagStyle;
  readonly statements: readonly StatementDef[];
  readonly nPlusOne?: readonly NPlusOnePlant[];
  readonly readYourWrites?: readonly ReadYourWritesPlant[];
  run(ctx: ScenarioContext): Promise<void>;
}

export interface ScenarioContext {
  readonly engine: Engine;
  readonly rng: Prng;
  readonly db: ShopSession;
  readonly sizes: Sizes;
  /** Runs `body` per item with loop gaps between iterations, and records the fan-out for the ground truth. */
  loop<T>(name: string, items: readonly T[], body: (item: T) => Promise<void>): Promise<void>;
  /** A pause of [min, max] ms. */
  pause(range: readonly [number, number]): Promise<void>;
}

export function createContext(engine: Engine, rng: Prng, db: ShopSession, sizes: Sizes, recorder: Recorder): ScenarioContext {
  const pause = (range: readonly [number, number]) => sleep(rng.int(range[0], range[1]));
  return {
    engine, rng, db, sizes, pause,
    async loop(name, items, body) {
      for (let i = 0; i < items.length; i++) {
        if (i > 0) await pause(timing.loopGapMs);
        await body(items[i]);
      }
      recorder.recordLoop(name, db.sessionId, items.length);
    },
  };
}
