/**
 * Registers the slash commands: one bulk overwrite (PUT), so running it twice changes nothing. To one server
 * (DISCORD_GUILD_ID; appears at once) or globally (may take a while to appear everywhere).
 */
import { REST, Routes } from 'discord.js';
import type { RESTGetCurrentApplicationResult, RESTPutAPIApplicationCommandsResult } from 'discord-api-types/v10';
import type { Command } from '../../app/command.ts';

export interface DeployOptions {
  readonly apiBase: string;
  readonly token: string;
  readonly guildId?: string;
  readonly commands: readonly Command[];
}

export interface DeployResult {
  readonly applicationId: string;
  readonly scope: { readonly kind: 'guild'; readonly guildId: string } | { readonly kind: 'global' };
  readonly registered: readonly string[];
}

export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  const rest = new REST({ api: options.apiBase, retries: 1, timeout: 15_000 }).setToken(options.token);
  const application = (await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult;
  // `contexts`, `dm_permission` and `integration_types` are for global commands; a server's commands are in it anyway.
  const body = options.commands.map((c) => {
    if (!options.guildId) return c.data;
    const { contexts: _contexts, dm_permission: _dm, integration_types: _integrations, ...guildData } = c.data;
    return guildData;
  });
  const route = options.guildId ? Routes.applicationGuildCommands(application.id, options.guildId) : Routes.applicationCommands(application.id);
  const registered = (await rest.put(route, { body })) as RESTPutAPIApplicationCommandsResult;
  return {
    applicationId: application.id,
    scope: options.guildId ? { kind: 'guild', guildId: options.guildId } : { kind: 'global' },
    registered: registered.map((c) => c.name),
  };
}

/** The one-line summary `npm run deploy` prints. */
export function deploySummary(result: DeployResult): string {
  const names = result.registered.map((n) => `/${n}`).join(', ');
  const where = result.scope.kind === 'guild' ? `to server ${result.scope.guildId} (available now)` : 'globally (Discord may take up to an hour to show changes)';
  return `policybot: registered ${result.registered.length} command${result.registered.length === 1 ? '' : 's'} (${names}) ${where}`;
}

/** One clear line for a failed deploy; never the token. */
export function deployErrorLine(error: unknown, guildId?: string): string {
  const status = (error as { status?: number }).status;
  if (status === 401) return 'policybot: the token was rejected by Discord (check DISCORD_TOKEN)';
  if (status === 403 && guildId) return `policybot: Discord refused access to server ${guildId}: is the bot in that server, invited with the applications.commands scope?`;
  if (status === 400) return `policybot: Discord refused the command definitions: ${(error as Error).message}`;
  return `policybot: deploy failed: ${error instanceof Error ? error.message : String(error)}`;
}
