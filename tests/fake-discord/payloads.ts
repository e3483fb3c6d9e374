/**
 * Discord object shapes for the fake server: users, guilds, channels, interactions, messages.
 *
 * Pure functions, no I/O, so a test can also build a payload by hand (for example to tweak one field)
 * and hand it to `fake.interact(payload)` / `fake.dispatch('MESSAGE_CREATE', payload)`.
 * Field sets follow the v10 API closely enough for discord.js 14.28 to build its structures; comments
 * mark the fields discord.js actually depends on.
 */

export type Snowflake = string;

/** A JSON object as sent over the wire. */
export type JsonObject = { [key: string]: unknown };

// ---------------------------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------------------------

const DISCORD_EPOCH = 1_420_070_400_000n;
let snowflakeIncrement = 0n;

/** A fresh, increasing snowflake whose timestamp part is `at` (discord.js derives createdAt from it). */
export function nextSnowflake(at: number = Date.now()): Snowflake {
  snowflakeIncrement = (snowflakeIncrement + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | snowflakeIncrement).toString();
}

/** Fixed ids of the default world, so tests can assert on them without reading them back. */
export const DEFAULT_IDS = {
  application: '1300000000000000001',
  botUser: '1300000000000000001',
  user: '1300000000000000101',
  guild: '1300000000000001001',
  channel: '1300000000000002001',
  thread: '1300000000000003001',
} as const;

// ---------------------------------------------------------------------------------------------
// Users, channels, guilds
// ---------------------------------------------------------------------------------------------

export interface FakeUser extends JsonObject {
  id: Snowflake;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
}

export interface FakeUserInput {
  id?: Snowflake;
  username?: string;
  globalName?: string | null;
  bot?: boolean;
}

export function makeUser(input: FakeUserInput = {}, fallback: { id: Snowflake; username: string } = { id: nextSnowflake(), username: 'user' }): FakeUser {
  const user: FakeUser = {
    id: input.id ?? fallback.id,
    username: input.username ?? fallback.username,
    global_name: input.globalName === undefined ? null : input.globalName,
    discriminator: '0',
    avatar: null,
  };
  if (input.bot) user.bot = true;
  return user;
}

/** Channel types the fake knows how to describe (discord-api-types `ChannelType`). */
export const WireChannelType = { GuildText: 0, GuildAnnouncement: 5, PublicThread: 11, PrivateThread: 12 } as const;

export interface FakeChannel extends JsonObject {
  id: Snowflake;
  type: number;
  guild_id: Snowflake;
  name: string;
  parent_id: Snowflake | null;
}

export interface FakeChannelInput {
  id?: Snowflake;
  name?: string;
  /** Default 0 (guild text). */
  type?: number;
}

export interface FakeThreadInput {
  id?: Snowflake;
  name?: string;
  /** Parent text channel; default the guild's first channel. */
  parentId?: Snowflake;
  /** Default 11 (public thread). */
  type?: number;
}

export interface FakeGuildInput {
  id?: Snowflake;
  name?: string;
  channels?: FakeChannelInput[];
  threads?: FakeThreadInput[];
  /** Human members besides the bot; the default user is always a member. */
  members?: FakeUserInput[];
}

export interface FakeGuild {
  id: Snowflake;
  name: string;
  ownerId: Snowflake;
  channels: FakeChannel[];
  threads: FakeChannel[];
  members: FakeUser[];
}

/**
 * Permissions granted to @everyone, and reported as `app_permissions` in interactions:
 * view, send, send in threads, embed links, attach files, read history, add reactions, use commands.
 */
export const MEMBER_PERMISSIONS = (
  (1n << 10n) | (1n << 11n) | (1n << 38n) | (1n << 14n) | (1n << 15n) | (1n << 16n) | (1n << 6n) | (1n << 31n)
).toString();

