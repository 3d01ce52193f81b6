import { DiscoveryService } from '@nestjs/core';

/** The components /api/health reports besides the database and Redis. */
export type ComponentName = 'blockchain' | 'ai_model';

/** What a `@HealthProbe` provider answers: whether its component works now. */
export interface ComponentProbe {
  healthy(): Promise<boolean>;
}

/** Discoverable by HealthService; exported only as HealthProbe, which makes the name required. */
export const healthProbe = DiscoveryService.createDecorator<ComponentName>();

/**
 * Marks the provider that probes a component (it implements ComponentProbe). HealthService finds it by
 * discovery, so the owning module needs nothing from health but this decorator.
 */
export const HealthProbe = (name: ComponentName): ClassDecorator => healthProbe(name);
