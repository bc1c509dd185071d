'use strict';
// The Sequelize peer of quarry's runtime benchmark: workloads a to g of bench/common.hpp, written
// the way a Sequelize user writes them (models from sequelize.define, model instances rather than
// raw rows, the ordinary Model calls).
//
//   node bench.js <url> [rows] [rounds]
//     url: postgres://user:pass@host:port/db | mysql://user:pass@host:port/db | sqlite:/path/file.db
//     rows: default 100000 (a, b, c and d use rows; e does rows/10 updates; g's request counts
//           scale with rows/100000, at least 1 each)
//     rounds: default 5
//
// Output (stdout), one line per round and workload, tab separated:
//   result <dialect> <workload> sequelize <round> <ops_per_second>
// (rounds counted from 0, as quarry_bench writes them)
// then, from a fresh child process that runs c once on the users left by the last round:
//   memory <dialect> c sequelize <peak_rss_kib>
// Progress goes to stderr, with each run's check sum: the same sums as quarry_bench's, but for e
// on MariaDB, where Sequelize's connection counts the rows changed, not matched (-FOUND_ROWS).
//
// Each round recreates every table (sync({force: true})) and seeds what a workload reads outside
// the timed part. The pool holds at most one connection, because the C++ contenders use one
// connection.

const { spawnSync } = require('child_process');
const { Sequelize, DataTypes } = require('sequelize');

// ---- The deterministic inputs of bench/common.hpp ----

const MASK64 = (1n << 64n) - 1n;

/// common.hpp's Random: xorshift on 64 bits (BigInt, kept modulo 2^64).
class Random {
  constructor(seed) {
    this.state = (BigInt(seed) * 0x9e3779b97f4a7c15n + 1n) & MASK64;
  }
  /// 1..n
  next(n) {
    let s = this.state;
    s ^= (s << 13n) & MASK64;
    s ^= s >> 7n;
    s ^= (s << 17n) & MASK64;
    this.state = s;
    return Number(s % BigInt(n)) + 1;
  }
}

const BASE_MS = 1700000000 * 1000;

/// common.hpp's make_users. created_at is 1700000000 s + i * 1000003 µs; a JavaScript Date holds
/// milliseconds, so the microseconds below the millisecond (3 * i mod 1000) are dropped.
function makeUsers(n) {
  const out = new Array(n);
  for (let i = 1; i <= n; ++i) {
    out[i - 1] = {
      name: `user ${i}`,
      email: `user${i}@example.com`,
      age: 18 + (i % 60),
      created_at: new Date(BASE_MS + Math.floor((i * 1000003) / 1000)),
    };
  }
  return out;
}

/// common.hpp's make_fortunes.
function makeFortunes() {
  return [
    { id: 1, message: 'fortune: No such file or directory' },
    { id: 2, message: "A computer scientist is someone who fixes things that aren't broken." },
    { id: 3, message: 'After enough decimal places, nobody gives a damn.' },
    { id: 4, message: 'A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1' },
    { id: 5, message: 'A computer program does what you tell it to do, not what you want it to do.' },
    { id: 6, message: 'Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen' },
    { id: 7, message: 'Any program that runs right is obsolete.' },
    { id: 8, message: 'A list is only as strong as its weakest link. — Donald Knuth' },
    { id: 9, message: 'Feature: A bug with seniority.' },
    { id: 10, message: 'Computers make very fast, very accurate mistakes.' },
    { id: 11, message: '<script>alert("This should not be displayed in a browser alert box.");</script>' },
    { id: 12, message: 'フレームワークのベンチマーク' },
  ];
}

// Sizes and inputs, as bench/runtime.cpp makes them (so that both read and write the same rows):
//   d: Random(42), rows ids of next(rows); e: the same generator goes on, rows/10 pairs of
//   (id = next(10000), random_number = next(10000)).
//   world: id 1..10000, random_number = Random(id).next(10000).
//   authors "author i", each with books "book j of author i", j = 1..10.
//   g: request r (from 0) takes its ids from Random(r + 1000), next(10000) each; g.updates takes
//   its 20 new random_numbers from Random(r + 500000 + 1000) the same way.
//   Requests per run: 20000 single, 2000 of 20 queries, 2000 of 20 updates, 20000 fortunes, all
//   scaled by rows/100000 (at least 1).
// Here every input is made before the timed part, and is the same in every round.
const WORLD_ROWS = 10000;
const AUTHORS = 1000;
const BOOKS_PER_AUTHOR = 10;
const TE_BATCH = 20; // worlds per request of g.queries and g.updates
const TE_REQUESTS = { single: 20000, queries: 2000, updates: 2000, fortunes: 20000 };