function textChannel(guildId: Snowflake, input: FakeChannelInput, position: number, fallbackId: Snowflake): FakeChannel {
  return {
    id: input.id ?? fallbackId,
    type: input.type ?? WireChannelType.GuildText,
    guild_id: guildId,
    name: input.name ?? `channel-${position}`,
    parent_id: null,
    position,
    permission_overwrites: [],
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
}

function threadChannel(guildId: Snowflake, input: FakeThreadInput, parentId: Snowflake, ownerId: Snowflake, fallbackId: Snowflake): FakeChannel {
  return {
    id: input.id ?? fallbackId,
    type: input.type ?? WireChannelType.PublicThread,
    guild_id: guildId,
    name: input.name ?? 'thread',
    parent_id: parentId,
    owner_id: ownerId,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    flags: 0,
    // discord.js reads archived/locked from here.
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
  };
}

/**
 * Normalises a guild description. The first guild gets the DEFAULT_IDS; later ones fresh snowflakes.
 * `defaultUser` is always a member so interactions and messages can come from them.
 */
export function makeGuild(input: FakeGuildInput, index: number, defaultUser: FakeUser): FakeGuild {
  const first = index === 0;
  const id = input.id ?? (first ? DEFAULT_IDS.guild : nextSnowflake());
  const channelInputs = input.channels && input.channels.length > 0 ? input.channels : [{ name: 'general' }];
  const channels = channelInputs.map((c, i) => textChannel(id, c, i, first && i === 0 ? DEFAULT_IDS.channel : nextSnowflake()));
  const firstChannelId = channels[0]!.id;
  const threadInputs = input.threads ?? (first ? [{ name: 'policy-thread' }] : []);
  const threads = threadInputs.map((t, i) =>
    threadChannel(id, t, t.parentId ?? firstChannelId, defaultUser.id, first && i === 0 ? DEFAULT_IDS.thread : nextSnowflake()),
  );
  const extraMembers = (input.members ?? []).map((m) => makeUser(m));
  const members = [defaultUser, ...extraMembers.filter((m) => m.id !== defaultUser.id)];
  return { id, name: input.name ?? `Guild ${index + 1}`, ownerId: defaultUser.id, channels, threads, members };
}

export function memberPayload(user: FakeUser | null, joinedAt: string, extra: JsonObject = {}): JsonObject {
  const member: JsonObject = {
    nick: null,
    avatar: null,
    roles: [],
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    ...extra,
  };
  if (user) member.user = user;
  return member;
}

/** The @everyone role: its id is the guild id. */
function everyoneRole(guildId: Snowflake): JsonObject {
  return {
    id: guildId,
    name: '@everyone',
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: 0,
    permissions: MEMBER_PERMISSIONS,
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

/** The `d` of GUILD_CREATE: channels, threads, roles and members discord.js caches. */
export function guildCreatePayload(guild: FakeGuild, bot: FakeUser, joinedAt: string): JsonObject {
  const members = [bot, ...guild.members].map((user) => memberPayload(user, joinedAt));
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: 'en-US',
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    application_id: null,
    features: [],
    emojis: [],
    stickers: [],
    roles: [everyoneRole(guild.id)],
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: members.length,
    members,
    // GUILD_CREATE channels carry no guild_id on the real gateway; discord.js fills it in.
    channels: guild.channels.map(({ guild_id: _omit, ...channel }) => channel),
    threads: guild.threads,
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Application command options
// ---------------------------------------------------------------------------------------------

/** Option types (discord-api-types `ApplicationCommandOptionType`). */
export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

export type CommandOptionValue = {
  name: string;
  type: number;
  value: string | number | boolean;
  /** Exactly one option of an autocomplete interaction is focused (discord.js finds it by this flag). */
  focused?: boolean;
};
export type CommandOptionGroup = { name: string; type: 1 | 2; options: CommandOption[] };
export type CommandOption = CommandOptionValue | CommandOptionGroup;

/**
 * Option builders: the type matters, because discord.js `getInteger('n')` throws when the option
 * arrived as a Number (10) and vice versa.
 */
export const option = {
  string: (name: string, value: string, extra: { focused?: boolean } = {}): CommandOptionValue => ({ name, type: OptionType.String, value, ...extra }),
  integer: (name: string, value: number, extra: { focused?: boolean } = {}): CommandOptionValue => ({ name, type: OptionType.Integer, value, ...extra }),
  number: (name: string, value: number, extra: { focused?: boolean } = {}): CommandOptionValue => ({ name, type: OptionType.Number, value, ...extra }),
  boolean: (name: string, value: boolean): CommandOptionValue => ({ name, type: OptionType.Boolean, value }),
  /** Pass the user in the interaction's `resolved.users` too if the handler reads it with getUser(). */
  user: (name: string, id: Snowflake): CommandOptionValue => ({ name, type: OptionType.User, value: id }),
  channel: (name: string, id: Snowflake): CommandOptionValue => ({ name, type: OptionType.Channel, value: id }),
  subcommand: (name: string, options: CommandOption[] = []): CommandOptionGroup => ({ name, type: OptionType.Subcommand, options }),
  group: (name: string, subcommands: CommandOptionGroup[]): CommandOptionGroup => ({ name, type: OptionType.SubcommandGroup, options: subcommands }),
};

// ---------------------------------------------------------------------------------------------
// Interactions
// ---------------------------------------------------------------------------------------------

/** Interaction types (discord-api-types `InteractionType`). */
export const WireInteractionType = { Ping: 1, ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;

/** Interaction callback types (discord-api-types `InteractionResponseType`). */
export const CallbackType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredMessageUpdate: 6,
  UpdateMessage: 7,
  ApplicationCommandAutocompleteResult: 8,
  Modal: 9,
} as const;

/** Who, where and as which app an interaction or message happens. */
export interface EventContext {
  applicationId: Snowflake;
  guild: FakeGuild;
  channel: FakeChannel;
  user: FakeUser;
  bot: FakeUser;
  locale: string;
}

export interface InteractionPayload extends JsonObject {
  id: Snowflake;
  token: string;
  type: number;
  application_id: Snowflake;
  guild_id: Snowflake;
  channel_id: Snowflake;
  data: JsonObject;
  message?: JsonObject;
}

/** Fields shared by every interaction spec. */
export interface InteractionSpecBase {
  id?: Snowflake;
  token?: string;
  /** Default: the first guild. */
  guildId?: Snowflake;
  /** Default: the guild's first text channel. May be a thread id. */
  channelId?: Snowflake;
  /** Default: the default user. */
  user?: FakeUserInput;
  /** Default 'en-US'. */
  locale?: string;
}

export interface SlashSpec extends InteractionSpecBase {
  kind: 'slash';
  name: string;
  options?: CommandOption[];
  commandId?: Snowflake;
  /** `data.resolved` (users, members, channels...) for user/channel options. */
  resolved?: JsonObject;
}

export interface AutocompleteSpec extends InteractionSpecBase {
  kind: 'autocomplete';
  name: string;
  /** One option must have `focused: true`. */
  options: CommandOption[];
  commandId?: Snowflake;
}

export interface ButtonSpec extends InteractionSpecBase {
  kind: 'button';
  customId: string;
  /** The message the button sits on; fields override a default bot message carrying the button. */
  message?: JsonObject;
}

/** The submission of a modal the bot showed: its custom_id and the text inputs' values by custom_id. */
export interface ModalSubmitSpec extends InteractionSpecBase {
  kind: 'modal';
  customId: string;
  fields: Readonly<Record<string, string>>;
}

export type InteractionSpec = SlashSpec | AutocompleteSpec | ButtonSpec | ModalSubmitSpec;

function interactionToken(): string {
  return `fake-interaction-token-${nextSnowflake()}`;
}

function interactionBase(ctx: EventContext, spec: InteractionSpecBase, type: number, data: JsonObject): InteractionPayload {
  const joinedAt = new Date(0).toISOString();
  return {
    id: spec.id ?? nextSnowflake(),
    token: spec.token ?? interactionToken(),
    type,
    version: 1,
    application_id: ctx.applicationId,
    guild_id: ctx.guild.id,
    guild: { id: ctx.guild.id, features: [], locale: 'en-US' },
    guild_locale: 'en-US',
    channel_id: ctx.channel.id,
    // discord.js 14.28 takes channelId from `channel.id`.
    channel: ctx.channel,
    member: memberPayload(ctx.user, joinedAt, { permissions: MEMBER_PERMISSIONS }),
    app_permissions: MEMBER_PERMISSIONS,
    locale: ctx.locale,
    // Without `entitlements` the BaseInteraction constructor throws and the event never fires.
    entitlements: [],
    authorizing_integration_owners: { '0': ctx.guild.id },
    context: 0,
    attachment_size_limit: 8 * 1024 * 1024,
    data,
  };
}

function commandData(ctx: EventContext, spec: { name: string; options?: CommandOption[]; commandId?: Snowflake }): JsonObject {
  return {
    id: spec.commandId ?? nextSnowflake(),
    name: spec.name,
    type: 1,
    guild_id: ctx.guild.id,
    options: spec.options ?? [],
  };
}

export function slashInteraction(ctx: EventContext, spec: Omit<SlashSpec, 'kind'>): InteractionPayload {
  const data = commandData(ctx, spec);
  if (spec.resolved) data.resolved = spec.resolved;
  return interactionBase(ctx, spec, WireInteractionType.ApplicationCommand, data);
}

export function autocompleteInteraction(ctx: EventContext, spec: Omit<AutocompleteSpec, 'kind'>): InteractionPayload {
  return interactionBase(ctx, spec, WireInteractionType.Autocomplete, commandData(ctx, spec));
}

/** A bot message in `ctx.channel` carrying one button with `customId`, as a button interaction references it. */
export function messageWithButton(ctx: EventContext, customId: string, overrides: JsonObject = {}): JsonObject {
  return {
    ...baseMessage({
      id: nextSnowflake(),
      channelId: ctx.channel.id,
      author: ctx.bot,
      content: 'A message with a button',
    }),
    application_id: ctx.applicationId,
    components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Press', custom_id: customId }] }],
    ...overrides,
  };
}

export function buttonInteraction(ctx: EventContext, spec: Omit<ButtonSpec, 'kind'>): InteractionPayload {
  const payload = interactionBase(ctx, spec, WireInteractionType.MessageComponent, { custom_id: spec.customId, component_type: 2 });
  payload.message = messageWithButton(ctx, spec.customId, spec.message);
  return payload;
}

export function modalSubmitInteraction(ctx: EventContext, spec: Omit<ModalSubmitSpec, 'kind'>): InteractionPayload {
  // Text inputs come back in action rows (type 1 → 4), as Discord sends them for modals built that way.
  const components = Object.entries(spec.fields).map(([customId, value]) => ({ type: 1, components: [{ type: 4, custom_id: customId, value }] }));
  return interactionBase(ctx, spec, WireInteractionType.ModalSubmit, { custom_id: spec.customId, components });
}

/** Builds the dispatch payload for any spec. */
export function interactionPayload(ctx: EventContext, spec: InteractionSpec): InteractionPayload {
  switch (spec.kind) {
    case 'slash':
      return slashInteraction(ctx, spec);
    case 'autocomplete':
      return autocompleteInteraction(ctx, spec);
    case 'button':
      return buttonInteraction(ctx, spec);
    case 'modal':
      return modalSubmitInteraction(ctx, spec);
  }
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

/** Message flags the fake sets or clears (discord-api-types `MessageFlags`). */
export const WireMessageFlags = { Ephemeral: 64, Loading: 128 } as const;

export interface MessagePayload extends JsonObject {
  id: Snowflake;
  channel_id: Snowflake;
  content: string;
  author: FakeUser;
}

function baseMessage(args: { id: Snowflake; channelId: Snowflake; author: FakeUser; content: string }): MessagePayload {
  return {
    id: args.id,
    type: 0,
    channel_id: args.channelId,
    author: args.author,
    content: args.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    mention_channels: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    flags: 0,
  };
}

export interface UserMessageSpec {
  content: string;
  /** Prefix `<@bot>` (unless already in the content) and list the bot in `mentions`. */
  mentionBot?: boolean;
  /** Default: the first guild. */
  guildId?: Snowflake;
  /** Default: the guild's first text channel. A thread id works (the thread must be known to the guild). */
  channelId?: Snowflake;
  author?: FakeUserInput;
  id?: Snowflake;
  /** Makes the message a reply to this message. */
  replyTo?: MessagePayload;
}

/** The `d` of MESSAGE_CREATE for a human's guild message. */
export function userMessagePayload(ctx: EventContext, spec: UserMessageSpec): MessagePayload {
  const botMention = `<@${ctx.bot.id}>`;
  const content = spec.mentionBot && !spec.content.includes(botMention) ? `${botMention} ${spec.content}` : spec.content;
  const joinedAt = new Date(0).toISOString();
  const message: MessagePayload = {
    ...baseMessage({ id: spec.id ?? nextSnowflake(), channelId: ctx.channel.id, author: ctx.user, content }),
    guild_id: ctx.guild.id,
    // MESSAGE_CREATE carries the author's member without `user`.
    member: memberPayload(null, joinedAt),
    mentions: spec.mentionBot ? [{ ...ctx.bot, member: memberPayload(null, joinedAt) }] : [],
    nonce: nextSnowflake(),
  };
  if (spec.replyTo) {
    message.type = 19;
    message.message_reference = { type: 0, message_id: spec.replyTo.id, channel_id: spec.replyTo.channel_id, guild_id: ctx.guild.id };
    message.referenced_message = spec.replyTo;
  }
  return message;
}

/** What the bot sends in a message-creating request body (JSON or multipart `payload_json`). */
export interface OutgoingMessageBody {
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  attachments?: Array<{ id: number | string; filename?: string; description?: string }>;
  flags?: number;
  message_reference?: { message_id: Snowflake; channel_id?: Snowflake; guild_id?: Snowflake; type?: number };
  allowed_mentions?: unknown;
  tts?: boolean;
}

export interface UploadedFile {
  readonly field: string;
  readonly filename: string;
  readonly contentType: string;
  readonly data: Buffer;
}

/** Turns the attachments a bot declared (plus uploaded files) into message attachment objects. */
function attachmentObjects(
  body: OutgoingMessageBody,
  files: readonly UploadedFile[],
  attachmentBase: string,
  existing: readonly JsonObject[] = [],
): JsonObject[] {
  const declared: NonNullable<OutgoingMessageBody['attachments']> = body.attachments ?? files.map((file, i) => ({ id: i, filename: file.filename }));
  return declared.map((attachment, index) => {
    // An edit keeps an attachment by listing its existing id.
    const kept = existing.find((a) => a.id === String(attachment.id));
    if (kept) return kept;
    const file = files.find((f) => f.field === `files[${attachment.id}]`) ?? files[index];
    const filename = attachment.filename ?? file?.filename ?? `file-${index}`;
    const id = nextSnowflake();
    const url = `${attachmentBase}/${id}/${encodeURIComponent(filename)}`;
    return {
      id,
      filename,
      description: attachment.description,
      size: file?.data.length ?? 0,
      content_type: file?.contentType,
      url,
      proxy_url: url,
    };
  });
}

/**
 * Discord resolves an embed's `attachment://NAME` image (and thumbnail) to the URL of the message's attachment of
 * that file name; a reference to no attached file is dropped (the embed shows no image).
 */
export function resolveAttachmentImages(embeds: readonly unknown[], attachments: readonly JsonObject[]): unknown[] {
  return embeds.map((embed) => {
    if (!embed || typeof embed !== 'object') return embed;
    const resolved: JsonObject = { ...(embed as JsonObject) };
    for (const part of ['image', 'thumbnail'] as const) {
      const url = (resolved[part] as { url?: unknown } | undefined)?.url;
      if (typeof url !== 'string' || !url.startsWith('attachment://')) continue;
      const attachment = attachments.find((a) => a.filename === url.slice('attachment://'.length));
      if (attachment) resolved[part] = { url: attachment.url, proxy_url: attachment.proxy_url };
      else delete resolved[part];
    }
    return resolved;
  });
}

export interface BotMessageArgs {
  channelId: Snowflake;
  guildId?: Snowflake;
  author: FakeUser;
  body: OutgoingMessageBody;
  files?: readonly UploadedFile[];
  /** Where fake attachment URLs point (the fake server, never the real CDN). */
  attachmentBase: string;
  /** Set for interaction responses and follow-ups. */
  applicationId?: Snowflake;
  webhookId?: Snowflake;
  referenced?: MessagePayload;
}

/** The message object the API returns for a message the bot created. */
export function botMessagePayload(args: BotMessageArgs): MessagePayload {
  const { body } = args;
  const message: MessagePayload = {
    ...baseMessage({ id: nextSnowflake(), channelId: args.channelId, author: args.author, content: body.content ?? '' }),
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    attachments: attachmentObjects(body, args.files ?? [], args.attachmentBase),
    flags: body.flags ?? 0,
    tts: body.tts ?? false,
  };
  message.embeds = resolveAttachmentImages(message.embeds as unknown[], message.attachments as JsonObject[]);
  if (args.guildId) message.guild_id = args.guildId;
  if (args.applicationId) message.application_id = args.applicationId;
  if (args.webhookId) message.webhook_id = args.webhookId;
  if (body.message_reference) {
    message.type = 19;
    message.message_reference = { type: 0, channel_id: args.channelId, guild_id: args.guildId, ...body.message_reference };
    if (args.referenced) message.referenced_message = args.referenced;
  }
  return message;
}

/** Applies an edit (PATCH body) to a stored message: only the fields present change. */
export function editMessagePayload(message: MessagePayload, body: OutgoingMessageBody, files: readonly UploadedFile[], attachmentBase: string): MessagePayload {
  const edited: MessagePayload = { ...message, edited_timestamp: new Date().toISOString() };
  if (body.content !== undefined) edited.content = body.content ?? '';
  if (body.embeds !== undefined) edited.embeds = body.embeds;
  if (body.components !== undefined) edited.components = body.components;
  // An edit resolves a deferred ("thinking...") message: the Loading flag goes away.
  edited.flags = ((body.flags ?? (message.flags as number)) & ~WireMessageFlags.Loading) >>> 0;
  if (body.attachments !== undefined || files.length > 0) {
    edited.attachments = attachmentObjects(body, files, attachmentBase, message.attachments as JsonObject[]);
  }
  if (body.embeds !== undefined) edited.embeds = resolveAttachmentImages(edited.embeds as unknown[], edited.attachments as JsonObject[]);
  return edited;
}

// ---------------------------------------------------------------------------------------------
// Application commands
// ---------------------------------------------------------------------------------------------

/**
 * The registered commands as the API echoes them from a bulk overwrite. Like Discord, a command
 * keeps its id across overwrites when its name and type are unchanged.
 */
export function registeredCommandsPayload(
  body: readonly JsonObject[],
  previous: readonly JsonObject[],
  applicationId: Snowflake,
  guildId: Snowflake | null,
): JsonObject[] {
  return body.map((command) => {
    const type = typeof command.type === 'number' ? command.type : 1;
    const existing = previous.find((p) => p.name === command.name && p.type === type);
    const registered: JsonObject = {
      id: existing?.id ?? nextSnowflake(),
      application_id: applicationId,
      version: nextSnowflake(),
      type,
      name_localizations: null,
      description: '',
      description_localizations: null,
      default_member_permissions: null,
      nsfw: false,
      integration_types: [0],
      contexts: null,
      ...command,
    };
    if (guildId) registered.guild_id = guildId;
    return registered;
  });
}
