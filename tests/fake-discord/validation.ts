/**
 * The subset of Discord's request validation that bots commonly trip over: command registration
 * (what a deploy script sends) and message bodies (content and embed limits).
 *
 * Discord rejects an invalid body as a whole with 400 "Invalid Form Body" (code 50035) and a nested
 * `errors` object; discord.js turns that into a DiscordAPIError whose message lists the paths.
 */
import type { JsonObject, OutgoingMessageBody } from './payloads.ts';

export interface FormProblem {
  /** Path into the request body, e.g. ['0', 'options', '2', 'description']. */
  readonly path: readonly string[];
  readonly code: string;
  readonly message: string;
}

// Discord's documented pattern for command and option names.
const NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Devanagari}\p{sc=Thai}]{1,32}$/u;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_CHAT_INPUT_COMMANDS = 100;

type RawOption = JsonObject & { name?: unknown; description?: unknown; type?: unknown; options?: unknown; choices?: unknown; required?: unknown; autocomplete?: unknown };

function checkName(name: unknown, path: string[], problems: FormProblem[], chatInput: boolean): void {
  const valid = typeof name === 'string' && (chatInput ? NAME_PATTERN.test(name) && name === name.toLowerCase() : name.length >= 1 && name.length <= 32);
  if (!valid) problems.push({ path: [...path, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: `Command name is invalid: ${JSON.stringify(name)}` });
}

function checkDescription(description: unknown, path: string[], problems: FormProblem[]): void {
  if (typeof description !== 'string' || description.length < 1 || description.length > 100) {
    problems.push({ path: [...path, 'description'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
  }
}

function checkChoices(option: RawOption, path: string[], problems: FormProblem[]): void {
  if (!Array.isArray(option.choices)) return;
  if (option.choices.length > MAX_CHOICES) {
    problems.push({ path: [...path, 'choices'], code: 'BASE_TYPE_BAD_LENGTH', message: `Must be ${MAX_CHOICES} or fewer in length.` });
  }
  if (option.autocomplete === true && option.choices.length > 0) {
    problems.push({ path: [...path, 'autocomplete'], code: 'AUTOCOMPLETE_CHOICES_MUTUALLY_EXCLUSIVE', message: 'Autocomplete and choices cannot both be set.' });
  }
  option.choices.forEach((choice: unknown, i: number) => {
    const name = (choice as JsonObject).name;
    if (typeof name !== 'string' || name.length < 1 || name.length > 100) {
      problems.push({ path: [...path, 'choices', String(i), 'name'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
    }
  });
}

function checkOptions(options: unknown, path: string[], problems: FormProblem[]): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) {
    problems.push({ path: [...path, 'options'], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' });
    return;
  }
  if (options.length > MAX_OPTIONS) {
    problems.push({ path: [...path, 'options'], code: 'BASE_TYPE_BAD_LENGTH', message: `Must be ${MAX_OPTIONS} or fewer in length.` });
  }
  let sawOptional = false;
  const seen = new Set<unknown>();
  options.forEach((raw: unknown, i: number) => {
    const option = raw as RawOption;
    const optionPath = [...path, 'options', String(i)];
    checkName(option.name, optionPath, problems, true);
    checkDescription(option.description, optionPath, problems);
    if (seen.has(option.name)) problems.push({ path: [...optionPath, 'name'], code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', message: 'Option names must be unique.' });
    seen.add(option.name);
    // Discord requires required options to come before optional ones.
    if (option.required === true && sawOptional) {
      problems.push({ path: [...optionPath, 'required'], code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options.' });
    }
    if (option.required !== true && option.type !== 1 && option.type !== 2) sawOptional = true;
    checkChoices(option, optionPath, problems);
    checkOptions(option.options, optionPath, problems);
  });
}

/** Problems with a bulk-overwrite body; empty when Discord would accept it. */
export function validateCommands(body: unknown): FormProblem[] {
  if (!Array.isArray(body)) return [{ path: [], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }];
  const problems: FormProblem[] = [];
  const seen = new Set<string>();
  let chatInputCount = 0;
  body.forEach((raw: unknown, i: number) => {
    const command = raw as RawOption;
    const type = typeof command.type === 'number' ? command.type : 1;
    const path = [String(i)];
    checkName(command.name, path, problems, type === 1);
    if (type === 1) {
      chatInputCount += 1;
      checkDescription(command.description, path, problems);
      checkOptions(command.options, path, problems);
    }
    const key = `${type}:${String(command.name)}`;
    if (seen.has(key)) problems.push({ path: [...path, 'name'], code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: 'Application command names must be unique' });
    seen.add(key);
  });
  if (chatInputCount > MAX_CHAT_INPUT_COMMANDS) {
    problems.push({ path: [], code: 'BASE_TYPE_BAD_LENGTH', message: `Must be ${MAX_CHAT_INPUT_COMMANDS} or fewer in length.` });
  }
  return problems;
}

/** Discord's nested error shape: `{ "0": { "name": { "_errors": [{ code, message }] } } }`. */
export function formBodyErrors(problems: readonly FormProblem[]): JsonObject {
  const root: JsonObject = {};
  for (const problem of problems) {
    let node = root;
    for (const key of problem.path) node = (node[key] ??= {}) as JsonObject;
    ((node._errors ??= []) as unknown[]).push({ code: problem.code, message: problem.message });
  }
  return root;
}

const MESSAGE_CONTENT_LIMIT = 2000;
const MAX_EMBEDS = 10;
const EMBED_TOTAL_LIMIT = 6000;
const MAX_ACTION_ROWS = 5;
/** Components V2 messages lift the 5-row limit. */
const IS_COMPONENTS_V2 = 1 << 15;

function embedProblems(embed: JsonObject, at: string[], tooLong: (at: string[], limit: number) => FormProblem): { problems: FormProblem[]; size: number } {
  const problems: FormProblem[] = [];
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const title = text(embed.title);
  const description = text(embed.description);
  const fields = (Array.isArray(embed.fields) ? embed.fields : []) as JsonObject[];
  if (title.length > 256) problems.push(tooLong([...at, 'title'], 256));
  if (description.length > 4096) problems.push(tooLong([...at, 'description'], 4096));
  if (fields.length > 25) problems.push(tooLong([...at, 'fields'], 25));
  fields.forEach((field, f) => {
    if (text(field.name).length > 256) problems.push(tooLong([...at, 'fields', String(f), 'name'], 256));
    if (text(field.value).length > 1024) problems.push(tooLong([...at, 'fields', String(f), 'value'], 1024));
  });
  const footer = text((embed.footer as JsonObject | undefined)?.text);
  const author = text((embed.author as JsonObject | undefined)?.name);
  const fieldChars = fields.reduce((sum, field) => sum + text(field.name).length + text(field.value).length, 0);
  return { problems, size: title.length + description.length + footer.length + author.length + fieldChars };
}

/** Problems with a message body (create, edit, interaction response data); `path` prefixes the paths. */
export function validateMessageBody(body: OutgoingMessageBody | null | undefined, path: readonly string[] = []): FormProblem[] {
  if (!body) return [];
  const problems: FormProblem[] = [];
  const tooLong = (at: string[], limit: number): FormProblem => ({ path: [...path, ...at], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${limit} or fewer in length.` });
  if (typeof body.content === 'string' && body.content.length > MESSAGE_CONTENT_LIMIT) problems.push(tooLong(['content'], MESSAGE_CONTENT_LIMIT));
  const embeds = (body.embeds ?? []) as JsonObject[];
  if (embeds.length > MAX_EMBEDS) problems.push(tooLong(['embeds'], MAX_EMBEDS));
  let embedTotal = 0;
  embeds.forEach((embed, i) => {
    const checked = embedProblems(embed, ['embeds', String(i)], tooLong);
    problems.push(...checked.problems);
    embedTotal += checked.size;
  });
  if (embedTotal > EMBED_TOTAL_LIMIT) {
    problems.push({ path: [...path, 'embeds'], code: 'MESSAGE_EMBEDS_TOO_LONG', message: `Embed size exceeds maximum size of ${EMBED_TOTAL_LIMIT}` });
  }
  if ((body.components ?? []).length > MAX_ACTION_ROWS && ((body.flags ?? 0) & IS_COMPONENTS_V2) === 0) problems.push(tooLong(['components'], MAX_ACTION_ROWS));
  return problems;
}