/// The ids (or new random_numbers) of TechEmpower request r.
function teIds(request, n) {
  const random = new Random(request + 1000);
  return repeat(n, () => random.next(WORLD_ROWS));
}

function repeat(n, f) {
  const out = new Array(n);
  for (let i = 0; i < n; ++i) out[i] = f(i);
  return out;
}

// ---- Connection and models ----

function connect(url) {
  const options = {
    logging: false,
    // One connection, as the C++ contenders have.
    pool: { max: 1, min: 0, acquire: 60000, idle: 10000 },
  };
  if (url.startsWith('sqlite:')) {
    let storage = url.slice('sqlite:'.length);
    if (storage.startsWith('//')) storage = storage.slice(2); // sqlite:///tmp/x.db
    return new Sequelize({ ...options, dialect: 'sqlite', storage });
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return new Sequelize(url.replace(/^postgresql:/, 'postgres:'), { ...options, dialect: 'postgres' });
  }
  if (url.startsWith('mysql://')) {
    // The server's default character set may be latin1: tables in utf8mb4, as quarry creates them.
    return new Sequelize(url, { ...options, dialect: 'mysql', define: { charset: 'utf8mb4', collate: 'utf8mb4_bin' } });
  }
  throw new Error(`unsupported url ${url}: expected postgres://, mysql:// or sqlite:`);
}

function defineModels(sequelize) {
  const World = sequelize.define(
    'World',
    {
      id: { type: DataTypes.BIGINT, primaryKey: true },
      random_number: { type: DataTypes.BIGINT },
    },
    { tableName: 'world', timestamps: false },
  );
  const User = sequelize.define(
    'User',
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      name: { type: DataTypes.STRING(100) },
      email: { type: DataTypes.STRING(200) },
      age: { type: DataTypes.INTEGER },
      created_at: { type: DataTypes.DATE(6) },
    },
    { tableName: 'users', timestamps: false },
  );
  const Author = sequelize.define(
    'Author',
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      name: { type: DataTypes.STRING(100) },
    },
    { tableName: 'authors', timestamps: false },
  );
  const Book = sequelize.define(
    'Book',
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      author_id: { type: DataTypes.BIGINT, references: { model: Author, key: 'id' } },
      title: { type: DataTypes.STRING(200) },
    },
    { tableName: 'books', timestamps: false },
  );
  const Fortune = sequelize.define(
    'Fortune',
    {
      id: { type: DataTypes.BIGINT, primaryKey: true },
      message: { type: DataTypes.STRING(2048) },
    },
    { tableName: 'fortune', timestamps: false },
  );
  Author.hasMany(Book, { as: 'books', foreignKey: 'author_id' });
  Book.belongsTo(Author, { as: 'author', foreignKey: 'author_id' });
  return { World, User, Author, Book, Fortune };
}

// ---- Seeding (never timed) ----

const SEED_CHUNK = 10000;

async function seedUsers(sequelize, { User }, rows) {
  await User.sync({ force: true });
  const users = makeUsers(rows);
  await sequelize.transaction(async (transaction) => {
    for (let at = 0; at < users.length; at += SEED_CHUNK)
      await User.bulkCreate(users.slice(at, at + SEED_CHUNK), { transaction });
  });
}

async function seedWorld(sequelize, { World }) {
  await World.sync({ force: true });
  const worlds = repeat(WORLD_ROWS, (i) => ({ id: i + 1, random_number: new Random(i + 1).next(10000) }));
  await sequelize.transaction(async (transaction) => {
    await World.bulkCreate(worlds, { transaction });
  });
}

async function seedAuthors(sequelize, { Author, Book }) {
  await Book.drop();
  await Author.sync({ force: true });
  await Book.sync({ force: true });
  await sequelize.transaction(async (transaction) => {
    const authors = await Author.bulkCreate(
      repeat(AUTHORS, (i) => ({ name: `author ${i + 1}` })),
      { transaction },
    );
    const books = [];
    for (const author of authors)
      for (let j = 1; j <= BOOKS_PER_AUTHOR; ++j) books.push({ author_id: author.id, title: `book ${j} of ${author.name}` });
    await Book.bulkCreate(books, { transaction });
  });
}

