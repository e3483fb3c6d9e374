import type {
  APIApplicationCommandOptionChoice,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Engine, QuotesAnswer, SourcesAnswer, StatsAnswer } from '../core/engine.ts';
import type { Answer, Failure, Outcome } from '../core/types.ts';
import type { QuestionLog, Where } from '../insights/log.ts';
import type { CorpusAdmin, CorpusReply } from './corpusAdmin.ts';
import type { InsightsReply, PrivacyReply } from './insights.ts';

/**
 * A file option (Discord: an uploaded attachment; the console: a local path as a file: URL). Only its description:
 * the bytes are read with `context.download`, inside the command, so a slow download is acknowledged in time.
 */
export interface AttachmentValue {
  readonly kind: 'attachment';
  readonly url: string;
  readonly name: string;
  /** Size in bytes as the platform announced it (0 when unknown). */
  readonly size: number;
  readonly contentType?: string;
}

/** Option values as every adapter hands them over: Discord interactions, the console, tests. */
export type OptionValue = string | number | boolean | AttachmentValue;
export type CommandOptions = Readonly<Record<string, OptionValue | undefined>>;

/** The key under which adapters pass the subcommand chosen (`/corpus add …` → `add`); no option name has a `$`. */
export const SUBCOMMAND = '$subcommand';

/** What a command can use: the engine (corpus, index, extraction) and who asked. */
export interface CommandContext {
  /** The engine answering now (adapters build a context per interaction, so a re-indexed corpus shows at once). */
  readonly engine: Engine;
  /** The loaded commands, for /help. */
  readonly commands: readonly Command[];
  readonly user?: { readonly id: string; readonly name: string };
  /** Corpus management (adding, removing, re-indexing): only where the adapter allows it (Discord guilds, the console). */
  readonly corpus?: CorpusAdmin;
  /** Reads an attachment option's bytes (size-capped); absent where files cannot be given. */
  readonly download?: (attachment: AttachmentValue) => Promise<Outcome<{ bytes: Uint8Array }>>;
  /** True where a reply's actions are shown as buttons the user can press (Discord); elsewhere commands act directly. */
  readonly buttons?: boolean;
  /** The question log (for /insights and /privacy); absent where there is none. */
  readonly questionLog?: QuestionLog;
  /** Where the command was given: a server id (or 'console', 'dm') and channel. */
  readonly where?: Where;
}

/** A button a reply offers; `id` is the command's own (Discord sends it back to `Command.button`). */
export interface ReplyAction {
  readonly id: string;
  readonly label: string;
  readonly style?: 'primary' | 'secondary' | 'danger';
  readonly disabled?: boolean;
}

export interface HelpEntry {
  readonly name: string;
  readonly description: string;
  readonly usage: string;
}

/**
 * What a command answers: plain data that each adapter renders its own way (Discord embeds, console text).
 * `private` asks for a reply only the user sees where the platform can do that.
 */
export type Reply =
  | { readonly kind: 'answer'; readonly answer: Answer; readonly private?: boolean }
  | { readonly kind: 'help'; readonly commands: readonly HelpEntry[]; readonly corpus: { readonly documents: number; readonly passages: number }; readonly private?: boolean }
  /** `chart`: draw the figures' series as a picture where the platform can (Discord); false offers it as a button. */
  | { readonly kind: 'stats'; readonly stats: StatsAnswer; readonly chart?: boolean; readonly private?: boolean }
  | { readonly kind: 'quotes'; readonly quotes: QuotesAnswer; readonly private?: boolean }
  | { readonly kind: 'sources'; readonly sources: SourcesAnswer; readonly private?: boolean }
  | { readonly kind: 'failure'; readonly failure: Failure; readonly private?: boolean }
  | { readonly kind: 'corpus'; readonly corpus: CorpusReply; readonly actions?: readonly ReplyAction[]; readonly private?: boolean }
  | { readonly kind: 'insights'; readonly insights: InsightsReply; readonly private?: boolean }
  | { readonly kind: 'privacy'; readonly privacy: PrivacyReply; readonly private?: boolean };

export type Choice = APIApplicationCommandOptionChoice<string>;

/**
 * One slash command: its Discord definition (plain JSON, also what the console parses options with) and its
 * handler, which calls the core and returns a Reply. Never formats for a platform.
 */
export interface Command {
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(options: CommandOptions, context: CommandContext): Reply | Promise<Reply>;
  /** Choices for an option marked `autocomplete`, answered from memory (Discord allows 3 s, 25 choices). */
  autocomplete?(option: string, value: string, context: CommandContext): readonly Choice[];
  /**
   * A press on one of the command's reply actions (`ReplyAction.id`). A reply without `private` replaces the
   * message the button sits on; a private one is sent to the presser alone.
   */
  button?(id: string, context: CommandContext): Reply | Promise<Reply>;
}

/** Discord's limits on autocomplete choices. */
export const MAX_CHOICES = 25;
export const MAX_CHOICE_CHARS = 100;
