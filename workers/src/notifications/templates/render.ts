import type { Language, NotificationChannel, NotificationTemplate } from '@resetline/domain';
import type { Catalogue, CopyParams } from './copy.js';
import { en } from './en.js';
import { nl } from './nl.js';

const catalogues: Readonly<Record<Language, Catalogue>> = { en, nl };

/** The tenant's look and support contacts, read at send time. */
export type Branding = Readonly<{
  displayName: string;
  primaryColor?: string | undefined;
  helpdeskUrl?: string | undefined;
  helpdeskEmail?: string | undefined;
}>;

export type RenderInput = Readonly<{
  template: NotificationTemplate;
  channel: NotificationChannel;
  language: Language;
  branding: Branding;
  params: Omit<CopyParams, 'tenantName'>;
}>;

export type RenderedMessage = Readonly<{ subject?: string; text: string; html?: string }>;

const DEFAULT_COLOUR = '#1a73e8';
const CODE_TEMPLATES: ReadonlySet<NotificationTemplate> = new Set([
  'resetCode',
  'registrationCode',
]);

export const isCodeTemplate = (template: NotificationTemplate): boolean =>
  CODE_TEMPLATES.has(template);

export const activityLabels = (language: Language): Readonly<Record<string, string>> =>
  catalogues[language].activityLabels;

/** E-mail gets a subject, text and HTML; SMS the short form; voice the short form, code spelled out. */
export function renderMessage(input: RenderInput): RenderedMessage {
  const catalogue = catalogues[input.language];
  const params: CopyParams = {
    ...input.params,
    tenantName: input.branding.displayName,
    ...(input.channel === 'voice' && input.params.code
      ? { code: spellDigits(input.params.code) }
      : {}),
  };
  const copy = catalogue.templates[input.template](params);
  if (input.channel !== 'email') return { text: copy.short };

  const contact = input.branding.helpdeskUrl ?? input.branding.helpdeskEmail;
  const footer = [
    ...(isCodeTemplate(input.template) ? [catalogue.ignoreLine] : []),
    ...(contact ? [catalogue.helpdeskLine(contact)] : []),
  ];
  const text = [input.branding.displayName, '', ...copy.paragraphs, '', ...footer, ''].join('\n');
  return { subject: copy.subject, text, html: renderHtml(input, copy.paragraphs, footer) };
}

function renderHtml(input: RenderInput, paragraphs: readonly string[], footer: readonly string[]) {
  const colour = input.branding.primaryColor ?? DEFAULT_COLOUR;
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const small = footer.map((line) => `<p style="color:#666;font-size:12px">${linkify(line)}</p>`);
  return [
    `<!doctype html><html lang="${input.language}"><body style="font-family:sans-serif">`,
    `<div style="background:${colour};color:#fff;padding:12px 16px;font-weight:bold">${escapeHtml(input.branding.displayName)}</div>`,
    `<div style="padding:16px">`,
    body,
    ...small,
    '</div></body></html>',
  ].join('\n');
}

/** Escapes the line, then turns the helpdesk URL or address in it into a link. */
function linkify(line: string): string {
  const escaped = escapeHtml(line);
  return escaped.replace(/(https?:\/\/[^\s<]+|[^\s<>:]+@[^\s<>]+)/, (target) => {
    const href = target.includes('@') && !target.startsWith('http') ? `mailto:${target}` : target;
    return `<a href="${href}">${target}</a>`;
  });
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

// A voice gateway reads "482133" as a number; digits apart are read one by one.
const spellDigits = (code: string): string => code.split('').join(' ');
