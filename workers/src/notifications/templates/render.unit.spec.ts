import { describe, expect, it } from 'vitest';
import { notificationTemplates } from '@resetline/domain';
import { renderMessage, type Branding } from './render.js';

const branding: Branding = {
  displayName: 'Contoso <script>',
  primaryColor: '#aa3300',
  helpdeskEmail: 'help@contoso.example',
};
const CODE = '48213377';
const params = {
  code: CODE,
  validMinutes: 5,
  username: 'jan@contoso.example',
  subjectName: 'Jan',
  resetUrl: 'https://sspr.example/reset',
  securityInfoUrl: 'https://sspr.example/register',
  period: '2026-03-02 – 2026-03-09',
  counts: [{ label: 'Passwords changed', count: 3 }],
};

describe('renderMessage', () => {
  it('writes a code e-mail in Dutch for a Dutch reader, with text and HTML', () => {
    const mail = renderMessage({
      template: 'resetCode',
      channel: 'email',
      language: 'nl',
      branding,
      params,
    });
    expect(mail.subject).toBe('Uw verificatiecode voor Contoso <script>');
    expect(mail.text).toContain(
      `Uw verificatiecode om uw wachtwoord opnieuw in te stellen is ${CODE}.`,
    );
    expect(mail.html).toContain(CODE);
    expect(mail.text).toContain(
      'Hulp nodig? Neem contact op met uw helpdesk: help@contoso.example',
    );
  });

  it('escapes the branding in HTML and links the helpdesk', () => {
    const mail = renderMessage({
      template: 'passwordChanged',
      channel: 'email',
      language: 'en',
      branding,
      params,
    });
    expect(mail.html).toContain('Contoso &lt;script&gt;');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('background:#aa3300');
    expect(mail.html).toContain('<a href="mailto:help@contoso.example">help@contoso.example</a>');
  });

  it('puts the code in code messages only, whatever the template is given', () => {
    for (const template of notificationTemplates) {
      for (const channel of ['email', 'sms', 'voice'] as const) {
        const message = renderMessage({ template, channel, language: 'en', branding, params });
        const all = `${message.subject ?? ''}${message.text}${message.html ?? ''}`;
        const expectsCode = template === 'resetCode' || template === 'registrationCode';
        const spoken = CODE.split('').join(' ');
        expect(all.includes(CODE) || all.includes(spoken), `${template}/${channel}`).toBe(
          expectsCode,
        );
      }
    }
  });

  it('sends SMS as one short text and spells the code out for voice', () => {
    const sms = renderMessage({
      template: 'resetCode',
      channel: 'sms',
      language: 'en',
      branding,
      params,
    });
    expect(sms).toEqual({
      text: `Contoso <script>: your password reset code is ${CODE}. Valid 5 min. Do not share it.`,
    });
    const voice = renderMessage({
      template: 'resetCode',
      channel: 'voice',
      language: 'nl',
      branding,
      params,
    });
    expect(voice.text).toContain('4 8 2 1 3 3 7 7');
  });
});
