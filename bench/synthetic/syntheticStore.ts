import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildContextSchema, ContextRecord, makeRecord, resolveStoreLocation } from '../../src/core';
import { recordsToArrow } from '../../src/core/store/recordsToArrow';
import { writeArrowTable } from '../../src/core/store/arrowIpcWriter';
import { SeededRandom, ZipfSampler } from './seededRandom';
import { SyntheticText } from './syntheticText';
import { TopicEmbeddings } from './topicEmbeddings';

/** Bump when the generator's output changes, so cached stores are rebuilt. */
const GENERATOR_VERSION = 1;

export interface SyntheticStoreOptions {
  records: number;
  dim: number;
  /** Number of topics; their popularity follows Zipf's law (s = 1). */
  topics: number;
  /** Fraction of records planted as near-duplicates of an earlier record. */
  duplicateFraction: number;
  seed: number;
  /** Records per written version (bounds the generator's memory). */
  chunk: number;
}

export const DEFAULT_STORE_OPTIONS: Omit<SyntheticStoreOptions, 'records' | 'dim'> = {
  topics: 1000,
  duplicateFraction: 0.1,
  seed: 1,
  chunk: 50_000,
};

/** Where the store for `options` is cached. */
export function syntheticStorePath(options: SyntheticStoreOptions, root = path.join(os.tmpdir(), 'lance-curator-bench')): string {
  const key = `ctx-n${options.records}-d${options.dim}-t${options.topics}-p${options.duplicateFraction}-s${options.seed}-g${GENERATOR_VERSION}`;
  return path.join(root, `${key}.lance`);
}

