import type { Catalogue } from './copy.js';

const notYou = 'Was u dit niet? Neem dan direct contact op met uw helpdesk.';

export const nl: Catalogue = {
  templates: {
    resetCode: (p) => ({
      subject: `Uw verificatiecode voor ${p.tenantName}`,
      paragraphs: [
        `Uw verificatiecode om uw wachtwoord opnieuw in te stellen is ${p.code}.`,
        `De code is ${p.validMinutes} minuten geldig. Deel hem nooit met iemand.`,
      ],
      short: `${p.tenantName}: uw code om uw wachtwoord opnieuw in te stellen is ${p.code}. ${p.validMinutes} min geldig. Deel hem niet.`,
    }),
    registrationCode: (p) => ({
      subject: `Bevestig uw beveiligingsgegevens voor ${p.tenantName}`,
      paragraphs: [
        `Uw code om dit contactadres voor wachtwoordherstel te bevestigen is ${p.code}.`,
        `De code is ${p.validMinutes} minuten geldig. Deel hem nooit met iemand.`,
      ],
      short: `${p.tenantName}: uw bevestigingscode is ${p.code}. ${p.validMinutes} min geldig. Deel hem niet.`,
    }),
    passwordReset: (p) => ({
      subject: `Uw wachtwoord voor ${p.tenantName} is opnieuw ingesteld`,
      paragraphs: [
        `Het wachtwoord van uw account ${p.username} is zojuist opnieuw ingesteld.`,
        notYou,
      ],
      short: `${p.tenantName}: het wachtwoord van ${p.username} is opnieuw ingesteld. Was u dit niet? Bel uw helpdesk.`,
    }),
    passwordChanged: (p) => ({
      subject: `Uw wachtwoord voor ${p.tenantName} is gewijzigd`,
      paragraphs: [`Het wachtwoord van uw account ${p.username} is zojuist gewijzigd.`, notYou],
      short: `${p.tenantName}: het wachtwoord van ${p.username} is gewijzigd. Was u dit niet? Bel uw helpdesk.`,
    }),
    accountUnlocked: (p) => ({
      subject: `Uw account bij ${p.tenantName} is ontgrendeld`,
      paragraphs: [`Uw account ${p.username} is zojuist ontgrendeld.`, notYou],
      short: `${p.tenantName}: uw account ${p.username} is ontgrendeld. Was u dit niet? Bel uw helpdesk.`,
    }),
    passwordResetByAdmin: (p) => ({
      subject: `Een beheerder heeft uw wachtwoord voor ${p.tenantName} opnieuw ingesteld`,
      paragraphs: [
        `Een beheerder heeft het wachtwoord van uw account ${p.username} opnieuw ingesteld.`,
        'Uw beheerder geeft u wat u nodig hebt om in te loggen; wij versturen nooit wachtwoorden.',
        notYou,
      ],
      short: `${p.tenantName}: een beheerder heeft het wachtwoord van ${p.username} opnieuw ingesteld.`,
    }),
    adminPasswordReset: (p) => ({
      subject: `Het wachtwoord van beheerder ${p.subjectName} is opnieuw ingesteld`,
      paragraphs: [
        `Het wachtwoord van ${p.subjectName} (${p.username}), beheerder bij ${p.tenantName}, is opnieuw ingesteld.`,
        'U ontvangt dit bericht omdat u ook beheerder bent. Verwachtte u dit niet, bekijk dan het auditlogboek.',
      ],
      short: `${p.tenantName}: het wachtwoord van beheerder ${p.username} is opnieuw ingesteld.`,
    }),
    resetInvitation: (p) => ({
      subject: `Stel een nieuw wachtwoord in voor ${p.tenantName}`,
      paragraphs: [
        `Een beheerder vraagt u een nieuw wachtwoord te kiezen voor ${p.username}.`,
        `Open ${p.resetUrl} en volg de stappen.`,
      ],
      short: `${p.tenantName}: kies een nieuw wachtwoord voor ${p.username} via ${p.resetUrl}`,
    }),
    reconfirmReminder: (p) => ({
      subject: `Controleer uw beveiligingsgegevens voor ${p.tenantName}`,
      paragraphs: [
        'Het is tijd om te controleren of de telefoonnummers en e-mailadressen die u voor wachtwoordherstel hebt geregistreerd nog van u zijn.',
        `Controleer ze via ${p.securityInfoUrl}.`,
      ],
      short: `${p.tenantName}: controleer uw beveiligingsgegevens via ${p.securityInfoUrl}`,
    }),
    complianceDigest: (p) => ({
      subject: `${p.tenantName}: wachtwoordactiviteit, ${p.period}`,
      paragraphs: [
        `Activiteit in wachtwoordbeheer van ${p.tenantName} over ${p.period}:`,
        ...(p.counts ?? []).map((c) => `${c.label}: ${c.count}`),
      ],
      short: `${p.tenantName}: het wekelijkse rapport over wachtwoordactiviteit staat in uw mailbox.`,
    }),
  },
  helpdeskLine: (contact) => `Hulp nodig? Neem contact op met uw helpdesk: ${contact}`,
  ignoreLine: 'Hebt u hier niet om gevraagd, dan kunt u dit bericht negeren.',
  activityLabels: {
    resetsSelfService: 'Wachtwoorden opnieuw ingesteld (selfservice)',
    resetsByAdmin: 'Wachtwoorden opnieuw ingesteld door een beheerder',
    changes: 'Wachtwoorden gewijzigd',
    unlocks: 'Accounts ontgrendeld',
    resetFlowsStarted: 'Herstelpogingen gestart',
    resetFlowsFailed: 'Herstelpogingen mislukt',
    registrations: 'Beveiligingsgegevens geregistreerd',
    lockouts: 'Accounts vergrendeld',
    notificationsFailed: 'Berichten niet bezorgd',
  },
};
