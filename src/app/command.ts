import type {
  APIApplicationCommandOptionChoice,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Engine, QuotesAnswer, SourcesAnswer, StatsAnswer } from '../core/engine.ts';
import type { Answer, Failure } from '../core/types.ts';

/** Option values as every adapter hands them over: Discord interactions, the console, tests. */
export type OptionValue = string | number | boolean;
export type CommandOptions = Readonly<Record<string, OptionValue | undefined>>;

/** What a command can use: the engine (corpus, index, extraction) and who asked. */
export interface CommandContext {
  readonly engine: Engine;
  /** The loaded commands, for /help. */
  readonly commands: readonly Command[];
  readonly user?: { readonly id: string; readonly name: string };
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
  | { readonly kind: 'stats'; readonly stats: StatsAnswer; readonly private?: boolean }
  | { readonly kind: 'quotes'; readonly quotes: QuotesAnswer; readonly private?: boolean }
  | { readonly kind: 'sources'; readonly sources: SourcesAnswer; readonly private?: boolean }
  | { readonly kind: 'failure'; readonly failure: Failure; readonly private?: boolean };

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
}

/** Discord's limits on autocomplete choices. */
export const MAX_CHOICES = 25;
export const MAX_CHOICE_CHARS = 100;
