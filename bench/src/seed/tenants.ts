import {
  decideTenant,
  evolveTenant,
  initialTenantState,
  ResetlineError,
  tenantStreamId,
  type MethodKind,
  type PolicyPatch,
  type SsprPolicy,
  type TenantCommand,
  type Tier,
} from '@resetline/domain';
import { track } from './eventWriter.js';
import { activeTenant, metadataFor, systemActor, type SeedTenant, type Sim } from './sim.js';
import { groupNames, tenantNames } from './vocabulary.js';

const methodSets: readonly (readonly MethodKind[])[] = [
  ['email', 'mobilePhone'],
  ['email', 'mobilePhone', 'authenticator'],
  ['email', 'mobilePhone', 'officePhone', 'authenticator', 'securityQuestions'],
  ['email', 'mobilePhone', 'securityQuestions'],
  ['email', 'authenticator'],
];

const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** Fictional company names, numbered once the list runs out. */
export const tenantIdentity = (
  index: number,
  idSuffix = '',
): { tenantId: string; name: string } => {
  const base = tenantNames[index % tenantNames.length]!;
  const round = Math.floor(index / tenantNames.length);
  const name = round === 0 ? base : `${base} ${round + 1}`;
  return { tenantId: `${slug(name)}${idSuffix}`, name };
};

const tierFor = (sim: Sim, index: number): Tier => {
  if (index === 0) return 'premium';
  if (index === 1) return 'basic';
  return sim.prng.weighted<Tier>({ premium: 45, basic: 40, free: 15 });
};

/** Runs one tenant command through the real decider; a refusal records nothing, as in the service. */
export const decideForTenant = (sim: Sim, tenant: SeedTenant, command: TenantCommand): void => {
  try {
    sim.writer.record(
      tenant.stream,
      decideTenant(command, tenant.stream.state),
      evolveTenant,
      command.metadata,
    );
  } catch (error) {
    if (!(error instanceof ResetlineError)) throw error;
  }
};

const initialSsprPatch = (sim: Sim, tier: Tier): PolicyPatch<SsprPolicy> => {
  const allowedMethods = [...sim.prng.pick(methodSets)];
  const scope = sim.prng.weighted<SsprPolicy['scope']>({ all: 60, selected: 32, none: 8 });
  const toRegister = sim.prng.between(3, 5);
  return {
    scope,
    selectedGroups: scope === 'selected' ? ['sspr-pilot', sim.prng.pick(groupNames)] : [],
    allowedMethods,
    gatesRequired: allowedMethods.length >= 2 && sim.prng.chance(0.3) ? 2 : 1,
    securityQuestions: {
      toRegister,
      toAnswer: sim.prng.between(3, toRegister),
      customQuestions: sim.prng.chance(0.3)
        ? ['What was the name of your first team at work?']
        : [],
    },
    reconfirmAfterDays: sim.prng.pick([0, 30, 90, 180]),
    allowUnlockWithoutReset: sim.prng.chance(0.5),
    writebackEnabled: tier === 'premium' && sim.prng.chance(0.7),
    adminTemporaryPassword: sim.prng.chance(0.3),
    helpdesk: { email: 'helpdesk@it.example' },
  };
};

/** TenantCreated, then the admin's first policy choices: every change through the decider. */
export const createTenant = (sim: Sim, index: number, idSuffix = ''): SeedTenant => {
  const { tenantId, name } = tenantIdentity(index, idSuffix);
  const tenant: SeedTenant = {
    tenantId,
    name,
    domain: `${tenantId}.example`,
    stream: track(tenantStreamId(tenantId), initialTenantState()),
    users: [],
    helpdesk: [],
  };
  const tier = tierFor(sim, index);
  const language = sim.prng.chance(0.75) ? 'en' : 'nl';
  const meta = () => metadataFor(sim, tenantId, systemActor);
  decideForTenant(sim, tenant, {
    type: 'CreateTenant',
    data: { tenantId, name, tier, language },
    metadata: meta(),
  });
  sim.at += 60_000;
  decideForTenant(sim, tenant, {
    type: 'UpdateSsprPolicy',
    data: { patch: initialSsprPatch(sim, tier) },
    metadata: meta(),
  });
  decideForTenant(sim, tenant, {
    type: 'UpdatePasswordPolicy',
    data: {
      patch: {
        minLength: sim.prng.pick([8, 8, 10, 12, 15]),
        historyDepth: sim.prng.pick([1, 1, 3, 5, 12]),
        requireThreeOfFourClasses: sim.prng.chance(0.2),
        customBannedPasswords: [slug(name).split('-')[0]!.padEnd(4, 'x').slice(0, 16), 'resetline'],
        enforceCustomList: sim.prng.chance(0.4),
      },
    },
    metadata: meta(),
  });
  if (sim.prng.chance(0.5)) {
    const threshold = sim.prng.pick([5, 10]);
    decideForTenant(sim, tenant, {
      type: 'UpdateLockoutPolicy',
      data: { patch: { threshold, durationSeconds: sim.prng.pick([60, 120, 300]) } },
      metadata: meta(),
    });
  }
  decideForTenant(sim, tenant, {
    type: 'UpdateBranding',
    data: { branding: { displayName: `${name} IT`, primaryColor: '#1a73e8' } },
    metadata: meta(),
  });
  return tenant;
};

