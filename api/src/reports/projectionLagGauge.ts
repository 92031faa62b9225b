import type { EventStore } from '@resetline/domain';
import {
  projectionLag,
  readModels,
  type ClickHouse,
  type ProjectionLag,
} from '@resetline/projections';
import { Gauge, type Registry } from 'prom-client';

type LagDeps = Readonly<{ client: ClickHouse; eventStore: EventStore }>;

const lagGauge = (
  registry: Registry,
  deps: LagDeps,
  name: string,
  help: string,
  value: (lag: ProjectionLag) => number,
): void => {
  new Gauge({
    name,
    help,
    labelNames: ['projection'] as const,
    registers: [registry],
    // Measured on each scrape, so the figure is never older than the scrape.
    async collect() {
      for (const lag of await projectionLag(deps, readModels)) {
        this.set({ projection: lag.projection }, value(lag));
      }
    },
  });
};

/** `resetline_projection_lag_positions` and `_seconds`, per read model, for /metrics. */
export const registerProjectionLagGauge = (registry: Registry, deps: LagDeps): void => {
  lagGauge(
    registry,
    deps,
    'resetline_projection_lag_positions',
    'Events appended but not yet projected, per read model',
    (lag) => lag.positionsBehind,
  );
  lagGauge(
    registry,
    deps,
    'resetline_projection_lag_seconds',
    'Age of the oldest event not yet projected (0 when caught up), per read model',
    (lag) => lag.secondsBehind,
  );
};
