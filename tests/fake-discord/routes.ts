/**
 * The REST routes the fake serves, as templates (`METHOD /path/:param`), plus route matching and
 * Discord's error body shape. Paths are matched after the `/api/v<N>` prefix, segment by segment,
 * on percent-decoded segments (discord.js sends `@original` as `%40original` in some versions).
 */
import type { JsonObject, UploadedFile } from './payloads.ts';
import { formBodyErrors, type FormProblem } from './validation.ts';

/** Route templates as they appear in `RecordedRequest.route`. */
export const FakeRoutes = {
  gateway: 'GET /gateway',
  gatewayBot: 'GET /gateway/bot',
  currentUser: 'GET /users/@me',
  currentApplication: 'GET /applications/@me',
  globalCommands: 'GET /applications/:applicationId/commands',
  putGlobalCommands: 'PUT /applications/:applicationId/commands',
  guildCommands: 'GET /applications/:applicationId/guilds/:guildId/commands',
  putGuildCommands: 'PUT /applications/:applicationId/guilds/:guildId/commands',
  createMessage: 'POST /channels/:channelId/messages',
  getMessage: 'GET /channels/:channelId/messages/:messageId',
  editMessage: 'PATCH /channels/:channelId/messages/:messageId',
  deleteMessage: 'DELETE /channels/:channelId/messages/:messageId',
  typing: 'POST /channels/:channelId/typing',
  interactionCallback: 'POST /interactions/:interactionId/:token/callback',
  followup: 'POST /webhooks/:applicationId/:token',
  getWebhookMessage: 'GET /webhooks/:applicationId/:token/messages/:messageId',
  editWebhookMessage: 'PATCH /webhooks/:applicationId/:token/messages/:messageId',
  deleteWebhookMessage: 'DELETE /webhooks/:applicationId/:token/messages/:messageId',
} as const;

export type FakeRoute = (typeof FakeRoutes)[keyof typeof FakeRoutes];

/** What a route handler answers. No body → no content. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestContext {
  readonly params: Record<string, string>;
  readonly query: Record<string, string>;
  readonly body: unknown;
  readonly files: readonly UploadedFile[];
}

export interface Route {
  readonly method: string;
  readonly template: FakeRoute;
  readonly segments: readonly string[];
  /** Needs `Authorization: Bot <token>`; interaction-callback and webhook-token routes do not. */
  readonly auth: boolean;
  readonly handle: (context: RequestContext) => Reply;
}

export function defineRoute(template: FakeRoute, auth: boolean, handle: Route['handle']): Route {
  const [method, path] = template.split(' ') as [string, string];
  return { method, template, segments: path.split('/').filter(Boolean), auth, handle };
}

/** The API path segments after `/api/v<N>`, or null for a path outside the API. */
export function apiSegments(segments: readonly string[]): string[] | null {
  return segments[0] === 'api' && /^v\d+$/.test(segments[1] ?? '') ? segments.slice(2) : null;
}

export function matchRoute(routes: readonly Route[], method: string, segments: readonly string[]): { route: Route; params: Record<string, string> } | null {
  for (const route of routes) {
    if (route.method !== method || route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = route.segments.every((part, i) => {
      if (!part.startsWith(':')) return part === segments[i];
      params[part.slice(1)] = segments[i]!;
      return true;
    });
    if (matches) return { route, params };
  }
  return null;
}

/** Discord's error body: `{ message, code }`, plus `errors` for form errors. */
export function apiError(status: number, code: number, message: string, errors?: JsonObject): Reply {
  return { status, body: errors ? { message, code, errors } : { message, code } };
}

/** 400 Invalid Form Body (50035) listing the problems; discord.js puts the paths in the error message. */
export function formError(problems: readonly FormProblem[]): Reply {
  const summary = problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ');
  return apiError(400, 50035, `Invalid Form Body: ${summary}`, formBodyErrors(problems));
}

export const isSuccess = (status: number): boolean => status >= 200 && status < 300;
