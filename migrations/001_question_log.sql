-- The question log, the feedback on answers, and the log's own settings (see README, Team insights).
-- Plain SQL that PostgreSQL 15 and PGlite both run. Applied once, in a transaction, recorded in schema_migrations.

create table questions (
  id bigserial primary key,
  -- The id written into the answer's 👍/👎 buttons (random, 12 characters).
  answer_id text not null unique,
  at timestamptz not null,
  -- A Discord server id, or 'console', or 'dm'.
  guild text not null,
  channel text,
  -- A keyed hash of the Discord user id (QUESTION_LOG=hashed), or the id itself (QUESTION_LOG=full).
  user_key text not null,
  command text not null,
  -- The question as asked, capped (QUESTION_MAX_CHARS in src/insights/record.ts).
  question text not null,
  -- The question folded for grouping near-identical ones (lower case, punctuation and filler words dropped, sorted).
  question_key text not null,
  -- Key terms of the question (for the topics asked about most).
  terms text[] not null default '{}',
  abstained boolean not null,
  -- Documents and "document#paragraph" cited, best first.
  docs text[] not null default '{}',
  paragraphs text[] not null default '{}',
  top_score double precision,
  latency_ms integer not null,
  corpus_version text not null
);
create index questions_guild_at on questions (guild, at);
create index questions_at on questions (at);
create index questions_user on questions (user_key);

create table feedback (
  answer_id text not null,
  user_key text not null,
  guild text not null,
  -- 1: 👍, -1: 👎. One vote per user per answer; the last press counts.
  vote smallint not null,
  -- The answer to "What were you looking for?" after a 👎 (capped), if given.
  comment text,
  at timestamptz not null,
  primary key (answer_id, user_key)
);
create index feedback_guild_at on feedback (guild, at);
create index feedback_user on feedback (user_key);

create table settings (
  name text primary key,
  value text not null
);
