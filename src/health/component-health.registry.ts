import { Injectable } from '@nestjs/common';

export type ComponentName = 'blockchain' | 'ai_model';
export type ComponentProbe = () => Promise<boolean>;

/**
 * Modules that own a component (the chain client, the credit model) register a probe here; a component
 * nobody has registered is reported `down`, because nothing provides it yet.
 */
@Injectable()
export class ComponentHealthRegistry {
  private readonly probes = new Map<ComponentName, ComponentProbe>();

  register(name: ComponentName, probe: ComponentProbe): void {
    this.probes.set(name, probe);
  }

  async status(name: ComponentName, timeoutMs = 2500): Promise<'up' | 'down'> {
    const probe = this.probes.get(name);
    if (!probe) return 'down';
    try {
      const ok = await Promise.race([
        probe(),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
      ]);
      return ok ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }
}
