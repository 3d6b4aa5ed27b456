import { ContextRecord, makeRecord, TOMBSTONE_CONTENT_TYPE } from '../store/contextRecord';

/**
 * A small, realistic context store for the demo, the walkthrough and the
 * tests: multi-turn support chats with tool calls, scored answer candidates
 * (reward, label, rank, group_id), verifier-scored math rollouts, several
 * tenants and sources, lifecycle events (contradicted, retired, expired,
 * superseded, deleted) and embeddings with planted near-duplicates. The same
 * seed always yields the same records.
 */

export const DEMO_DIM = 32;
const BASE = Date.UTC(2025, 5, 2, 9, 0, 0) * 1000; // µs
const MINUTE = 60_000_000;

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Topic {
  name: string;
  centre: Float32Array;
}

const TENANTS = ['acme', 'globex', 'initech'];
const SOURCES = ['chat-web', 'api', 'eval-harness'];

/** The demo's records, grouped into the versions they are written in. */
export function demoVersions(seed = 7): ContextRecord[][] {
  const random = prng(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const topicNames = ['billing', 'weather', 'code-review', 'math', 'travel', 'cooking'];
  const topics: Topic[] = topicNames.map((name) => ({ name, centre: unit(Float32Array.from({ length: DEMO_DIM }, gaussian)) }));
  const embed = (topic: Topic, spread = 0.55) =>
    unit(Float32Array.from(topic.centre, (x) => x + spread * gaussian() / Math.sqrt(DEMO_DIM) * 2.2));
  const nudge = (v: Float32Array, amount = 0.01) => unit(Float32Array.from(v, (x) => x + amount * gaussian() / Math.sqrt(DEMO_DIM)));

  let clock = BASE;
  const tick = (minutes = 1) => (clock += minutes * MINUTE + Math.floor(random() * 20) * 1_000_000);
  let counter = 0;
  const record = (fields: Partial<ContextRecord> & Pick<ContextRecord, 'role' | 'text_payload'>): ContextRecord =>
    makeRecord(
      { id: `r${String(++counter).padStart(4, '0')}`, run_id: 'run-2025-06', created_at: tick(), role: fields.role, text_payload: fields.text_payload },
      { bot_id: 'helper-bot', ...fields },
    );
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const tokens = (text: string) => ({ step: null, active_plan_id: null, tokens_used: Math.round(text.split(/\s+/).length * 1.3), custom: null });

  const v1: ContextRecord[] = [];
  const v2: ContextRecord[] = [];
  const v3: ContextRecord[] = [];
  const v4: ContextRecord[] = [];

  // --- support chats (SFT), some with tool calls --------------------------------
  const chats: { topic: string; turns: [string, string][] }[] = [
    { topic: 'billing', turns: [['user', 'I was charged twice for my May invoice. Can you check?'], ['assistant', 'I can help with that. Could you share the invoice number?'], ['user', 'It is INV-20931.'], ['assistant', 'Thanks. I see two charges for INV-20931; I have refunded the duplicate. It will show in 3-5 business days.']] },
    { topic: 'billing', turns: [['user', 'How do I switch from monthly to annual billing?'], ['assistant', 'Go to Settings → Billing → Plan and choose "Annual". The price difference is prorated.'], ['user', 'Will I lose my current discount?'], ['assistant', 'No, existing discounts carry over to the annual plan.']] },
    { topic: 'weather', turns: [['system', 'You are a travel assistant with a weather tool.'], ['user', 'What is the weather in Oslo right now?'], ['assistant', '{"tool_call":{"name":"get_weather","arguments":{"city":"Oslo"}}}'], ['tool', '{"city":"Oslo","temp_c":14,"conditions":"light rain"}'], ['assistant', 'It is 14 °C with light rain in Oslo. Bring an umbrella.']] },
    { topic: 'weather', turns: [['user', 'Will it be sunny in Lisbon tomorrow?'], ['assistant', '{"tool_call":{"name":"get_forecast","arguments":{"city":"Lisbon","days":1}}}'], ['tool', '{"city":"Lisbon","tomorrow":{"high_c":27,"conditions":"sunny"}}'], ['assistant', 'Yes: sunny tomorrow in Lisbon, with a high of 27 °C.']] },
    { topic: 'code-review', turns: [['user', 'Can you review this function? def add(a, b): return a - b'], ['assistant', 'The function is named add but subtracts: `return a - b` should be `return a + b`. Consider adding a unit test.'], ['user', 'Good catch, thanks!'], ['assistant', 'You are welcome. A test like `assert add(2, 3) == 5` would have caught it.']] },
    { topic: 'code-review', turns: [['system', 'You review Python code for correctness and style.'], ['user', 'Is it fine to use a mutable default argument like def f(x=[])?'], ['assistant', 'No: the list is created once and shared between calls. Use `x=None` and create the list inside the function.']] },
    { topic: 'travel', turns: [['user', 'Book me a train from Berlin to Prague on Friday morning.'], ['assistant', '{"tool_call":{"name":"search_trains","arguments":{"from":"Berlin","to":"Prague","date":"Friday","window":"morning"}}}'], ['tool', '[{"dep":"08:46","arr":"13:11","price_eur":39.9},{"dep":"10:46","arr":"15:11","price_eur":44.9}]'], ['assistant', 'I found two: 08:46 → 13:11 for €39.90 and 10:46 → 15:11 for €44.90. Which one should I book?'], ['user', 'The first one.'], ['assistant', 'Booked the 08:46 train. Your confirmation code is PRG-7731.']] },
    { topic: 'cooking', turns: [['user', 'What can I cook with eggs, spinach and feta?'], ['assistant', 'A spinach and feta omelette: wilt the spinach, pour in beaten eggs, crumble feta on top and fold.'], ['user', 'Any tips to keep it fluffy?'], ['assistant', 'Whisk the eggs well, cook on medium-low heat and take it off while the top is still slightly wet.']] },
    { topic: 'cooking', turns: [['user', 'How long should I boil an egg for a runny yolk?'], ['assistant', 'About 6 minutes from boiling water, then straight into cold water.']] },
    { topic: 'travel', turns: [['user', 'Do I need a visa to visit Japan with an EU passport?'], ['assistant', 'For stays up to 90 days for tourism, most EU passport holders do not need a visa. Check the embassy site before you travel.']] },
    { topic: 'billing', turns: [['user', 'Please cancel my subscription.'], ['assistant', 'I have scheduled the cancellation for the end of the current billing period, 30 June. You keep access until then.']] },
    { topic: 'math', turns: [['user', 'Explain why the derivative of x^2 is 2x.'], ['assistant', 'Using the limit definition: ((x+h)^2 - x^2)/h = (2xh + h^2)/h = 2x + h, which tends to 2x as h → 0.']] },
  ];
  const chatRecords: ContextRecord[][] = [];
  chats.forEach((chat, index) => {
    const topic = topics[topicNames.indexOf(chat.topic)];
    const session = `chat-${String(index + 1).padStart(2, '0')}`;
    const tenant = TENANTS[index % 3];
    const source = index % 4 === 3 ? 'api' : 'chat-web';
    tick(30);
    const turns = chat.turns.map(([role, text], turn) =>
      record({
        role,
        text_payload: text,
        session_id: session,
        tenant,
        source,
        external_id: `${session}#turn-${turn + 1}`,
        state_metadata: role === 'assistant' && index % 2 === 0 ? tokens(text) : null,
        metadata: role === 'assistant' && index % 3 === 0 ? { reward: round(0.55 + 0.45 * random()), reward_source: 'judge' } : null,
        embedding: role === 'tool' ? null : embed(topic),
      }),
    );
    chatRecords.push(turns);
    (index < 8 ? v1 : v2).push(...turns);
  });

  // --- a long tail of shorter support conversations -----------------------------
  const faq: Record<string, [string, string][]> = {
    billing: [
      ['Where can I download my invoices?', 'All invoices are under Settings → Billing → Invoices, as PDF.'],
      ['Can I add a VAT number to my account?', 'Yes. Add it under Settings → Billing → Tax details; future invoices will show it.'],
      ['Why did my card get declined?', 'Usually the bank blocked an online payment. Try again or use another card; nothing was charged.'],
      ['Do you offer discounts for non-profits?', 'Yes, 30% off on any plan. Send us your registration document to apply.'],
    ],
    weather: [
      ['Is it going to snow in Denver this weekend?', 'The forecast shows light snow on Saturday night and a dry Sunday.'],
      ['What does a UV index of 8 mean?', 'Very high: unprotected skin can burn in about 15 minutes. Use sunscreen and shade.'],
      ['How windy will it be in Wellington today?', 'Gusts up to 70 km/h this afternoon; secure loose items outside.'],
    ],
    'code-review': [
      ['Should I catch Exception everywhere in my Python service?', 'No. Catch the specific exceptions you can handle, and let others reach a top-level handler that logs them.'],
      ['Is it okay to commit my .env file?', 'No: it usually holds secrets. Add it to .gitignore and commit a .env.example instead.'],
      ['How should I name boolean variables?', 'Use a predicate form such as is_ready, has_access or should_retry.'],
      ['What is wrong with `if x == None:`?', 'Use `if x is None:`; `==` can be overridden and is slower.'],
    ],
    math: [
      ['What is a prime number?', 'A whole number greater than 1 whose only divisors are 1 and itself.'],
      ['How do I compute a percentage increase?', 'Subtract the old value from the new one, divide by the old value and multiply by 100.'],
      ['What is the area of a circle with radius 3?', 'π · 3² = 9π ≈ 28.27.'],
    ],
    travel: [
      ['Can I bring a power bank in checked luggage?', 'No, power banks must go in your carry-on bag.'],
      ['How early should I arrive for an international flight?', 'About three hours before departure is a safe rule.'],
      ['Is tipping expected in Japan?', 'No, tipping is not customary and can cause confusion.'],
    ],
    cooking: [
      ['How do I stop pasta from sticking?', 'Use plenty of boiling salted water and stir in the first two minutes.'],
      ['Can I freeze cooked rice?', 'Yes. Cool it quickly, freeze in portions and reheat until steaming hot.'],
      ['What can replace eggs in baking?', 'A tablespoon of ground flax mixed with three of water replaces one egg.'],
    ],
  };
  const followUps: [string, string][] = [
    ['Thanks, that helps.', 'Glad to help! Anything else?'],
    ['Could you give me more detail?', 'Sure. The short version above covers the usual case; tell me your exact situation and I will go through it step by step.'],
    ['Is there a link to the documentation?', 'Yes, the help centre has a full article on this under the same title.'],
  ];
  let tail = 0;
  for (let round = 0; round < 3; round++) {
    for (const name of topicNames) {
      for (const [question, answer] of faq[name]) {
        const topic = topics[topicNames.indexOf(name)];
        const session = `faq-${String(++tail).padStart(3, '0')}`;
        const tenant = pick(TENANTS);
        const source = pick(SOURCES.slice(0, 2));
        tick(25);
        const turns: [string, string][] = [['user', round === 0 ? question : `${question} (${['again', 'follow-up', 'new account'][round]})`], ['assistant', answer]];
        const extra = Math.floor(random() * 3);
        for (let k = 0; k < extra; k++) turns.push(['user', followUps[(tail + k) % 3][0]], ['assistant', followUps[(tail + k) % 3][1]]);
        const out = turns.map(([role, text]) =>
          record({
            role,
            text_payload: text,
            session_id: session,
            tenant,
            source,
            bot_id: name === 'travel' ? 'travel-bot' : 'helper-bot',
            state_metadata: tail % 3 === 0 ? tokens(text) : null,
            metadata: role === 'assistant' && tail % 2 === 0 ? { reward: round2(0.3 + 0.7 * random()), reward_source: 'judge', topic: name } : { topic: name },
            embedding: embed(topic),
          }),
        );
        (tail % 2 === 0 ? v1 : v2).push(...out);
      }
    }
  }

  // --- preference candidates: a prompt and scored answers ----------------------
  const prompts = [
    { topic: 'code-review', prompt: 'Write a Python function that reverses a string.', answers: ['def reverse(s): return s[::-1]', 'def reverse(s):\n    out = ""\n    for ch in s: out = ch + out\n    return out', 'Use reversed().'] },
    { topic: 'math', prompt: 'What is the sum of the first 100 positive integers?', answers: ['5050, by Gauss: n(n+1)/2 = 100·101/2.', 'It is 5000.', '5050.'] },
    { topic: 'billing', prompt: 'Summarize our refund policy in one sentence.', answers: ['Refunds are available within 30 days of purchase for unused plans.', 'We do refunds sometimes.', 'Within 30 days you can get a full refund if the plan is unused; after that, credit only.'] },
    { topic: 'cooking', prompt: 'Give me a quick vegetarian dinner idea.', answers: ['Chickpea curry with spinach, ready in 20 minutes.', 'Eat a salad.', 'A mushroom risotto takes about 35 minutes and uses pantry staples.', 'Veggie tacos with black beans, corn and salsa.'] },
    { topic: 'travel', prompt: 'What should I pack for a weekend in Edinburgh in October?', answers: ['Layers, a waterproof jacket and comfortable walking shoes.', 'Shorts.', 'A warm jumper, rain jacket, umbrella and shoes for cobbles.'] },
    { topic: 'weather', prompt: 'Explain what a dew point is.', answers: ['The temperature at which air becomes saturated and water condenses.', 'It is when it rains.', 'The dew point is the temperature to which air must cool, at constant pressure, to reach 100% humidity.'] },
    { topic: 'code-review', prompt: 'Is this SQL safe? "SELECT * FROM users WHERE name = \'" + name + "\'"', answers: ['No. It is vulnerable to SQL injection; use parameterized queries.', 'Yes, it is fine.'] },
    { topic: 'math', prompt: 'Is 221 a prime number?', answers: ['No: 221 = 13 × 17.', 'Yes, 221 is prime.', 'No, it is divisible by 13.'] },
  ];
  prompts.forEach((item, index) => {
    const topic = topics[topicNames.indexOf(item.topic)];
    const session = `pref-${String(index + 1).padStart(2, '0')}`;
    const group = `g-pref-${index + 1}`;
    tick(45);
    const tenant = TENANTS[(index + 1) % 3];
    const out: ContextRecord[] = [record({ role: 'user', text_payload: item.prompt, session_id: session, tenant, source: 'eval-harness', embedding: embed(topic) })];
    const scores = item.answers.map(() => round(random()));
    const order = [...scores.keys()].sort((a, b) => scores[b] - scores[a]);
    item.answers.forEach((answer, k) => {
      const meta: Record<string, unknown> = { reward: scores[k], reward_source: index % 2 ? 'judge' : 'human', group_id: group, rank: order.indexOf(k) + 1 };
      if (order.indexOf(k) === 0) meta.label = 'chosen';
      else if (order.indexOf(k) === order.length - 1) meta.label = 'rejected';
      out.push(record({ role: 'assistant', text_payload: answer, session_id: session, tenant, source: 'eval-harness', metadata: meta, embedding: embed(topic) }));
    });
    (index < 5 ? v1 : v2).push(...out);
  });

  // --- RL rollouts: math problems with verifier-scored samples ------------------
  const problems = [
    ['Compute 17 × 23.', '391', ['17 × 23 = 391.', '17 × 23 = 381.', '391', 'It is 17·20 + 17·3 = 340 + 51 = 391.']],
    ['Solve for x: 3x + 5 = 20.', '5', ['x = 5', 'x = 15/3 = 5.', 'x = 25/3', 'x = 4']],
    ['What is 2^10?', '1024', ['1024', '2^10 = 1000', '1,024', '512']],
    ['How many minutes are in 3.5 hours?', '210', ['210 minutes.', '3.5 × 60 = 210.', '350 minutes.', '180']],
    ['What is the greatest common divisor of 84 and 36?', '12', ['12', 'GCD(84, 36) = 12.', '6', '4']],
    ['Convert 0.375 to a fraction in lowest terms.', '3/8', ['3/8', '375/1000', '3/8, since 0.375 = 375/1000 = 3/8.', '1/3']],
    ['What is the square root of 169?', '13', ['13', '±13 (principal root 13).', '14', '12.5']],
    ['A train travels 120 km in 1.5 hours. What is its average speed?', '80 km/h', ['80 km/h', '120/1.5 = 80 km/h.', '60 km/h', '180 km/h']],
    ['What is 15% of 240?', '36', ['36', '0.15 × 240 = 36.', '24', '3.6']],
    ['How many edges does a cube have?', '12', ['12', 'A cube has 12 edges.', '8', '6']],
  ] as const;
  problems.forEach(([question, answer, samples], index) => {
    const topic = topics[topicNames.indexOf('math')];
    const session = `rollout-${String(index + 1).padStart(2, '0')}`;
    const group = `g-rl-${index + 1}`;
    tick(20);
    const tenant = TENANTS[index % 3];
    const out: ContextRecord[] = [record({ role: 'user', text_payload: question, session_id: session, tenant, source: 'eval-harness', embedding: embed(topic) })];
    samples.forEach((sample) => {
      const correct = sample.replace(/[ ,]/g, '').includes(answer.replace(/[ ,]/g, '')) ? 1 : 0;
      out.push(
        record({
          role: 'assistant',
          text_payload: sample,
          session_id: session,
          tenant,
          source: 'eval-harness',
          run_id: 'grpo-run-14',
          metadata: { reward: correct, reward_source: index % 3 === 2 ? 'tests' : 'verifier', group_id: group },
          state_metadata: tokens(sample),
          embedding: embed(topic, 0.7),
        }),
      );
    });
    (index < 6 ? v1 : v2).push(...out);
  });

  // --- planted near-duplicates: re-asked questions with almost the same vector ---
  chatRecords.slice(0, 6).forEach((turns, index) => {
    const original = turns.find((r) => r.role === 'user')!;
    const session = `dup-${String(index + 1).padStart(2, '0')}`;
    tick(15);
    v2.push(
      record({
        role: 'user',
        text_payload: original.text_payload!.replace(/\.$/, '') + (index % 2 ? ' please' : '?'),
        session_id: session,
        tenant: original.tenant,
        source: 'api',
        embedding: nudge(original.embedding!, 0.004),
      }),
      record({ role: 'assistant', text_payload: 'Let me look into that for you.', session_id: session, tenant: original.tenant, source: 'api', embedding: embed(topics[0], 0.9) }),
    );
  });

  // --- lifecycle: contradicted, expired, retired, superseded, deleted -----------
  const facts = topics[topicNames.indexOf('billing')];
  const fact = (text: string, fields: Partial<ContextRecord> = {}) =>
    record({ role: 'assistant', text_payload: text, session_id: 'kb-billing', tenant: 'acme', source: 'memory', embedding: embed(facts), ...fields });
  v1.push(
    record({ role: 'user', text_payload: 'What payment methods do you accept?', session_id: 'kb-billing', tenant: 'acme', source: 'memory', embedding: embed(facts) }),
    fact('We accept cards and PayPal.'),
    fact('We accept only bank transfers.', { lifecycle_status: 'contradicted' }),
    fact('Summer promo: 20% off annual plans until 1 March 2025.', { expires_at: Date.UTC(2025, 2, 1) * 1000, retention_policy: 'promo' }),
    fact('Invoices are emailed on the 1st of each month.'),
    fact('Legacy plans can be paused for 3 months.'),
  );
  const keep = v1.filter((r) => r.session_id === 'kb-billing');
  const invoiceFact = keep[4];
  const legacyFact = keep[5];
  tick(60 * 24);
  v3.push(
    // an update: the new record supersedes the old one (which stays in storage)
    fact('Invoices are emailed on the 1st of each month and are also available in Settings → Billing.', { supersedes_id: invoiceFact.id }),
    // a retirement: the same id rewritten with retired status (last row wins)
    { ...legacyFact, lifecycle_status: 'retired', retired_at: clock, retired_reason: 'legacy plans discontinued' },
    fact('Enterprise customers can pay by invoice with 30-day terms.', { lifecycle_status: 'contradicted' }),
  );
  // a deletion: tombstones for one chat answer and one rollout sample
  const deletedChat = chatRecords[1][3];
  tick(60 * 24);
  v4.push(
    { ...deletedChat, created_at: tick(), content_type: TOMBSTONE_CONTENT_TYPE, text_payload: null, metadata: null, embedding: null, state_metadata: null },
  );
  return [v1, v2, v3, v4];
}

function unit(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return v.map((x) => x / norm);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
