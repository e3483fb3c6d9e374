import { ApplicationCommandOptionType, InteractionContextType } from 'discord-api-types/v10';
import { SUBCOMMAND, type AttachmentValue, type Command, type CommandContext, type Reply, type ReplyAction } from '../src/app/command.ts';
import { documentToken, type CorpusAdmin } from '../src/app/corpusAdmin.ts';
import { DOCUMENT_OPTION, documentChoices, textOption } from '../src/app/options.ts';
import { resolveDocument } from '../src/core/corpus/resolve.ts';
import { failure, type Failure } from '../src/core/types.ts';

/** Discord's Manage Server permission (1 << 5): the default for who may see and use /corpus. */
const MANAGE_GUILD = '32';
const LABEL_MAX = 80;

const refuse = (f: Failure): Reply => ({ kind: 'failure', failure: f, private: true });
const label = (text: string) => (text.length <= LABEL_MAX ? text : `${text.slice(0, LABEL_MAX - 1)}…`);

function adminOf(context: CommandContext): CorpusAdmin | Failure {
  return context.corpus ?? failure('not_allowed', 'The corpus can only be managed in a server, by members allowed to manage it (Manage Server by default).');
}

function listReply(admin: CorpusAdmin, page: number, isPrivate: boolean): Reply {
  const list = admin.list(page);
  const actions: ReplyAction[] =
    list.pages > 1
      ? [
          { id: `list:${list.page - 1}`, label: '◀', disabled: list.page <= 1 },
          { id: `list:${list.page + 1}`, label: '▶', disabled: list.page >= list.pages },
        ]
      : [];
  return { kind: 'corpus', corpus: { action: 'list', ...list }, actions, ...(isPrivate ? { private: true } : {}) };
}

async function add(options: Parameters<Command['execute']>[0], context: CommandContext, admin: CorpusAdmin): Promise<Reply> {
  const file = options.file;
  const url = textOption(options, 'url');
  const attachment = typeof file === 'object' && file !== null && file.kind === 'attachment' ? (file as AttachmentValue) : undefined;
  if ((attachment ? 1 : 0) + (url ? 1 : 0) !== 1) {
    return refuse(failure('bad_option', 'Give either a file to upload or a link, one at a time: `/corpus add file: …` or `/corpus add url: …`.'));
  }
  const addedBy = context.user ? `${context.user.name} (${context.user.id})` : undefined;
  if (attachment) {
    if (!context.download) return refuse(failure('bad_option', 'Files cannot be uploaded here; give a link instead.'));
    const downloaded = await context.download(attachment);
    if (!downloaded.ok) return refuse(downloaded);
    const added = await admin.addBytes({
      bytes: downloaded.bytes,
      name: attachment.name,
      ...(attachment.contentType ? { contentType: attachment.contentType } : {}),
      ...(addedBy ? { addedBy } : {}),
    });
    return added.ok ? { kind: 'corpus', corpus: { action: 'added', summary: added.summary } } : refuse(added);
  }
  const added = await admin.addUrl(url!, addedBy);
  return added.ok ? { kind: 'corpus', corpus: { action: 'added', summary: added.summary } } : refuse(added);
}

async function remove(reference: string, context: CommandContext, admin: CorpusAdmin): Promise<Reply> {
  // The admin's own documents only (in a server: that server's, never the base corpus's or another server's).
  const resolved = resolveDocument(admin.engine.corpus, reference);
  if (!resolved.ok) return refuse(resolved);
  const { document } = resolved;
  if (context.buttons) {
    // The confirm button names the document by a short hash (custom_id ≤ 100) and who may press it.
    const who = context.user?.id ?? '';
    return {
      kind: 'corpus',
      corpus: { action: 'confirm', id: document.id, title: document.title, ...(document.date ? { date: document.date } : {}), paragraphs: document.paragraphs.length },
      actions: [
        { id: `rm:${documentToken(document.id)}:${who}`, label: label(`Remove ${document.title}`), style: 'danger' },
        { id: 'cancel', label: 'Cancel' },
      ],
      private: true,
    };
  }
  const removed = await admin.remove(document.id);
  return removed.ok ? { kind: 'corpus', corpus: { action: 'removed', ...removed }, private: true } : refuse(removed);
}

export default {
  data: {
    name: 'corpus',
    description: "Manage this server's own documents: add, list, remove, reload (admins)",
    default_member_permissions: MANAGE_GUILD,
    dm_permission: false,
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add',
        description: 'Add a document: upload a file (.txt, .md, .html, .pdf, .docx) or give a link',
        options: [
          { type: ApplicationCommandOptionType.Attachment, name: 'file', description: 'The document to add (.txt, .md, .html, .pdf with text, .docx)' },
          { type: ApplicationCommandOptionType.String, name: 'url', description: 'A link to a web page or document to add', max_length: 2000 },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'list',
        description: "This server's documents, 10 a page (and how many base documents)",
        options: [{ type: ApplicationCommandOptionType.Integer, name: 'page', description: 'Which page (from 1)', min_value: 1 }],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'remove',
        description: "Remove one of this server's documents (asks to confirm)",
        options: [{ ...DOCUMENT_OPTION, description: 'The document to remove (start typing its title)', required: true }],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'reload', description: "Re-read this server's documents folder now (after changes made on disk)" },
    ],
  },
  async execute(options, context) {
    const admin = adminOf(context);
    if ('ok' in admin) return refuse(admin);
    switch (options[SUBCOMMAND]) {
      case 'add':
        return add(options, context, admin);
      case 'list': {
        const page = typeof options.page === 'number' ? options.page : 1;
        return listReply(admin, page, true);
      }
      case 'remove':
        return remove(textOption(options, 'document') ?? '', context, admin);
      case 'reload': {
        const reloaded = await admin.reload();
        return reloaded.ok ? { kind: 'corpus', corpus: { action: 'reloaded', documents: reloaded.documents, passages: reloaded.passages, ...(reloaded.ms !== undefined ? { ms: reloaded.ms } : {}) }, private: true } : refuse(reloaded);
      }
      default:
        return refuse(failure('bad_option', 'Say what to do: `/corpus add`, `/corpus list`, `/corpus remove` or `/corpus reload`.'));
    }
  },
  autocomplete(_option, value, { engine, corpus }) {
    return documentChoices(corpus?.engine ?? engine, value);
  },
  async button(id, context) {
    const admin = adminOf(context);
    if ('ok' in admin) return refuse(admin);
    const [action, token, who] = id.split(':');
    if (action === 'list') return listReply(admin, Number(token) || 1, false);
    if (action === 'cancel') return { kind: 'corpus', corpus: { action: 'cancelled' } };
    if (action === 'rm' && token) {
      if (who && context.user && who !== context.user.id) return refuse(failure('not_allowed', 'Only the person who asked for this removal can confirm it.'));
      const document = admin.find(token);
      if (!document) return refuse(failure('unknown_document', 'That document is no longer in the corpus: it was removed already. Nothing else was changed.'));
      const removed = await admin.remove(document.id);
      if (!removed.ok) return refuse(removed.code === 'unknown_document' ? failure('unknown_document', `"${document.title}" was removed already. Nothing else was changed.`) : removed);
      return { kind: 'corpus', corpus: { action: 'removed', ...removed } };
    }
    return refuse(failure('bad_option', 'This button is no longer valid. Run `/corpus list` again.'));
  },
} satisfies Command;
