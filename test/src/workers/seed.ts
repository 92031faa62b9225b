import { randomBytes } from 'node:crypto';
import { cryptoRandom } from '@resetline/adapters';
import {
  defaultSsprPolicy,
  resetStreamId,
  tenantStreamId,
  userStreamId,
  type EventStore,
  type Language,
  type Role,
  type SecretBox,
} from '@resetline/domain';

/** Appends the stored events the dispatcher reacts to, as the domain services would. */
export class Seed {
  readonly tenantId = `t${randomBytes(6).toString('hex')}`;

  constructor(
    private readonly store: EventStore,
    private readonly secretBox: SecretBox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async append(streamId: string, type: string, data: Record<string, unknown>, actorId = 'system') {
    const id = cryptoRandom.uuidv7();
    const result = await this.store.appendToStream(streamId, [
      {
        id,
        type,
        data,
        metadata: {
          tenantId: this.tenantId,
          actor: { kind: actorId === 'system' ? 'system' : 'admin', id: actorId },
          correlationId: `corr-${id}`,
        },
        occurredAt: this.now(),
      },
    ]);
    return { id, position: result.position };
  }

  async tenant(language: Language = 'en'): Promise<void> {
    const stream = tenantStreamId(this.tenantId);
    await this.append(stream, 'TenantCreated', {
      tenantId: this.tenantId,
      name: 'Contoso',
      tier: 'basic',
      language,
    });
    await this.append(stream, 'TenantBrandingUpdated', {
      branding: { displayName: 'Contoso <IT>', primaryColor: '#aa3300' },
      language,
    });
    await this.append(stream, 'SsprPolicyUpdated', {
      policy: {
        ...defaultSsprPolicy,
        scope: 'all',
        helpdesk: { url: 'https://help.contoso.example/sspr' },
      },
      previous: defaultSsprPolicy,
      changedFields: ['scope', 'helpdesk'],
    });
  }

  async user(options: {
    language?: Language;
    roles?: Role[];
    email?: string;
    phone?: string;
    displayName?: string;
  }): Promise<string> {
    const userId = `u${randomBytes(6).toString('hex')}`;
    const stream = userStreamId(userId);
    await this.append(stream, 'UserProvisioned', {
      userId,
      username: `${userId}@contoso.example`,
      displayName: options.displayName ?? `User ${userId}`,
      firstName: 'Jan',
      lastName: 'Jansen',
      source: 'cloud',
      roles: options.roles ?? ['user'],
      groups: [],
      language: options.language ?? 'en',
    });
    if (options.email) {
      await this.append(stream, 'SecurityInfoRegistered', {
        methodId: `${userId}-email`,
        method: 'email',
        target: options.email,
        maskedTarget: `${options.email[0]}***${options.email.slice(options.email.indexOf('@'))}`,
      });
    }
    if (options.phone) {
      await this.append(stream, 'SecurityInfoRegistered', {
        methodId: `${userId}-mobile`,
        method: 'mobilePhone',
        target: options.phone,
        maskedTarget: `${options.phone.slice(0, 3)} 6*****${options.phone.slice(-2)}`,
      });
    }
    return userId;
  }

  /** Starts a reset flow for the user and sends a code: returns the code and the event id. */
  async resetCode(
    userId: string,
    target: { channel: 'email' | 'sms' | 'voice'; to: string; masked: string },
  ): Promise<{ code: string; eventId: string; flowId: string }> {
    const flowId = randomBytes(16).toString('base64url');
    const code = cryptoRandom.digits(target.channel === 'email' ? 8 : 6);
    const expiresAt = new Date(this.now().getTime() + 5 * 60_000).toISOString();
    await this.append(resetStreamId(flowId), 'PasswordResetStarted', {
      flowId,
      username: `${userId}@contoso.example`,
      userId,
      purpose: 'reset',
      eligible: true,
      gatesRequired: 1,
      methods: [],
      unlockAllowed: false,
      expiresAt,
      policyVersion: 2,
    });
    const { id } = await this.append(resetStreamId(flowId), 'ResetCodeSent', {
      methodId: `${userId}-m`,
      method: target.channel === 'email' ? 'email' : 'mobilePhone',
      channel: target.channel,
      target: target.to,
      maskedTarget: target.masked,
      codeHash: `hash-${randomBytes(4).toString('hex')}`,
      sealedCode: this.secretBox.seal(code),
      expiresAt,
    });
    return { code, eventId: id, flowId };
  }
}
