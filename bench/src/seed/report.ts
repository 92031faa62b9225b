import type { SeedSummary } from './summary.js';

const n = (value: number): string => value.toLocaleString('en-US');

/** The end-of-run report: events by type, tenants, time taken and rate. */
export const formatSummary = (summary: SeedSummary): string => {
  const lines: string[] = ['', 'events by type'];
  const types = Object.entries(summary.byType).sort(([, a], [, b]) => b - a);
  const width = Math.max(...types.map(([type]) => type.length));
  for (const [type, count] of types) {
    const share = ((count * 100) / summary.events).toFixed(1);
    lines.push(`  ${type.padEnd(width)} ${n(count).padStart(12)} ${share.padStart(5)}%`);
  }
  lines.push('', 'tenants');
  for (const [tenantId, t] of Object.entries(summary.byTenant)) {
    lines.push(
      `  ${tenantId.padEnd(24)} ${t.tier.padEnd(8)} ${n(t.users).padStart(9)} users ${n(t.events).padStart(12)} events`,
    );
  }
  lines.push(
    '',
    `${n(summary.events)} events, ${n(summary.tenants)} tenants, ${n(summary.users)} users in ${(summary.elapsedMs / 1000).toFixed(1)} s: ${n(summary.eventsPerSecond)} events/s`,
  );
  return lines.join('\n');
};
