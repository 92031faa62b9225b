import type { Catalogue } from './copy.js';

const notYou = 'If this was not you, contact your helpdesk at once.';

export const en: Catalogue = {
  templates: {
    resetCode: (p) => ({
      subject: `Your ${p.tenantName} verification code`,
      paragraphs: [
        `Your verification code to reset your password is ${p.code}.`,
        `It is valid for ${p.validMinutes} minutes. Never share it with anyone.`,
      ],
      short: `${p.tenantName}: your password reset code is ${p.code}. Valid ${p.validMinutes} min. Do not share it.`,
    }),
    registrationCode: (p) => ({
      subject: `Confirm your security info for ${p.tenantName}`,
      paragraphs: [
        `Your code to confirm this contact for password reset is ${p.code}.`,
        `It is valid for ${p.validMinutes} minutes. Never share it with anyone.`,
      ],
      short: `${p.tenantName}: your confirmation code is ${p.code}. Valid ${p.validMinutes} min. Do not share it.`,
    }),
    passwordReset: (p) => ({
      subject: `Your ${p.tenantName} password was reset`,
      paragraphs: [`The password of your account ${p.username} was just reset.`, notYou],
      short: `${p.tenantName}: the password of ${p.username} was reset. Not you? Contact your helpdesk.`,
    }),
    passwordChanged: (p) => ({
      subject: `Your ${p.tenantName} password was changed`,
      paragraphs: [`The password of your account ${p.username} was just changed.`, notYou],
      short: `${p.tenantName}: the password of ${p.username} was changed. Not you? Contact your helpdesk.`,
    }),
    accountUnlocked: (p) => ({
      subject: `Your ${p.tenantName} account was unlocked`,
      paragraphs: [`Your account ${p.username} was just unlocked.`, notYou],
      short: `${p.tenantName}: your account ${p.username} was unlocked. Not you? Contact your helpdesk.`,
    }),
    passwordResetByAdmin: (p) => ({
      subject: `An administrator reset your ${p.tenantName} password`,
      paragraphs: [
        `An administrator reset the password of your account ${p.username}.`,
        'Your administrator gives you what you need to sign in; we never send passwords.',
        notYou,
      ],
      short: `${p.tenantName}: an administrator reset the password of ${p.username}.`,
    }),
    adminPasswordReset: (p) => ({
      subject: `The password of administrator ${p.subjectName} was reset`,
      paragraphs: [
        `The password of ${p.subjectName} (${p.username}), an administrator of ${p.tenantName}, was reset.`,
        'You receive this because you are an administrator too. If you did not expect it, check the audit log.',
      ],
      short: `${p.tenantName}: the password of administrator ${p.username} was reset.`,
    }),
    resetInvitation: (p) => ({
      subject: `Reset your ${p.tenantName} password`,
      paragraphs: [
        `An administrator asked you to choose a new password for ${p.username}.`,
        `Open ${p.resetUrl} and follow the steps.`,
      ],
      short: `${p.tenantName}: choose a new password for ${p.username} at ${p.resetUrl}`,
    }),
    reconfirmReminder: (p) => ({
      subject: `Please review your ${p.tenantName} security info`,
      paragraphs: [
        'It is time to check that the phone numbers and e-mail addresses you registered for password reset are still yours.',
        `Review them at ${p.securityInfoUrl}.`,
      ],
      short: `${p.tenantName}: please review your security info at ${p.securityInfoUrl}`,
    }),
    complianceDigest: (p) => ({
      subject: `${p.tenantName}: password activity, ${p.period}`,
      paragraphs: [
        `Password management activity of ${p.tenantName} for ${p.period}:`,
        ...(p.counts ?? []).map((c) => `${c.label}: ${c.count}`),
      ],
      short: `${p.tenantName}: weekly password activity report is in your mailbox.`,
    }),
  },
  helpdeskLine: (contact) => `Need help? Contact your helpdesk: ${contact}`,
  ignoreLine: 'If you did not ask for this, you can ignore this message.',
  activityLabels: {
    resetsSelfService: 'Passwords reset (self-service)',
    resetsByAdmin: 'Passwords reset by an admin',
    changes: 'Passwords changed',
    unlocks: 'Accounts unlocked',
    resetFlowsStarted: 'Reset attempts started',
    resetFlowsFailed: 'Reset attempts failed',
    registrations: 'Security info registered',
    lockouts: 'Accounts locked',
    notificationsFailed: 'Messages not delivered',
  },
};