/** The cached store for `options`, generated first when absent (a `.complete` marker guards against partial stores). */
export async function ensureSyntheticStore(
  options: SyntheticStoreOptions,
  log: (message: string) => void = () => {},
  root?: string,
): Promise<string> {
  const store = syntheticStorePath(options, root);
  const marker = `${store}.complete`;
  if (fs.existsSync(marker)) return store;
  fs.rmSync(store, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(store), { recursive: true });
  const started = Date.now();
  const generator = new SyntheticSessions(options);
  const schema = buildContextSchema({ embeddingDim: options.dim, distanceMetric: 'cosine' });
  const location = resolveStoreLocation(store);
  let written = 0;
  while (written < options.records) {
    const records = generator.take(Math.min(options.chunk, options.records - written));
    await writeArrowTable(location, recordsToArrow(records, schema));
    written += records.length;
    log(`generated ${written}/${options.records} records (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  fs.writeFileSync(marker, JSON.stringify({ ...options, generator: GENERATOR_VERSION }, null, 2));
  return store;
}

const TENANTS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka'];
const SOURCES = ['chat-web', 'api', 'eval-harness', 'mobile'];
const BOTS = ['support-bot', 'coder', 'tutor', 'planner', 'researcher'];
const MODELS = ['m-small-2025-05', 'm-large-2025-06', 'm-reasoning-2025-07'];
const BASE_MICROS = Date.UTC(2025, 0, 1) * 1000;

interface Remembered {
  text: string;
  embedding: Float32Array;
  topic: number;
}

/**
 * Sessions of a conversation log: chats (alternating user and assistant
 * turns, 2–8 records, rewards on most assistant turns) and rollout groups (a
 * prompt and 2–4 scored candidates sharing a `group_id`), in time order. A
 * planted near-duplicate copies an earlier record's text with small edits and
 * its embedding at cosine similarity 0.93–1.
 */
export class SyntheticSessions {
  private readonly random: SeededRandom;
  private readonly topics: ZipfSampler;
  private readonly tenants: ZipfSampler;
  private readonly embeddings: TopicEmbeddings;
  private readonly text: SyntheticText;
  private readonly memory: Remembered[] = [];
  private session = 0;
  private index = 0;
  private clock = BASE_MICROS;
  private pending: ContextRecord[] = [];

  constructor(private readonly options: SyntheticStoreOptions) {
    this.random = new SeededRandom(options.seed);
    this.topics = new ZipfSampler(options.topics, 1);
    this.tenants = new ZipfSampler(TENANTS.length, 1);
    this.embeddings = new TopicEmbeddings(options.dim, options.topics, this.random);
    this.text = new SyntheticText(options.topics, this.random);
  }

  take(count: number): ContextRecord[] {
    while (this.pending.length < count) this.pending.push(...this.nextSession());
    const out = this.pending.slice(0, count);
    this.pending = this.pending.slice(count);
    return out;
  }

  private nextSession(): ContextRecord[] {
    const r = this.random;
    const s = this.session++;
    const topic = this.topics.sample(r);
    const rollout = r.next() < 0.3;
    const context = {
      session: `sess-${s.toString(36).padStart(6, '0')}`,
      run: `run-${Math.floor(s / 40)}`,
      bot: r.pick(BOTS),
      tenant: TENANTS[this.tenants.sample(r)],
      source: r.pick(SOURCES),
      model: r.pick(MODELS),
    };
    const roles: string[] = [];
    if (rollout) {
      roles.push('user');
      const candidates = 2 + r.int(3);
      for (let i = 0; i < candidates; i++) roles.push('assistant');
    } else {
      const turns = 2 + r.int(7);
      for (let i = 0; i < turns; i++) roles.push(i % 2 === 0 ? 'user' : r.next() < 0.08 ? 'tool' : 'assistant');
    }
    return roles.map((role, turn) => this.record(role, turn, topic, rollout, context));
  }

  private record(
    role: string,
    turn: number,
    topic: number,
    rollout: boolean,
    context: { session: string; run: string; bot: string; tenant: string; source: string; model: string },
  ): ContextRecord {
    const r = this.random;
    let text: string;
    let embedding: Float32Array;
    if (this.memory.length > 0 && r.next() < this.options.duplicateFraction) {
      const original = r.pick(this.memory);
      const roll = r.next();
      const similarity = roll < 0.1 ? 1 : roll < 0.8 ? r.uniform(0.96, 0.999) : r.uniform(0.93, 0.96);
      text = similarity >= 1 ? original.text : this.text.nearDuplicate(original.text);
      embedding = this.embeddings.nearDuplicate(original.embedding, similarity);
    } else {
      text = this.text.message(role, topic);
      embedding = this.embeddings.record(topic);
    }
    this.remember({ text, embedding, topic });
    this.clock += Math.round(r.uniform(1, 90) * 1e6);
    const index = this.index++;
    const metadata: Record<string, unknown> = { model: context.model, lang: 'en', turn };
    if (role === 'assistant' && (rollout || r.next() < 0.6)) {
      metadata.reward = Math.round(Math.pow(r.next(), 0.7) * 1000) / 1000;
      metadata.reward_source = rollout ? 'verifier' : r.next() < 0.7 ? 'judge' : 'human';
      if (rollout) metadata.group_id = `grp-${context.session}`;
      if (!rollout && r.next() < 0.05) metadata.label = r.next() < 0.5 ? 'chosen' : 'rejected';
    }
    if (r.next() < 0.2) metadata.latency_ms = Math.round(r.logNormal(6, 0.8));
    const retired = r.next() < 0.005;
    // Field order matters: it is the order the PRNG is drawn in (external_id, then state_metadata).
    return makeRecord(
      { id: `rec-${this.options.seed.toString(36)}-${index.toString(36).padStart(7, '0')}`, run_id: context.run, created_at: this.clock, role, text_payload: text },
      {
        external_id: r.next() < 0.3 ? `ext-${context.session}:${turn}` : null,
        bot_id: context.bot,
        session_id: context.session,
        tenant: context.tenant,
        source: context.source,
        state_metadata: r.next() < 0.7 ? { step: turn, active_plan_id: null, tokens_used: Math.round(text.length / 4), custom: null } : null,
        metadata,
        lifecycle_status: retired ? 'retired' : 'active',
        retired_at: retired ? this.clock : null,
        retired_reason: retired ? 'policy' : null,
        embedding,
      },
    );
  }

  /** Keeps a bounded random sample of earlier records as near-duplicate sources. */
  private remember(item: Remembered): void {
    if (this.memory.length < 20_000) this.memory.push(item);
    else if (this.random.next() < 0.1) this.memory[this.random.int(this.memory.length)] = item;
  }
}