export type PolicyChange = Readonly<{ at: number; tenant: SeedTenant }>;

/** A few policy changes per tenant per month, spread over the period. */
export const schedulePolicyChanges = (
  sim: Sim,
  tenants: readonly SeedTenant[],
  fromMs: number,
  toMs: number,
): PolicyChange[] => {
  const months = Math.max(1, (toMs - fromMs) / (30 * 86_400_000));
  const changes = tenants.flatMap((tenant) =>
    Array.from({ length: Math.round(months * sim.prng.between(1, 3)) }, () => ({
      at: fromMs + sim.prng.float() * (toMs - fromMs),
      tenant,
    })),
  );
  return changes.sort((a, b) => a.at - b.at);
};

/** What admins change once SSPR is live: widen the scope, add methods, tighten or relax rules. */
export const changePolicy = (sim: Sim, change: PolicyChange): void => {
  const { tenant } = change;
  const current = activeTenant(tenant);
  const actor = tenant.admin ? { kind: 'admin' as const, id: tenant.admin.userId } : systemActor;
  const metadata = metadataFor(sim, tenant.tenantId, actor);
  const sspr = current.ssprPolicy;
  const kind = sim.prng.weighted({
    widenScope: sspr.scope === 'all' ? 0 : 3,
    methods: 3,
    gates: 1,
    unlock: 1,
    lockout: 2,
    password: 2,
    tier: current.tier === 'premium' ? 0.3 : 1.5,
    writeback: current.tier === 'premium' ? 1 : 0,
  });
  const sspPatch = (patch: PolicyPatch<SsprPolicy>): TenantCommand => ({
    type: 'UpdateSsprPolicy',
    data: { patch },
    metadata,
  });
  switch (kind) {
    case 'widenScope':
      return decideForTenant(
        sim,
        tenant,
        sspPatch({
          scope: sspr.scope === 'none' ? 'selected' : 'all',
          selectedGroups: sspr.selectedGroups.length > 0 ? sspr.selectedGroups : ['sspr-pilot'],
        }),
      );
    case 'methods': {
      const allowedMethods = [...sim.prng.pick(methodSets)];
      const gatesRequired = allowedMethods.length < 2 ? 1 : sspr.gatesRequired;
      return decideForTenant(sim, tenant, sspPatch({ allowedMethods, gatesRequired }));
    }
    case 'gates':
      return decideForTenant(
        sim,
        tenant,
        sspPatch({
          gatesRequired: sspr.gatesRequired === 1 && sspr.allowedMethods.length >= 2 ? 2 : 1,
        }),
      );
    case 'unlock':
      return decideForTenant(
        sim,
        tenant,
        sspPatch({ allowUnlockWithoutReset: !sspr.allowUnlockWithoutReset }),
      );
    case 'writeback':
      return decideForTenant(sim, tenant, sspPatch({ writebackEnabled: !sspr.writebackEnabled }));
    case 'lockout':
      return decideForTenant(sim, tenant, {
        type: 'UpdateLockoutPolicy',
        data: {
          patch: {
            threshold: sim.prng.pick([5, 10, 15]),
            durationSeconds: sim.prng.pick([60, 300]),
          },
        },
        metadata,
      });
    case 'password':
      return decideForTenant(sim, tenant, {
        type: 'UpdatePasswordPolicy',
        data: {
          patch: { minLength: sim.prng.pick([8, 12, 15]), historyDepth: sim.prng.pick([1, 5, 24]) },
        },
        metadata,
      });
    case 'tier': {
      const tier: Tier =
        current.tier === 'free' ? 'basic' : current.tier === 'basic' ? 'premium' : 'basic';
      return decideForTenant(sim, tenant, { type: 'ChangeTenantTier', data: { tier }, metadata });
    }
  }
};