async function seedFortunes({ Fortune }) {
  await Fortune.sync({ force: true });
  await Fortune.bulkCreate(makeFortunes());
}

// ---- The workloads ----

// a. One Model.create per row inside one managed transaction; the sum of the assigned ids.
async function insertUsers(sequelize, { User }, users) {
  let sum = 0;
  await sequelize.transaction(async (transaction) => {
    for (const user of users) {
      const created = await User.create(user, { transaction });
      sum += Number(created.id);
    }
  });
  return sum;
}

// b. Model.bulkCreate in chunks of BULK_CHUNK rows, in one transaction; the sum of the assigned ids.
const BULK_CHUNK = 10000;
async function bulkUsers(sequelize, { User }, users) {
  let sum = 0;
  await sequelize.transaction(async (transaction) => {
    for (let at = 0; at < users.length; at += BULK_CHUNK) {
      const created = await User.bulkCreate(users.slice(at, at + BULK_CHUNK), { transaction });
      for (const user of created) sum += Number(user.id);
    }
  });
  return sum;
}

// c. Every user.
async function selectUsers({ User }) {
  const users = await User.findAll();
  return users.length;
}

// d. One findByPk per id; the sum of ages.
async function lookupUsers({ User }, ids) {
  let sum = 0;
  for (const id of ids) {
    const user = await User.findByPk(id);
    sum += user.age;
  }
  return sum;
}

// e. One Model.update per pair, in one managed transaction; the rows changed.
async function updateWorlds(sequelize, { World }, pairs) {
  let changed = 0;
  await sequelize.transaction(async (transaction) => {
    for (const [id, randomNumber] of pairs) {
      const [count] = await World.update({ random_number: randomNumber }, { where: { id }, transaction });
      changed += count;
    }
  });
  return changed;
}

// f. Every author with its books (one findAll with include); the number of books.
async function authorsWithBooks({ Author, Book }) {
  const authors = await Author.findAll({ include: [{ model: Book, as: 'books' }] });
  let books = 0;
  for (const author of authors) books += author.books.length;
  if (authors.length !== AUTHORS) throw new Error(`f: ${authors.length} authors`);
  return books;
}

// g. TechEmpower without HTTP.
async function teSingle({ World }, id) {
  const world = await World.findByPk(id);
  return world.toJSON();
}

async function teQueries({ World }, ids) {
  const worlds = [];
  for (const id of ids) worlds.push((await World.findByPk(id)).toJSON());
  return worlds;
}

// Reads the worlds one by one, then sets and saves each (one UPDATE per world, no transaction).
// save() skips a world whose random_number is unchanged: on MariaDB and SQLite that is 4 of the
// 40000 saves at 100000 rows (on PostgreSQL the BIGINT read back is a string, so none is skipped).
async function teUpdates({ World }, ids, numbers) {
  const worlds = [];
  for (const id of ids) worlds.push(await World.findByPk(id));
  for (let i = 0; i < worlds.length; ++i) {
    worlds[i].random_number = numbers[i];
    await worlds[i].save();
  }
  return worlds.map((world) => world.toJSON());
}

async function teFortunes({ Fortune }) {
  const fortunes = await Fortune.findAll();
  fortunes.push(Fortune.build({ id: 0, message: 'Additional fortune added at request time.' }));
  // By code unit, as the C++ contenders compare the bytes.
  fortunes.sort((x, y) => (x.message < y.message ? -1 : x.message > y.message ? 1 : 0));
  return fortunes.map((f) => f.toJSON());
}

// ---- Driver ----

async function timed(f) {
  const start = process.hrtime.bigint();
  const value = await f();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, value };
}

function scaled(n, rows) {
  return Math.max(1, Math.floor((n * rows) / 100000));
}

