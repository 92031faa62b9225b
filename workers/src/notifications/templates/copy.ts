import type { NotificationTemplate } from '@resetline/domain';

/** What a template may say: names, links and, in code messages only, the code. */
export type CopyParams = Readonly<{
  tenantName: string;
  code?: string;
  /** Minutes the code stays valid. */
  validMinutes?: number;
  subjectName?: string;
  username?: string;
  resetUrl?: string;
  securityInfoUrl?: string;
  /** Weekly digest: the week as dates, and the counts by activity. */
  period?: string;
  counts?: readonly Readonly<{ label: string; count: number }>[];
}>;

/** One message's words: a subject, paragraphs, and a short form for SMS and voice. */
export type Copy = Readonly<{
  subject: string;
  paragraphs: readonly string[];
  short: string;
}>;

export type Catalogue = Readonly<{
  templates: Readonly<Record<NotificationTemplate, (p: CopyParams) => Copy>>;
  helpdeskLine: (contact: string) => string;
  ignoreLine: string;
  activityLabels: Readonly<Record<string, string>>;
}>;