async function run(url, rows, rounds) {
  const sequelize = connect(url);
  const dialect = sequelize.getDialect();
  const models = defineModels(sequelize);
  await sequelize.authenticate();

  // Inputs, the same in every round.
  const users = makeUsers(rows);
  const random = new Random(42);
  const lookupIds = repeat(rows, () => random.next(rows));
  const pairs = repeat(Math.max(1, Math.floor(rows / 10)), () => {
    const id = random.next(WORLD_ROWS);
    return [id, random.next(10000)];
  });
  const te = {};
  for (const [name, full] of Object.entries(TE_REQUESTS)) te[name] = scaled(full, rows);
  const singleIds = repeat(te.single, (r) => teIds(r, 1)[0]);
  const queriesIds = repeat(te.queries, (r) => teIds(r, TE_BATCH));
  const updatesInputs = repeat(te.updates, (r) => ({ ids: teIds(r, TE_BATCH), numbers: teIds(r + 500000, TE_BATCH) }));

  const report = (workload, round, ops, { seconds, value }) => {
    const perSecond = ops / seconds;
    process.stdout.write(`result\t${dialect}\t${workload}\tsequelize\t${round}\t${perSecond.toFixed(0)}\n`);
    process.stderr.write(`  ${workload}: ${ops} ops in ${seconds.toFixed(3)} s (${JSON.stringify(value)})\n`);
  };

  for (let round = 0; round < rounds; ++round) {
    process.stderr.write(`${dialect}, round ${round + 1} of ${rounds}, ${rows} rows\n`);
    await sequelize.sync({ force: true });

    report('a', round, rows, await timed(() => insertUsers(sequelize, models, users)));

    await models.User.sync({ force: true });
    report('b', round, rows, await timed(() => bulkUsers(sequelize, models, users)));

    await seedUsers(sequelize, models, rows);
    report('c', round, rows, await timed(() => selectUsers(models)));
    report('d', round, rows, await timed(() => lookupUsers(models, lookupIds)));

    await seedWorld(sequelize, models);
    report('e', round, pairs.length, await timed(() => updateWorlds(sequelize, models, pairs)));

    await seedAuthors(sequelize, models);
    report('f', round, AUTHORS, await timed(() => authorsWithBooks(models)));

    await seedWorld(sequelize, models);
    await seedFortunes(models);
    // g.single and g.queries only read the world; g.updates starts from a fresh one, as in quarry_bench.
    report('g.single', round, te.single, await timed(async () => {
      let sum = 0;
      for (const id of singleIds) sum += Number((await teSingle(models, id)).random_number);
      return sum;
    }));
    report('g.queries', round, te.queries, await timed(async () => {
      let sum = 0;
      for (const ids of queriesIds) for (const world of await teQueries(models, ids)) sum += Number(world.random_number);
      return sum;
    }));
    await seedWorld(sequelize, models);
    report('g.updates', round, te.updates, await timed(async () => {
      let sum = 0;
      for (const { ids, numbers } of updatesInputs)
        for (const world of await teUpdates(models, ids, numbers)) sum += Number(world.random_number);
      return sum;
    }));
    report('g.fortunes', round, te.fortunes, await timed(async () => {
      let sum = 0;
      for (let i = 0; i < te.fortunes; ++i) sum += Number((await teFortunes(models))[0].id);
      return sum;
    }));
  }
  await sequelize.close();

  // Peak memory of c, in a fresh process that reads the users the last round left.
  const child = spawnSync(process.execPath, [__filename, '--memory-c', url], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const kib = child.status === 0 ? child.stdout.trim() : '';
  if (!/^\d+$/.test(kib)) throw new Error(`memory child failed (status ${child.status}): ${child.stdout}`);
  process.stdout.write(`memory\t${dialect}\tc\tsequelize\t${kib}\n`);
}

// The child of run(): connects, runs c once, prints its peak RSS in KiB.
async function memoryC(url) {
  const sequelize = connect(url);
  const models = defineModels(sequelize);
  const n = await selectUsers(models);
  await sequelize.close();
  process.stderr.write(`  memory child: c read ${n} users\n`);
  process.stdout.write(`${process.resourceUsage().maxRSS}\n`);
}

function usage() {
  process.stderr.write('usage: node bench.js <postgres://...|mysql://...|sqlite:/path/file.db> [rows] [rounds]\n');
  process.exit(2);
}

async function main(argv) {
  if (argv[0] === '--memory-c') {
    if (argv.length !== 2) usage();
    return memoryC(argv[1]);
  }
  if (argv.length < 1 || argv.length > 3) usage();
  const rows = argv.length > 1 ? Number.parseInt(argv[1], 10) : 100000;
  const rounds = argv.length > 2 ? Number.parseInt(argv[2], 10) : 5;
  if (!(rows > 0) || !(rounds > 0)) usage();
  if (argv[0].startsWith('sqlite:')) {
    try {
      require('sqlite3');
    } catch (error) {
      process.stderr.write(`sqlite3 is not usable here (an optional dependency): skipping SQLite (${error.message})\n`);
      return;
    }
  }
  return run(argv[0], rows, rounds);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
